"""Who still owes a ballot an answer: institutions without a counted vote, and those whose
vote leaves dates or proposals unanswered (date polls and scoring are answered option by
option). Drives the "not voted yet" lines, the reminders and closing once everyone is done."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from rakbot.domain.ballot_press import owed_answers
from rakbot.domain.voting import BallotKind, Seat, Vote
from storage.models import Ballot
from storage.repositories import proposals
from storage.session import AsyncSession


@dataclass(frozen=True)
class Completion:
    #: eligible institutions without a counted vote
    missing: list[Seat]
    #: eligible institutions whose counted vote does not answer every option it may
    incomplete: list[Seat]

    @property
    def done(self) -> bool:
        return not self.missing and not self.incomplete


async def completion(
    session: AsyncSession,
    ballot: Ballot,
    kind: BallotKind,
    eligible: list[Seat],
    counted: Mapping[int, Vote],
    keys: list[str],
) -> Completion:
    """Who owes what, from the eligible seats and their counted votes (`Facts.counted`)."""
    own = await own_options(session, ballot) if kind is BallotKind.SCORE else {}
    choices = {i: vote.choice for i, vote in counted.items()}
    missing, incomplete = owed_answers(
        kind, [s.institution_id for s in eligible], choices, keys, own
    )
    seat_of = {s.institution_id: s for s in eligible}
    return Completion([seat_of[i] for i in missing], [seat_of[i] for i in incomplete])


async def own_options(session: AsyncSession, ballot: Ballot) -> dict[int, set[str]]:
    """Per applicant institution the options of its own proposals (it never scores them)."""
    key_of = {
        int(o["proposal_id"]): str(o["key"])
        for o in ballot.options or []
        if o.get("proposal_id") is not None
    }
    if not key_of:
        return {}
    own: dict[int, set[str]] = defaultdict(set)
    for proposal in await proposals.with_applicant_among(session, list(key_of)):
        assert proposal.applicant_institution_id is not None
        own[proposal.applicant_institution_id].add(key_of[proposal.id])
    return own
