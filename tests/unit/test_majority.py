"""The majority a decision needs: simple or two thirds of the Ja and Nein votes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rakbot.domain.decision import OutcomeStatus, VotingRules, decide
from rakbot.domain.majority import Majority, accepted, yes_needed
from rakbot.domain.voting import BallotKind, Seat, Vote, VoterRole

SIMPLE, TWO_THIRDS = Majority.SIMPLE, Majority.TWO_THIRDS
T0 = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("yes", "no", "simple", "two_thirds"),
    [
        (5, 3, True, False),
        (6, 3, True, True),  # exactly two thirds is enough
        (4, 2, True, True),
        (2, 2, False, False),
        (1, 0, True, True),
        (0, 0, False, False),  # nothing but abstentions carries nothing
        (0, 1, False, False),
    ],
)
def test_accepted(yes: int, no: int, simple: bool, two_thirds: bool) -> None:
    assert accepted(SIMPLE, yes, no) is simple
    assert accepted(TWO_THIRDS, yes, no) is two_thirds


@pytest.mark.parametrize(
    ("cast", "simple", "two_thirds"), [(8, 5, 6), (9, 5, 6), (7, 4, 5), (3, 2, 2)]
)
def test_yes_needed(cast: int, simple: int, two_thirds: int) -> None:
    assert yes_needed(SIMPLE, cast) == simple
    assert yes_needed(TWO_THIRDS, cast) == two_thirds


def _outcome(yes: int, no: int, abstain: int, majority: Majority) -> OutcomeStatus:
    choices = ["yes"] * yes + ["no"] * no + ["abstain"] * abstain
    seats = [Seat(i, f"Institution {i}") for i in range(1, len(choices) + 1)]
    votes = [
        Vote(i, 100 + i, VoterRole.REPRESENTATIVE, choice, T0)
        for i, choice in enumerate(choices, start=1)
    ]
    return decide(
        BallotKind.DECISION,
        seats,
        (),
        votes,
        (),
        VotingRules(),
        written=False,
        final=True,
        majority=majority,
    ).status


def test_abstentions_do_not_count_against_two_thirds() -> None:
    assert _outcome(4, 2, 3, TWO_THIRDS) is OutcomeStatus.ACCEPTED
    assert _outcome(5, 3, 0, TWO_THIRDS) is OutcomeStatus.REJECTED
    assert _outcome(5, 3, 0, SIMPLE) is OutcomeStatus.ACCEPTED
