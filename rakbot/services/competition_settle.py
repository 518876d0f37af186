"""What a closed ballot of a competition round does to the round and its proposals.

Kept apart from `competition` so the ballot service can call it without importing the round
overview (which reads ballot facts itself).
"""

from __future__ import annotations

from typing import Any

from rakbot.domain.voting import BallotKind
from storage.models import Ballot, CompetitionRound
from storage.repositories import audit, entities
from storage.repositories import competition as round_repo
from storage.session import AsyncSession

OPEN_STATUSES = ("submitted", "voting")


async def settle(session: AsyncSession, ballot: Ballot, result: dict[str, Any]) -> None:
    """Scoring closed: the round is scored (or, without quorum, open again). The decision on
    the selection closed: accepted funds the selected proposals and turns down the others of
    the round; anything else (not accepted, no quorum) frees the selection so the office can
    put it again, or have the round scored anew."""
    found = (
        await entities.by_id(session, CompetitionRound, ballot.round_id)
        if ballot.round_id
        else None
    )
    if found is None:
        return
    if ballot.kind == BallotKind.SCORE.value:
        # A scoring without quorum decides nothing: the round is open for a new scoring.
        quorate = result.get("status") != "no_quorum"
        found.status = "scored" if quorate else "open"
        if not quorate:
            audit.record(
                session,
                committee_id=found.committee_id,
                actor_member_id=None,
                action="round.scoring_not_quorate",
                subject=f"round:{found.id}",
                ballot_id=ballot.id,
            )
        return
    proposals = await round_repo.round_proposals(session, found.id)
    chosen = set(found.selection or [])
    accepted = result.get("status") == "accepted"
    for proposal in proposals:
        if proposal.status not in OPEN_STATUSES:
            continue
        if accepted:
            proposal.status = "approved" if proposal.id in chosen else "rejected"
        else:
            proposal.status = "submitted"
    if accepted:
        found.status = "decided"
    else:
        found.status, found.selection = "scored", []
    audit.record(
        session,
        committee_id=found.committee_id,
        actor_member_id=None,
        action="round.decided" if accepted else "round.selection_not_confirmed",
        subject=f"round:{found.id}",
        ballot_id=ballot.id,
        approved=sorted(chosen) if accepted else [],
    )
