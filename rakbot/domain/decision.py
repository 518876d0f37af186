"""Quorum, majority and the written procedure: from the current votes to the outcome of an item.

The outcome carries everything the result line and the minutes need: the status, the tally the
result rests on, who was eligible, who took part, who was excluded for a conflict of interest,
who did not vote, and how many non-voters were counted as abstentions.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from rakbot.domain.kinds.registry import RULES, rules_of
from rakbot.domain.majority import Majority
from rakbot.domain.voting import (
    BallotKind,
    Seat,
    Tally,
    Vote,
    counted_votes,
    eligible_seats,
    excluded_seats,
    missing_seats,
    tally,
)

_DEFAULT_QUORUM_KINDS = frozenset(kind for kind, rules in RULES.items() if rules.needs_quorum)


@dataclass(frozen=True)
class VotingRules:
    """Committee rules. Quorum: strictly more than numerator/denominator of the eligible seats.

    `quorum_kinds`: ballot kinds that need a quorum. Date polls are left out by default
    because finding a meeting date is no resolution of the committee.
    """

    quorum_numerator: int = 1
    quorum_denominator: int = 2
    written_requires_all_votes: bool = False
    quorum_kinds: frozenset[BallotKind] = _DEFAULT_QUORUM_KINDS

    def __post_init__(self) -> None:
        if self.quorum_denominator <= 0 or not 0 <= self.quorum_numerator < self.quorum_denominator:
            raise ValueError("quorum fraction must satisfy 0 <= numerator < denominator")


def quorum_needed(eligible_count: int, rules: VotingRules) -> int:
    """Smallest number of participating seats that is more than the quorum fraction."""
    return eligible_count * rules.quorum_numerator // rules.quorum_denominator + 1


def quorum_met(participated: int, eligible_count: int, rules: VotingRules) -> bool:
    return participated * rules.quorum_denominator > eligible_count * rules.quorum_numerator


class ConsentAnswer(StrEnum):
    AGREE = "agree"
    OBJECT = "object"


class ConsentState(StrEnum):
    PENDING = "pending"
    AGREED = "agreed"
    OBJECTED = "objected"


def consent_seats(eligible: Iterable[Seat], answerable: Collection[int]) -> list[Seat]:
    """The eligible seats asked to consent to a written procedure: those whose institution has
    a member who can answer (`answerable`, institution ids). An institution with nobody on the
    roster who could answer is not asked, else the procedure could never start; it stays
    eligible for the vote (and, as every non-voter, counts as abstaining)."""
    return [seat for seat in eligible if seat.institution_id in answerable]


def consent_outcome(
    eligible: Iterable[Seat], consents: Mapping[int, ConsentAnswer]
) -> ConsentState:
    """Consent to the written procedure (Umlaufverfahren), per institution id.

    A single objection of an eligible institution ends the procedure at once; it may go ahead
    only when every eligible institution agreed. Answers of other institutions are ignored.
    """
    answers = [consents.get(seat.institution_id) for seat in eligible]
    if ConsentAnswer.OBJECT in answers:
        return ConsentState.OBJECTED
    if None in answers:
        return ConsentState.PENDING
    return ConsentState.AGREED


class OutcomeStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WINNER = "winner"
    TIE = "tie"
    NO_WINNER = "no_winner"
    NO_QUORUM = "no_quorum"
    OBJECTED = "objected"
    NO_CONSENT = "no_consent"
    INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class Outcome:
    """Result of an item, final or interim (status OPEN).

    `tally` is the tally the result rests on: for a DECISION in a finished written procedure
    its `abstain` includes the `counted_as_abstention` non-voters. `participated_count`
    includes them too, since abstentions count as taking part. `missing` lists the eligible
    seats without a vote (for a finished written procedure: the ones counted as abstaining).
    `winners` is set for WINNER, `tied` for TIE.
    """

    kind: BallotKind
    status: OutcomeStatus
    tally: Tally
    winners: tuple[str, ...]
    tied: tuple[str, ...]
    eligible_count: int
    participated_count: int
    quorum_met: bool
    quorum_needed: int
    excluded: tuple[Seat, ...]
    missing: tuple[Seat, ...]
    counted_as_abstention: int
    written: bool


def decide(
    kind: BallotKind,
    seats: Sequence[Seat],
    excluded: Collection[int],
    votes: Iterable[Vote],
    options: Sequence[str],
    rules: VotingRules,
    *,
    written: bool,
    final: bool,
    consent: ConsentState | None = None,
    majority: Majority = Majority.SIMPLE,
) -> Outcome:
    """Outcome of an item from the current votes.

    `excluded`: institution ids with a conflict of interest (applicant or declared).
    `final`: the ballot is closed (meeting vote ended, or written deadline passed).
    `consent`: state of the consent round, required exactly when `written`.
    `majority`: the ballot's majority rule (decisions only).
    """
    if written != (consent is not None):
        raise ValueError("consent is required for, and only for, the written procedure")
    eligible = eligible_seats(seats, excluded)
    counted = counted_votes(votes, {s.institution_id for s in eligible})
    missing = missing_seats(eligible, counted)
    deemed = (
        len(missing)
        if written
        and final
        and consent is ConsentState.AGREED
        and not rules.written_requires_all_votes
        else 0
    )
    result_tally = rules_of(kind).with_deemed_abstentions(tally(kind, options, counted), deemed)
    participated = len(counted) + deemed
    has_quorum = quorum_met(participated, len(eligible), rules)

    status = _procedural_status(kind, rules, written, final, consent, bool(missing), has_quorum)
    winners: tuple[str, ...] = ()
    tied: tuple[str, ...] = ()
    if status is None:
        decided, winners, tied = rules_of(kind).result(result_tally, majority)
        status = OutcomeStatus(decided)

    return Outcome(
        kind=kind,
        status=status,
        tally=result_tally,
        winners=winners,
        tied=tied,
        eligible_count=len(eligible),
        participated_count=participated,
        quorum_met=has_quorum,
        quorum_needed=quorum_needed(len(eligible), rules),
        excluded=tuple(excluded_seats(seats, excluded)),
        missing=tuple(missing),
        counted_as_abstention=deemed,
        written=written,
    )


def _procedural_status(
    kind: BallotKind,
    rules: VotingRules,
    written: bool,
    final: bool,
    consent: ConsentState | None,
    anyone_missing: bool,
    has_quorum: bool,
) -> OutcomeStatus | None:
    """Status that ends the item before the votes are weighed, or None to weigh them."""
    if consent is ConsentState.OBJECTED:
        return OutcomeStatus.OBJECTED
    if not final:
        return OutcomeStatus.OPEN
    if consent is ConsentState.PENDING:
        return OutcomeStatus.NO_CONSENT
    if written and rules.written_requires_all_votes and anyone_missing:
        return OutcomeStatus.INCOMPLETE
    if kind in rules.quorum_kinds and not has_quorum:
        return OutcomeStatus.NO_QUORUM
    return None
