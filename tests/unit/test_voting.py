"""Eligibility, representative/deputy precedence, choice validation and tallies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rakbot.domain.voting import (
    BallotKind,
    Choice,
    ChoiceError,
    DateCounts,
    DatePollTally,
    DecisionTally,
    InvalidChoice,
    OptionTally,
    ScoreStats,
    ScoreTally,
    Seat,
    Vote,
    VoteRefusal,
    VoterRole,
    all_voted,
    can_vote,
    counted_votes,
    eligible_seats,
    excluded_seats,
    missing_seats,
    tally,
    validate_choice,
)

REP = VoterRole.REPRESENTATIVE
DEP = VoterRole.DEPUTY
T0 = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)
SEATS = [
    Seat(1, "Landkreis Börde"),
    Seat(2, "Jobcenter Börde"),
    Seat(3, "Agentur für Arbeit"),
    Seat(4, "IHK Magdeburg"),
    Seat(5, "Handwerkskammer"),
    Seat(6, "DGB"),
    Seat(7, "Liga der Wohlfahrtsverbände"),
    Seat(8, "Gleichstellungsbeauftragte"),
    Seat(9, "Koordinierungsstelle", has_vote=False),
]


def vote(
    inst: int, choice: Choice, *, role: VoterRole = REP, minute: int = 0, member: int = 0
) -> Vote:
    return Vote(
        institution_id=inst,
        member_id=member or inst * 10 + (role is DEP),
        role=role,
        choice=choice,
        cast_at=T0 + timedelta(minutes=minute),
    )


@pytest.mark.parametrize(
    ("role", "has_vote", "excluded", "ballot_open", "expected"),
    [
        (None, True, False, True, VoteRefusal.NOT_MEMBER),
        (None, False, True, False, VoteRefusal.NOT_MEMBER),
        (VoterRole.GUEST, True, False, True, VoteRefusal.GUEST),
        (VoterRole.COORDINATOR, True, False, True, VoteRefusal.NO_VOTING_RIGHT),
        (REP, False, False, True, VoteRefusal.NO_VOTING_RIGHT),
        (DEP, False, True, True, VoteRefusal.NO_VOTING_RIGHT),
        (REP, True, True, True, VoteRefusal.EXCLUDED_CONFLICT),
        (DEP, True, True, False, VoteRefusal.EXCLUDED_CONFLICT),
        (REP, True, False, False, VoteRefusal.BALLOT_CLOSED),
        (REP, True, False, True, None),
        (DEP, True, False, True, None),
    ],
)
def test_can_vote(
    role: VoterRole | None,
    has_vote: bool,
    excluded: bool,
    ballot_open: bool,
    expected: VoteRefusal | None,
) -> None:
    assert can_vote(role, has_vote, excluded, ballot_open=ballot_open) == expected


def test_eligible_and_excluded_seats_skip_seats_without_vote() -> None:
    eligible = eligible_seats(SEATS, {2, 9})
    assert [s.institution_id for s in eligible] == [1, 3, 4, 5, 6, 7, 8]
    assert excluded_seats(SEATS, {2, 9, 42}) == [Seat(2, "Jobcenter Börde")]


@pytest.mark.parametrize(
    ("votes", "expected_member", "expected_choice"),
    [
        ([vote(1, "yes"), vote(1, "no", role=DEP, minute=1)], 10, "yes"),
        ([vote(1, "no", role=DEP), vote(1, "yes", minute=1)], 10, "yes"),
        ([vote(1, "no", role=DEP)], 11, "no"),
        ([vote(1, "no", role=DEP), vote(1, "yes", role=DEP, minute=2)], 11, "yes"),
        ([vote(1, "yes", minute=5), vote(1, "no", minute=1)], 10, "yes"),
        ([vote(1, "yes"), vote(1, "abstain")], 10, "abstain"),
        (
            [
                vote(1, "yes", role=DEP, member=12, minute=1),
                vote(1, "no", role=DEP, member=13, minute=3),
            ],
            13,
            "no",
        ),
        (
            [
                vote(1, "no", role=DEP, member=13, minute=3),
                vote(1, "yes", role=DEP, member=12, minute=3),
            ],
            12,
            "yes",
        ),
    ],
    ids=[
        "rep-then-deputy",
        "deputy-then-rep",
        "deputy-alone",
        "deputy-changes",
        "rep-changes-latest-timestamp-wins",
        "same-timestamp-later-wins",
        "two-deputies-latest-wins",
        "two-deputies-same-time-lower-id",
    ],
)
def test_counted_votes_precedence(
    votes: list[Vote], expected_member: int, expected_choice: str
) -> None:
    counted = counted_votes(votes, {1})
    assert list(counted) == [1]
    assert counted[1].member_id == expected_member
    assert counted[1].choice == expected_choice


def test_counted_votes_ignores_excluded_guests_and_coordinators() -> None:
    votes = [
        vote(2, "yes"),
        vote(2, "yes", role=DEP),
        vote(3, "yes", role=VoterRole.GUEST),
        vote(4, "yes", role=VoterRole.COORDINATOR),
        vote(5, "no", role=DEP),
        vote(99, "yes"),
    ]
    counted = counted_votes(votes, {1, 3, 4, 5})
    assert list(counted) == [5]


def test_counted_votes_are_keyed_in_institution_order() -> None:
    counted = counted_votes([vote(3, "yes"), vote(1, "no"), vote(2, "yes")], {1, 2, 3})
    assert list(counted) == [1, 2, 3]


def test_missing_seats_and_all_voted() -> None:
    eligible = eligible_seats(SEATS, {2})
    counted = counted_votes([vote(i, "yes") for i in (1, 3, 4, 5, 6)], {1, 3, 4, 5, 6, 7, 8})
    assert [s.name for s in missing_seats(eligible, counted)] == [
        "Liga der Wohlfahrtsverbände",
        "Gleichstellungsbeauftragte",
    ]
    assert not all_voted(eligible, counted)
    counted = counted_votes([vote(i, "no") for i in (1, 3, 4, 5, 6, 7, 8)], {1, 3, 4, 5, 6, 7, 8})
    assert all_voted(eligible, counted)
    assert all_voted([], {})


@pytest.mark.parametrize(
    ("kind", "choice", "options", "max_choices", "reason"),
    [
        (BallotKind.DECISION, ("yes",), (), None, ChoiceError.WRONG_TYPE),
        (BallotKind.DECISION, "ja", (), None, ChoiceError.INVALID_ANSWER),
        (BallotKind.SINGLE, "a", ("a", "b"), None, ChoiceError.WRONG_TYPE),
        (BallotKind.SINGLE, ("a", "b"), ("a", "b"), None, ChoiceError.TOO_MANY_CHOICES),
        (BallotKind.SINGLE, ("c",), ("a", "b"), None, ChoiceError.UNKNOWN_OPTION),
        (BallotKind.MULTI, ("a", "a"), ("a", "b"), 2, ChoiceError.DUPLICATE_OPTION),
        (BallotKind.MULTI, ("a", "b", "c"), ("a", "b", "c"), 2, ChoiceError.TOO_MANY_CHOICES),
        (BallotKind.DATE_POLL, ("a",), ("a",), None, ChoiceError.WRONG_TYPE),
        (BallotKind.DATE_POLL, {}, ("a",), None, ChoiceError.EMPTY),
        (BallotKind.DATE_POLL, {"z": "yes"}, ("a",), None, ChoiceError.UNKNOWN_OPTION),
        (BallotKind.DATE_POLL, {"a": "vielleicht"}, ("a",), None, ChoiceError.INVALID_ANSWER),
        (BallotKind.SCORE, {"a": 11}, ("a",), None, ChoiceError.SCORE_OUT_OF_RANGE),
        (BallotKind.SCORE, {"a": -1}, ("a",), None, ChoiceError.SCORE_OUT_OF_RANGE),
        (BallotKind.SCORE, {"a": 7.5}, ("a",), None, ChoiceError.WRONG_TYPE),
        (BallotKind.SCORE, {"a": True}, ("a",), None, ChoiceError.WRONG_TYPE),
        (BallotKind.SCORE, {}, ("a",), None, ChoiceError.EMPTY),
    ],
)
def test_validate_choice_refuses(
    kind: BallotKind,
    choice: object,
    options: tuple[str, ...],
    max_choices: int | None,
    reason: ChoiceError,
) -> None:
    with pytest.raises(InvalidChoice) as caught:
        validate_choice(kind, choice, options, max_choices)  # type: ignore[arg-type]
    assert caught.value.reason is reason


@pytest.mark.parametrize(
    ("kind", "choice", "options", "max_choices"),
    [
        (BallotKind.DECISION, "yes", (), None),
        (BallotKind.DECISION, "abstain", (), None),
        (BallotKind.SINGLE, ("b",), ("a", "b"), None),
        (BallotKind.SINGLE, (), ("a", "b"), None),
        (BallotKind.MULTI, ("a", "c"), ("a", "b", "c"), 2),
        (BallotKind.MULTI, ("a", "b", "c"), ("a", "b", "c"), None),
        (BallotKind.DATE_POLL, {"a": "maybe", "b": "no"}, ("a", "b"), None),
        (BallotKind.SCORE, {"a": 0, "b": 10}, ("a", "b"), None),
    ],
)
def test_validate_choice_accepts(
    kind: BallotKind, choice: Choice, options: tuple[str, ...], max_choices: int | None
) -> None:
    assert validate_choice(kind, choice, options, max_choices) is None


def counted(*votes: Vote) -> dict[int, Vote]:
    return {v.institution_id: v for v in votes}


def option_tally(kind: BallotKind, options: tuple[str, ...], *votes: Vote) -> OptionTally:
    result = tally(kind, options, counted(*votes))
    assert isinstance(result, OptionTally)
    return result


def date_tally(options: tuple[str, ...], *votes: Vote) -> DatePollTally:
    result = tally(BallotKind.DATE_POLL, options, counted(*votes))
    assert isinstance(result, DatePollTally)
    return result


def score_tally(options: tuple[str, ...], *votes: Vote) -> ScoreTally:
    result = tally(BallotKind.SCORE, options, counted(*votes))
    assert isinstance(result, ScoreTally)
    return result


def test_tally_decision() -> None:
    result = tally(
        BallotKind.DECISION,
        (),
        counted(vote(1, "yes"), vote(2, "yes"), vote(3, "no"), vote(4, "abstain")),
    )
    assert result == DecisionTally(yes=2, no=1, abstain=1)
    assert result.ballots == 4


def test_tally_single_with_leader_and_abstention() -> None:
    result = option_tally(
        BallotKind.SINGLE,
        ("a", "b", "c"),
        vote(1, ("b",)),
        vote(2, ("b",)),
        vote(3, ("a",)),
        vote(4, ()),
    )
    assert dict(result.counts) == {"a": 1, "b": 2, "c": 0}
    assert result.leaders == ("b",)
    assert result.abstain == 1
    assert result.ballots == 4


def test_tally_multi_reports_all_tied_leaders() -> None:
    result = option_tally(
        BallotKind.MULTI, ("a", "b", "c"), vote(1, ("a", "b")), vote(2, ("b", "a")), vote(3, ("c",))
    )
    assert dict(result.counts) == {"a": 2, "b": 2, "c": 1}
    assert result.leaders == ("a", "b")


def test_tally_options_without_votes_has_no_leader() -> None:
    result = option_tally(BallotKind.SINGLE, ("a", "b"), vote(1, ()))
    assert result.leaders == ()


@pytest.mark.parametrize(
    ("answers", "best"),
    [
        ([{"mo": "yes", "di": "yes"}, {"mo": "no", "di": "yes"}], "di"),
        ([{"mo": "yes", "di": "yes"}, {"mo": "maybe", "di": "no"}], "mo"),
        ([{"mo": "maybe", "di": "maybe", "mi": "yes"}, {"mi": "no"}], "mi"),
        ([{"mo": "no", "di": "maybe"}, {"mo": "maybe", "di": "no"}], "mo"),
        ([{"mo": "no", "di": "no", "mi": "no"}], None),
    ],
    ids=["most-yes", "then-most-maybe", "yes-beats-maybe", "then-earliest", "nobody-can"],
)
def test_tally_date_poll_best(answers: list[dict[str, str]], best: str | None) -> None:
    votes = [vote(i + 1, a) for i, a in enumerate(answers)]
    result = date_tally(("mo", "di", "mi"), *votes)
    assert result.best == best
    assert result.ballots == len(answers)


def test_tally_date_poll_counts_per_option() -> None:
    result = date_tally(("mo", "di"), vote(1, {"mo": "yes", "di": "maybe"}), vote(2, {"mo": "no"}))
    assert result.counts == {
        "mo": DateCounts(yes=1, maybe=0, no=1),
        "di": DateCounts(yes=0, maybe=1, no=0),
    }


def test_tally_score_mean_over_scoring_seats_and_ranking() -> None:
    result = score_tally(
        ("p1", "p2", "p3", "p4"),
        vote(1, {"p1": 6, "p2": 8, "p3": 7}),
        vote(2, {"p1": 8, "p2": 6}),
        vote(3, {"p1": 7}),
    )
    scores = result.scores
    assert scores["p1"] == ScoreStats(total=21, count=3)
    assert scores["p1"].mean == 7.0
    assert scores["p2"].mean == 7.0
    assert scores["p3"].mean == 7.0
    assert scores["p4"].mean is None
    assert result.ranking == ("p1", "p2", "p3", "p4")


def test_tally_score_ranks_by_mean_descending() -> None:
    result = score_tally(
        ("a", "b", "c"), vote(1, {"a": 3, "b": 9, "c": 5}), vote(2, {"a": 4, "b": 10})
    )
    assert result.ranking == ("b", "c", "a")
    assert result.scores["b"].mean == 9.5


def test_tally_refuses_malformed_stored_choice() -> None:
    with pytest.raises(InvalidChoice):
        tally(BallotKind.DECISION, (), counted(vote(1, "vielleicht")))


def test_tally_refuses_duplicate_options() -> None:
    with pytest.raises(ValueError, match="unique"):
        tally(BallotKind.SINGLE, ("a", "a"), {})
