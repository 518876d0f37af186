"""Rangfolge: the press flow (one option at a time, the last follows, reset) and the Borda
count, with its ties and incomplete rankings, through the same domain calls as every kind."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rakbot.domain.ballot_press import Action, Press, apply_press, complete, parse_press
from rakbot.domain.decision import OutcomeStatus, VotingRules, decide
from rakbot.domain.kinds.ranked import RankedTally, borda_points
from rakbot.domain.voting import (
    BallotKind,
    Choice,
    InvalidChoice,
    Seat,
    Vote,
    VoterRole,
    tally,
    validate_choice,
)
from rakbot.i18n import translator
from rakbot.views.ballot_kinds.registry import look_of

RANKED = BallotKind.RANKED
OPTIONS = ["a", "b", "c", "d"]
T0 = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def press(previous: Choice | None, code: str) -> Choice:
    parsed = parse_press(code)
    assert parsed is not None
    return apply_press(RANKED, previous, parsed, OPTIONS)


def votes(*choices: Choice) -> dict[int, Vote]:
    return {
        i: Vote(i, 100 + i, VoterRole.REPRESENTATIVE, choice, T0)
        for i, choice in enumerate(choices, start=1)
    }


def test_presses_rank_one_option_at_a_time_and_the_last_follows() -> None:
    choice = press(None, "c3")
    assert choice == ("c",)
    choice = press(choice, "c1")
    assert choice == ("c", "a")
    assert press(choice, "c1") == ("c", "a")  # a ranked option keeps its place
    assert not complete(RANKED, choice, OPTIONS)
    choice = press(choice, "c4")
    assert choice == ("c", "a", "d", "b")  # one option left: it takes the last place
    assert complete(RANKED, choice, OPTIONS)
    assert press(choice, "a") == ()  # "Zurücksetzen"


@pytest.mark.parametrize("code", ["c0", "c5", "y", "d1y", "s1=3"])
def test_foreign_presses_are_refused(code: str) -> None:
    with pytest.raises(InvalidChoice):
        press(("a",), code)


@pytest.mark.parametrize("choice", [("a", "a"), ("x",), "a", {"a": 1}])
def test_malformed_rankings_are_refused(choice: Choice) -> None:
    with pytest.raises(InvalidChoice):
        validate_choice(RANKED, choice, OPTIONS)


def test_borda_points_run_from_n_minus_one_to_zero() -> None:
    assert borda_points(["b", "d", "a", "c"], 4) == {"b": 3, "d": 2, "a": 1, "c": 0}


def test_borda_count_ranks_by_points() -> None:
    result = tally(
        RANKED,
        OPTIONS,
        votes(("a", "b", "c", "d"), ("b", "a", "d", "c"), ("b", "c", "a", "d")),
    )
    assert isinstance(result, RankedTally)
    assert result.points == {"a": 6, "b": 8, "c": 3, "d": 1}
    assert result.ranking == ("b", "a", "c", "d")
    assert result.leaders == ("b",)
    assert result.abstain == 0 and result.ballots == 3


def test_incomplete_rankings_count_as_abstentions() -> None:
    result = tally(RANKED, OPTIONS, votes(("d", "c", "b", "a"), ("a",), ()))
    assert isinstance(result, RankedTally)
    assert result.points == {"a": 0, "b": 1, "c": 2, "d": 3}
    assert result.abstain == 2 and result.ballots == 3


def test_equal_points_keep_the_option_order_and_an_equal_top_ties() -> None:
    result = tally(RANKED, OPTIONS, votes(("a", "b", "c", "d"), ("b", "a", "d", "c")))
    assert isinstance(result, RankedTally)
    assert result.ranking == ("a", "b", "c", "d")  # a 5, b 5, c 1, d 1
    assert result.leaders == ("a", "b")


def outcome(*choices: Choice, excluded: frozenset[int] = frozenset()) -> tuple[str, ...]:
    seats = [Seat(i, f"Institution {i}") for i in range(1, 5)]
    found = decide(
        RANKED,
        seats,
        excluded,
        list(votes(*choices).values()),
        OPTIONS,
        VotingRules(),
        written=False,
        final=True,
    )
    return found.status, found.winners, found.tied


def test_outcome_winner_tie_and_no_complete_ranking() -> None:
    assert outcome(("c", "a", "b", "d"), ("c", "b", "a", "d"), ("a", "c", "b", "d")) == (
        OutcomeStatus.WINNER,
        ("c",),
        (),
    )
    assert outcome(("a", "b", "c", "d"), ("b", "a", "d", "c"), ()) == (
        OutcomeStatus.TIE,
        (),
        ("a", "b"),
    )
    assert outcome((), ("a",), ("b",)) == (OutcomeStatus.NO_WINNER, (), ())


def test_an_excluded_institution_adds_no_points() -> None:
    # institution 1 is befangen: its ranking (a first) is not counted
    status, winners, _tied = outcome(
        ("a", "b", "c", "d"), ("b", "a", "c", "d"), ("b", "c", "a", "d"), excluded=frozenset({1})
    )
    assert (status, winners) == (OutcomeStatus.WINNER, ("b",))


def test_a_press_of_another_kind_is_wrong() -> None:
    with pytest.raises(InvalidChoice):
        apply_press(RANKED, None, Press(Action.DATE, 1, "yes"), OPTIONS)


def test_the_result_chart_shows_the_points() -> None:
    result = {
        "kind": "ranked",
        "options": [
            {"key": "a", "label": "A", "points": 4},
            {"key": "b", "label": "B", "points": 2},
        ],
    }
    bars, unit = look_of(RANKED).chart_bars(translator("de"), result)
    assert [(bar["label"], bar["value"]) for bar in bars] == [("A", 4), ("B", 2)]
    assert unit == "Borda-Punkte"
