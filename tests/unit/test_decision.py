"""Quorum, majority, conflicts of interest, the written procedure and the outcome per kind."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rakbot.domain.decision import (
    ConsentAnswer,
    ConsentState,
    Outcome,
    OutcomeStatus,
    VotingRules,
    consent_outcome,
    decide,
    quorum_met,
    quorum_needed,
)
from rakbot.domain.voting import (
    BallotKind,
    Choice,
    DecisionTally,
    ScoreTally,
    Seat,
    Vote,
    VoterRole,
)

REP = VoterRole.REPRESENTATIVE
DEP = VoterRole.DEPUTY
T0 = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)
RULES = VotingRules()
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


def vote(inst: int, choice: Choice, *, role: VoterRole = REP, minute: int = 0) -> Vote:
    return Vote(
        institution_id=inst,
        member_id=inst * 10 + (role is DEP),
        role=role,
        choice=choice,
        cast_at=T0 + timedelta(minutes=minute),
    )


def decisions(*choices: str, start: int = 1) -> list[Vote]:
    """One representative vote per institution, institutions numbered from `start`."""
    return [vote(start + i, c) for i, c in enumerate(choices)]


def meeting(
    votes: list[Vote],
    excluded: frozenset[int] = frozenset(),
    *,
    kind: BallotKind = BallotKind.DECISION,
    options: tuple[str, ...] = (),
    rules: VotingRules = RULES,
    final: bool = True,
) -> Outcome:
    return decide(kind, SEATS, excluded, votes, options, rules, written=False, final=final)


def written(
    votes: list[Vote],
    consent: ConsentState = ConsentState.AGREED,
    excluded: frozenset[int] = frozenset(),
    *,
    rules: VotingRules = RULES,
    final: bool = True,
) -> Outcome:
    return decide(
        BallotKind.DECISION,
        SEATS,
        excluded,
        votes,
        (),
        rules,
        written=True,
        final=final,
        consent=consent,
    )


@pytest.mark.parametrize(
    ("eligible", "needed"),
    [(0, 1), (1, 1), (2, 2), (3, 2), (6, 4), (7, 4), (8, 5), (12, 7)],
)
def test_quorum_needed_is_more_than_half(eligible: int, needed: int) -> None:
    assert quorum_needed(eligible, RULES) == needed
    assert quorum_met(needed, eligible, RULES)
    assert not quorum_met(needed - 1, eligible, RULES)


def test_quorum_fraction_is_configurable() -> None:
    two_thirds = VotingRules(quorum_numerator=2, quorum_denominator=3)
    assert quorum_needed(8, two_thirds) == 6
    assert quorum_needed(9, two_thirds) == 7
    assert not quorum_met(6, 9, two_thirds)


@pytest.mark.parametrize(("numerator", "denominator"), [(1, 0), (2, 2), (3, 2), (-1, 2)])
def test_rules_refuse_impossible_quorum(numerator: int, denominator: int) -> None:
    with pytest.raises(ValueError, match="quorum"):
        VotingRules(quorum_numerator=numerator, quorum_denominator=denominator)


@pytest.mark.parametrize(
    ("choices", "status", "yes", "no", "abstain"),
    [
        (("yes",) * 5 + ("no",) * 3, OutcomeStatus.ACCEPTED, 5, 3, 0),
        (("yes",) * 4 + ("no",) * 4, OutcomeStatus.REJECTED, 4, 4, 0),
        (("yes", "no", "abstain", "abstain", "abstain"), OutcomeStatus.REJECTED, 1, 1, 3),
        (("yes", "abstain", "abstain", "abstain", "abstain"), OutcomeStatus.ACCEPTED, 1, 0, 4),
        (("abstain",) * 8, OutcomeStatus.REJECTED, 0, 0, 8),
        (("yes", "yes", "no", "no", "no", "abstain"), OutcomeStatus.REJECTED, 2, 3, 1),
    ],
    ids=["majority", "tie-rejects", "abstain-tie", "abstain-ignored", "all-abstain", "no-wins"],
)
def test_simple_majority(
    choices: tuple[str, ...], status: OutcomeStatus, yes: int, no: int, abstain: int
) -> None:
    outcome = meeting(decisions(*choices))
    assert outcome.status is status
    assert outcome.tally == DecisionTally(yes=yes, no=no, abstain=abstain)
    assert outcome.quorum_met


@pytest.mark.parametrize(
    ("choices", "excluded", "status", "eligible", "participated"),
    [
        (("yes",) * 4, frozenset(), OutcomeStatus.NO_QUORUM, 8, 4),
        (("yes",) * 5, frozenset(), OutcomeStatus.ACCEPTED, 8, 5),
        (("abstain",) * 3 + ("yes", "no"), frozenset(), OutcomeStatus.REJECTED, 8, 5),
        (("abstain",) * 3 + ("yes",), frozenset(), OutcomeStatus.NO_QUORUM, 8, 4),
        (("yes",) * 4, frozenset({8}), OutcomeStatus.ACCEPTED, 7, 4),
        (("yes",) * 3, frozenset({8}), OutcomeStatus.NO_QUORUM, 7, 3),
        (("yes",) * 3, frozenset({7, 8}), OutcomeStatus.NO_QUORUM, 6, 3),
        (("yes",) * 4, frozenset({7, 8}), OutcomeStatus.ACCEPTED, 6, 4),
    ],
    ids=[
        "half-fails",
        "more-than-half",
        "abstentions-make-quorum",
        "abstentions-count-but-half-fails",
        "one-excluded-base-7",
        "one-excluded-3-fails",
        "two-excluded-half-fails",
        "two-excluded-4-of-6",
    ],
)
def test_quorum(
    choices: tuple[str, ...],
    excluded: frozenset[int],
    status: OutcomeStatus,
    eligible: int,
    participated: int,
) -> None:
    outcome = meeting(decisions(*choices), excluded)
    assert outcome.status is status
    assert outcome.eligible_count == eligible
    assert outcome.participated_count == participated
    assert outcome.quorum_met is (status is not OutcomeStatus.NO_QUORUM)


def test_result_line_facts_with_one_conflict_of_interest() -> None:
    """Enough for: Angenommen – 5 Ja, 1 Nein, 1 Enthaltung; beschlussfähig
    (7 von 7 stimmberechtigten Institutionen; 1 befangen: Jobcenter Börde)."""
    votes = [vote(1, "yes"), *decisions("yes", "yes", "yes", "yes", "no", "abstain", start=3)]
    outcome = meeting(votes, frozenset({2}))
    assert outcome.status is OutcomeStatus.ACCEPTED
    assert outcome.tally == DecisionTally(yes=5, no=1, abstain=1)
    assert outcome.quorum_met
    assert (outcome.participated_count, outcome.eligible_count) == (7, 7)
    assert [s.name for s in outcome.excluded] == ["Jobcenter Börde"]
    assert outcome.missing == ()
    assert outcome.quorum_needed == 4
    assert outcome.counted_as_abstention == 0
    assert not outcome.written


def test_votes_of_an_excluded_institution_are_never_counted() -> None:
    votes = [*decisions("no", "no", "yes", "yes", "yes"), vote(1, "no", role=DEP)]
    outcome = meeting(votes, frozenset({1, 2}))
    assert outcome.tally == DecisionTally(yes=3, no=0, abstain=0)
    assert outcome.status is OutcomeStatus.NO_QUORUM
    assert outcome.participated_count == 3


def test_deputy_of_excluded_institution_is_not_counted_but_others_are() -> None:
    votes = [vote(2, "no", role=DEP), *decisions("yes", "yes", "yes", "yes", start=3)]
    outcome = meeting(votes, frozenset({2}))
    assert outcome.tally == DecisionTally(yes=4, no=0, abstain=0)
    assert outcome.status is OutcomeStatus.ACCEPTED


@pytest.mark.parametrize("deputy_first", [True, False])
def test_representative_overrides_deputy_in_either_order(deputy_first: bool) -> None:
    pair = [vote(1, "no", role=DEP, minute=1), vote(1, "yes", minute=2)]
    if not deputy_first:
        pair = [vote(1, "yes", minute=1), vote(1, "no", role=DEP, minute=2)]
    outcome = meeting([*pair, *decisions("yes", "yes", "no", "no", start=2)])
    assert outcome.tally == DecisionTally(yes=3, no=2, abstain=0)
    assert outcome.status is OutcomeStatus.ACCEPTED


def test_deputy_alone_counts_for_the_institution() -> None:
    outcome = meeting([vote(1, "yes", role=DEP), *decisions("yes", "yes", "no", "no", start=2)])
    assert outcome.tally == DecisionTally(yes=3, no=2, abstain=0)
    assert outcome.participated_count == 5


def test_changed_vote_counts_as_last_cast() -> None:
    votes = [*decisions("yes", "yes", "no", "no", "no"), vote(3, "yes", minute=5)]
    assert meeting(votes).status is OutcomeStatus.ACCEPTED


def test_guests_and_coordinators_do_not_add_votes() -> None:
    votes = [
        *decisions("yes", "yes", "no", "no", "no"),
        vote(6, "yes", role=VoterRole.GUEST),
        vote(9, "yes", role=VoterRole.COORDINATOR),
    ]
    outcome = meeting(votes)
    assert outcome.tally == DecisionTally(yes=2, no=3, abstain=0)
    assert outcome.status is OutcomeStatus.REJECTED


def test_open_ballot_reports_interim_counts_and_missing() -> None:
    outcome = meeting(decisions("yes", "yes"), final=False)
    assert outcome.status is OutcomeStatus.OPEN
    assert outcome.tally == DecisionTally(yes=2, no=0, abstain=0)
    assert outcome.winners == ()
    assert [s.institution_id for s in outcome.missing] == [3, 4, 5, 6, 7, 8]


@pytest.mark.parametrize(
    ("consents", "state"),
    [
        ({}, ConsentState.PENDING),
        ({i: ConsentAnswer.AGREE for i in range(1, 8)}, ConsentState.PENDING),
        ({i: ConsentAnswer.AGREE for i in range(1, 9)}, ConsentState.AGREED),
        ({3: ConsentAnswer.OBJECT}, ConsentState.OBJECTED),
        ({**{i: ConsentAnswer.AGREE for i in range(1, 9)}, 5: ConsentAnswer.OBJECT}, "objected"),
        ({**{i: ConsentAnswer.AGREE for i in range(2, 9)}, 9: ConsentAnswer.OBJECT}, "pending"),
    ],
    ids=["none", "one-missing", "all-agree", "one-objects", "objection-wins", "non-seat-ignored"],
)
def test_consent_outcome(consents: dict[int, ConsentAnswer], state: ConsentState) -> None:
    assert consent_outcome(SEATS[:8], consents) == state


def test_consent_of_excluded_institution_is_not_needed() -> None:
    eligible = [s for s in SEATS[:8] if s.institution_id != 2]
    consents = {s.institution_id: ConsentAnswer.AGREE for s in eligible}
    assert consent_outcome(eligible, consents) is ConsentState.AGREED
    assert consent_outcome(eligible, {**consents, 2: ConsentAnswer.OBJECT}) is ConsentState.AGREED


@pytest.mark.parametrize("final", [True, False])
def test_written_objection_ends_the_procedure(final: bool) -> None:
    outcome = written(decisions("yes"), ConsentState.OBJECTED, final=final)
    assert outcome.status is OutcomeStatus.OBJECTED
    assert outcome.written


def test_written_without_full_consent() -> None:
    assert written([], ConsentState.PENDING, final=False).status is OutcomeStatus.OPEN
    assert written([], ConsentState.PENDING, final=True).status is OutcomeStatus.NO_CONSENT


def test_written_non_voters_count_as_abstentions() -> None:
    outcome = written(decisions("yes", "yes", "no"))
    assert outcome.status is OutcomeStatus.ACCEPTED
    assert outcome.tally == DecisionTally(yes=2, no=1, abstain=5)
    assert outcome.counted_as_abstention == 5
    assert outcome.participated_count == 8
    assert outcome.quorum_met
    assert [s.institution_id for s in outcome.missing] == [4, 5, 6, 7, 8]


def test_written_open_does_not_yet_count_non_voters() -> None:
    outcome = written(decisions("yes", "yes", "no"), final=False)
    assert outcome.status is OutcomeStatus.OPEN
    assert outcome.counted_as_abstention == 0
    assert outcome.tally == DecisionTally(yes=2, no=1, abstain=0)
    assert outcome.participated_count == 3


def test_written_tie_rejects_and_excluded_are_not_abstentions() -> None:
    outcome = written(decisions("yes", "no"), excluded=frozenset({8}))
    assert outcome.status is OutcomeStatus.REJECTED
    assert outcome.counted_as_abstention == 5
    assert outcome.eligible_count == 7
    assert [s.name for s in outcome.excluded] == ["Gleichstellungsbeauftragte"]


def test_written_requiring_all_votes() -> None:
    rules = VotingRules(written_requires_all_votes=True)
    incomplete = written(decisions(*("yes",) * 7), rules=rules)
    assert incomplete.status is OutcomeStatus.INCOMPLETE
    assert incomplete.counted_as_abstention == 0
    assert [s.institution_id for s in incomplete.missing] == [8]
    complete = written(decisions(*("yes",) * 7, "no"), rules=rules)
    assert complete.status is OutcomeStatus.ACCEPTED
    excused = written(decisions(*("no",) * 7), excluded=frozenset({8}), rules=rules)
    assert excused.status is OutcomeStatus.REJECTED


def test_consent_must_match_the_procedure() -> None:
    with pytest.raises(ValueError, match="consent"):
        decide(BallotKind.DECISION, SEATS, (), [], (), RULES, written=True, final=True)
    with pytest.raises(ValueError, match="consent"):
        decide(
            BallotKind.DECISION,
            SEATS,
            (),
            [],
            (),
            RULES,
            written=False,
            final=True,
            consent=ConsentState.AGREED,
        )


OPTIONS = ("a", "b", "c")


@pytest.mark.parametrize(
    ("kind", "choices", "status", "winners", "tied"),
    [
        (BallotKind.SINGLE, [("a",), ("b",), ("b",), ("c",), ()], "winner", ("b",), ()),
        (BallotKind.SINGLE, [("a",), ("b",), ("a",), ("b",), ("c",)], "tie", (), ("a", "b")),
        (BallotKind.SINGLE, [(), (), (), (), ()], "no_winner", (), ()),
        (BallotKind.MULTI, [("a", "c"), ("c",), ("b", "c"), ("a",), ()], "winner", ("c",), ()),
        (BallotKind.MULTI, [("a", "c"), ("c", "a"), ("b",), (), ()], "tie", (), ("a", "c")),
    ],
)
def test_option_ballots(
    kind: BallotKind,
    choices: list[tuple[str, ...]],
    status: str,
    winners: tuple[str, ...],
    tied: tuple[str, ...],
) -> None:
    votes = [vote(i + 1, c) for i, c in enumerate(choices)]
    outcome = meeting(votes, kind=kind, options=OPTIONS)
    assert outcome.status == status
    assert outcome.winners == winners
    assert outcome.tied == tied
    assert outcome.participated_count == 5


@pytest.mark.parametrize(
    "kind", [BallotKind.SINGLE, BallotKind.MULTI, BallotKind.SCORE, BallotKind.DECISION]
)
def test_resolutions_need_quorum(kind: BallotKind) -> None:
    choice: Choice = {
        BallotKind.SINGLE: ("a",),
        BallotKind.MULTI: ("a",),
        BallotKind.SCORE: {"a": 5},
        BallotKind.DECISION: "yes",
    }[kind]
    outcome = meeting([vote(i, choice) for i in range(1, 5)], kind=kind, options=OPTIONS)
    assert outcome.status is OutcomeStatus.NO_QUORUM
    assert outcome.winners == ()


def test_date_poll_needs_no_quorum_by_default() -> None:
    votes = [vote(1, {"a": "no", "b": "maybe", "c": "yes"}), vote(2, {"b": "yes", "c": "yes"})]
    outcome = meeting(votes, kind=BallotKind.DATE_POLL, options=OPTIONS)
    assert outcome.status is OutcomeStatus.WINNER
    assert outcome.winners == ("c",)
    assert not outcome.quorum_met


def test_date_poll_quorum_can_be_required() -> None:
    rules = VotingRules(quorum_kinds=frozenset(BallotKind))
    outcome = meeting(
        [vote(1, {"a": "yes"})], kind=BallotKind.DATE_POLL, options=OPTIONS, rules=rules
    )
    assert outcome.status is OutcomeStatus.NO_QUORUM


def test_date_poll_without_possible_date_has_no_winner() -> None:
    outcome = meeting([vote(1, {"a": "no"})], kind=BallotKind.DATE_POLL, options=OPTIONS)
    assert outcome.status is OutcomeStatus.NO_WINNER


def test_score_ballot_winner_is_best_mean_with_option_order_on_ties() -> None:
    scores: list[Choice] = [{"a": 8, "b": 8}, {"a": 6, "b": 6, "c": 9}, {"a": 7, "b": 7}]
    votes = [vote(i + 1, s) for i, s in enumerate([*scores, {"c": 5}, {"a": 9, "b": 9}])]
    outcome = meeting(votes, kind=BallotKind.SCORE, options=OPTIONS)
    assert outcome.status is OutcomeStatus.WINNER
    assert outcome.winners == ("a",)
    assert isinstance(outcome.tally, ScoreTally)
    assert outcome.tally.ranking == ("a", "b", "c")


def test_written_non_voters_count_for_participation_in_other_kinds() -> None:
    outcome = decide(
        BallotKind.SINGLE,
        SEATS,
        (),
        [vote(1, ("b",))],
        OPTIONS,
        RULES,
        written=True,
        final=True,
        consent=ConsentState.AGREED,
    )
    assert outcome.status is OutcomeStatus.WINNER
    assert outcome.winners == ("b",)
    assert outcome.counted_as_abstention == 7
    assert outcome.participated_count == 8
