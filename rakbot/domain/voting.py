"""Who may vote, which votes count, and how the counted votes add up per ballot kind.

Each voting institution holds one seat and one vote. Its representative and its deputy may
both vote; the representative's vote takes precedence, the deputy's counts only while the
representative has not voted. Institutions excluded for a conflict of interest (Befangenheit)
never have a vote counted on that item.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rakbot.domain.kinds.base import KindRules

SCORE_MIN = 0
SCORE_MAX = 10


class BallotKind(StrEnum):
    DECISION = "decision"
    SINGLE = "single"
    MULTI = "multi"
    DATE_POLL = "date_poll"
    SCORE = "score"
    RANKED = "ranked"


class VoterRole(StrEnum):
    REPRESENTATIVE = "representative"
    DEPUTY = "deputy"
    GUEST = "guest"
    COORDINATOR = "coordinator"


VOTING_ROLES = frozenset({VoterRole.REPRESENTATIVE, VoterRole.DEPUTY})


class DecisionChoice(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class DateAnswer(StrEnum):
    YES = "yes"
    MAYBE = "maybe"
    NO = "no"


Choice = str | tuple[str, ...] | Mapping[str, str] | Mapping[str, int]
"""DECISION: a `DecisionChoice` value. SINGLE/MULTI: the chosen option keys (empty = abstention).
DATE_POLL: option key -> `DateAnswer` value. SCORE: option key -> points."""


@dataclass(frozen=True)
class Seat:
    institution_id: int
    name: str
    has_vote: bool = True


@dataclass(frozen=True)
class Vote:
    institution_id: int
    member_id: int
    role: VoterRole
    choice: Choice
    cast_at: datetime


class VoteRefusal(StrEnum):
    NOT_MEMBER = "not_member"
    GUEST = "guest"
    NO_VOTING_RIGHT = "no_voting_right"
    EXCLUDED_CONFLICT = "excluded_conflict"
    BALLOT_CLOSED = "ballot_closed"


class ChoiceError(StrEnum):
    WRONG_TYPE = "wrong_type"
    EMPTY = "empty"
    UNKNOWN_OPTION = "unknown_option"
    DUPLICATE_OPTION = "duplicate_option"
    TOO_MANY_CHOICES = "too_many_choices"
    INVALID_ANSWER = "invalid_answer"
    SCORE_OUT_OF_RANGE = "score_out_of_range"


class InvalidChoice(ValueError):
    def __init__(self, reason: ChoiceError) -> None:
        super().__init__(reason.value)
        self.reason = reason


def can_vote(
    role: VoterRole | None,
    institution_has_vote: bool,
    institution_excluded: bool,
    *,
    ballot_open: bool = True,
) -> VoteRefusal | None:
    """Return why this person may not vote now, or None if they may.

    `role` is None for someone who is not a member. Permanent reasons are reported before
    the conflict of interest, and that before the closed ballot, so the person learns the
    reason that would still hold on the next ballot.
    """
    if role is None:
        return VoteRefusal.NOT_MEMBER
    if role is VoterRole.GUEST:
        return VoteRefusal.GUEST
    if role not in VOTING_ROLES or not institution_has_vote:
        return VoteRefusal.NO_VOTING_RIGHT
    if institution_excluded:
        return VoteRefusal.EXCLUDED_CONFLICT
    if not ballot_open:
        return VoteRefusal.BALLOT_CLOSED
    return None


def validate_choice(
    kind: BallotKind,
    choice: Choice,
    options: Sequence[str],
    max_choices: int | None = None,
) -> None:
    """Raise `InvalidChoice` unless `choice` is a well-formed choice for `kind`.

    `options` is ignored for DECISION (its options are fixed). `max_choices` limits MULTI;
    None means up to all options.
    """
    _rules(kind).validate(choice, options, max_choices)


def _rules(kind: BallotKind) -> KindRules:
    # The kinds build on the types of this module, so the registry is looked up late.
    from rakbot.domain.kinds.registry import rules_of

    return rules_of(kind)


def eligible_seats(seats: Iterable[Seat], excluded: Collection[int]) -> list[Seat]:
    """Voting seats that may vote on this item, in the given order."""
    return [s for s in seats if s.has_vote and s.institution_id not in excluded]


def excluded_seats(seats: Iterable[Seat], excluded: Collection[int]) -> list[Seat]:
    """Voting seats left out of this item for a conflict of interest, in the given order."""
    return [s for s in seats if s.has_vote and s.institution_id in excluded]


def counted_votes(votes: Iterable[Vote], eligible: Collection[int]) -> dict[int, Vote]:
    """The one vote that counts for each eligible institution, keyed by institution id.

    Per member only the latest vote counts (equal timestamps: the later one in `votes`).
    Per institution a representative's vote beats any deputy's; among members of the same
    role the latest vote wins, then the lower member id, so the result never depends on
    the order of `votes` beyond identical timestamps of one member. Votes by guests,
    coordinators and non-eligible institutions are ignored.
    """
    latest: dict[tuple[int, int], Vote] = {}
    for vote in votes:
        if vote.role not in VOTING_ROLES or vote.institution_id not in eligible:
            continue
        key = (vote.institution_id, vote.member_id)
        previous = latest.get(key)
        if previous is None or vote.cast_at >= previous.cast_at:
            latest[key] = vote
    counted: dict[int, Vote] = {}
    for vote in latest.values():
        current = counted.get(vote.institution_id)
        if current is None or _precedence(vote) > _precedence(current):
            counted[vote.institution_id] = vote
    return dict(sorted(counted.items()))


def _precedence(vote: Vote) -> tuple[bool, datetime, int]:
    return (vote.role is VoterRole.REPRESENTATIVE, vote.cast_at, -vote.member_id)


def missing_seats(eligible: Iterable[Seat], answered: Collection[int]) -> list[Seat]:
    """Eligible seats whose institution id is not in `answered` (votes or consents)."""
    return [s for s in eligible if s.institution_id not in answered]


def all_voted(eligible: Iterable[Seat], answered: Collection[int]) -> bool:
    """True once every eligible institution has answered; lets the caller close early."""
    return not missing_seats(eligible, answered)


@dataclass(frozen=True)
class DecisionTally:
    yes: int
    no: int
    abstain: int

    @property
    def ballots(self) -> int:
        return self.yes + self.no + self.abstain


@dataclass(frozen=True)
class OptionTally:
    """SINGLE and MULTI. `counts` follows option order; `leaders` share the top count (> 0)."""

    counts: Mapping[str, int]
    abstain: int
    ballots: int
    leaders: tuple[str, ...]


@dataclass(frozen=True)
class DateCounts:
    yes: int = 0
    maybe: int = 0
    no: int = 0


@dataclass(frozen=True)
class DatePollTally:
    """`best`: most yes, then most maybe, then earliest option; None if no option has any."""

    counts: Mapping[str, DateCounts]
    ballots: int
    best: str | None


@dataclass(frozen=True)
class ScoreStats:
    total: int = 0
    count: int = 0

    @property
    def mean(self) -> float | None:
        """Mean over the seats that scored the option; rounding is left to the display."""
        return self.total / self.count if self.count else None


@dataclass(frozen=True)
class ScoreTally:
    """`ranking`: all options, scored ones by mean desc (ties: option order), then unscored."""

    scores: Mapping[str, ScoreStats]
    ballots: int
    ranking: tuple[str, ...]


Tally = DecisionTally | OptionTally | DatePollTally | ScoreTally | object
"""What a kind's tally adds up to; every kind has a tally type of its own."""


def tally(kind: BallotKind, options: Sequence[str], counted: Mapping[int, Vote]) -> Tally:
    """Add up the counted votes. Raises `InvalidChoice` if a stored choice is malformed."""
    if len(set(options)) != len(options):
        raise ValueError("options must be unique")
    rules = _rules(kind)
    choices = []
    for vote in counted.values():
        rules.validate(vote.choice, options, None)
        choices.append(vote.choice)
    return rules.tally(options, choices)
