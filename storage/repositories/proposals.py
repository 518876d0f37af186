"""Writes to proposals, and the reads that no ballot query covers (most reads live with the
ballots that use them: repositories/ballots)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Ballot, Proposal


async def add(session: AsyncSession, **values: Any) -> Proposal:
    proposal = Proposal(**values)
    session.add(proposal)
    await session.flush()
    return proposal


async def for_update(session: AsyncSession, committee_id: int, proposal_id: int) -> Proposal | None:
    """The proposal, locked until the end of the unit of work (PostgreSQL), so that an edit and
    a ballot starting on it cannot interleave."""
    return await session.scalar(
        select(Proposal)
        .where(Proposal.committee_id == committee_id, Proposal.id == proposal_id)
        .with_for_update()
    )


async def change_if_status(
    session: AsyncSession, proposal_id: int, statuses: tuple[str, ...], values: dict[str, Any]
) -> bool:
    """Set `values` only while the proposal still has one of `statuses` (a ballot may have
    taken it in the meantime); True when it changed."""
    result = await session.execute(
        update(Proposal)
        .where(Proposal.id == proposal_id, Proposal.status.in_(statuses))
        .values(**values)
        .execution_options(synchronize_session="fetch")
    )
    return bool(result.rowcount)


async def in_running_ballot(session: AsyncSession, proposal_id: int) -> bool:
    """A ballot on it that has not closed: the members decide on what they see, unchanged."""
    count = await session.scalar(
        select(func.count())
        .select_from(Ballot)
        .where(Ballot.proposal_id == proposal_id, Ballot.status != "closed")
    )
    return bool(count)


async def with_applicant_among(session: AsyncSession, proposal_ids: list[int]) -> list[Proposal]:
    """Those of these proposals that an institution of the committee applied for, by id."""
    found = await session.scalars(
        select(Proposal)
        .where(Proposal.id.in_(proposal_ids), Proposal.applicant_institution_id.is_not(None))
        .order_by(Proposal.id)
    )
    return list(found)
