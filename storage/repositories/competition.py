"""Competition round queries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Ballot, CompetitionRound, Proposal


async def unassigned_submissions(
    session: AsyncSession, committee_id: int, funding_areas: list[str]
) -> list[Proposal]:
    """Submitted proposals of these funding areas that are in no round yet."""
    found = await session.scalars(
        select(Proposal).where(
            Proposal.committee_id == committee_id,
            Proposal.round_id.is_(None),
            Proposal.status == "submitted",
            Proposal.funding_area.in_(funding_areas),
        )
    )
    return list(found)


async def recent_rounds(
    session: AsyncSession, committee_id: int, limit: int
) -> list[CompetitionRound]:
    """The committee's latest rounds, newest first."""
    found = await session.scalars(
        select(CompetitionRound)
        .where(CompetitionRound.committee_id == committee_id)
        .order_by(CompetitionRound.id.desc())
        .limit(limit)
    )
    return list(found)


async def round_in(
    session: AsyncSession, committee_id: int, round_id: int, *, lock: bool = False
) -> CompetitionRound | None:
    """A round of this committee (ids from buttons are never trusted); `lock` holds it for the
    rest of the unit of work."""
    query = select(CompetitionRound).where(
        CompetitionRound.committee_id == committee_id, CompetitionRound.id == round_id
    )
    if lock:
        query = query.with_for_update()
    return await session.scalar(query)


async def latest_round_ballot(session: AsyncSession, round_id: int, kind: str) -> Ballot | None:
    """The round's latest ballot of this kind."""
    return await session.scalar(
        select(Ballot)
        .where(Ballot.round_id == round_id, Ballot.kind == kind)
        .order_by(Ballot.id.desc())
        .limit(1)
    )


async def round_proposals(session: AsyncSession, round_id: int) -> list[Proposal]:
    """The proposals of a round, in the order they were submitted."""
    found = await session.scalars(
        select(Proposal).where(Proposal.round_id == round_id).order_by(Proposal.id)
    )
    return list(found)
