"""Documents attached to proposals and agenda items, and the approval of minutes."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Document, MinutesApproval


async def of_proposal(session: AsyncSession, proposal_id: int) -> list[Document]:
    found = await session.scalars(
        select(Document).where(Document.proposal_id == proposal_id).order_by(Document.id)
    )
    return list(found)


async def of_meeting(
    session: AsyncSession, meeting_id: int, item: int | None = None
) -> list[Document]:
    """A meeting's documents by agenda item (one item with `item`)."""
    query = select(Document).where(Document.meeting_id == meeting_id)
    if item is not None:
        query = query.where(Document.agenda_item == item)
    found = await session.scalars(query.order_by(Document.agenda_item, Document.id))
    return list(found)


async def count_per_proposal(session: AsyncSession, committee_id: int) -> dict[int, int]:
    """How many documents each proposal of the committee has (proposals without: absent)."""
    rows = await session.execute(
        select(Document.proposal_id, func.count())
        .where(Document.committee_id == committee_id, Document.proposal_id.is_not(None))
        .group_by(Document.proposal_id)
    )
    return {int(proposal_id): int(count) for proposal_id, count in rows}


async def count_of_meeting(session: AsyncSession, meeting_id: int) -> int:
    count = await session.scalar(
        select(func.count()).select_from(Document).where(Document.meeting_id == meeting_id)
    )
    return int(count or 0)


async def in_committee(
    session: AsyncSession, committee_id: int, document_id: int, *, lock: bool = True
) -> Document | None:
    """The committee's document; `lock`ed until the end of the unit of work (PostgreSQL), so
    that a replacement and a removal of the same document cannot interleave."""
    query = select(Document).where(
        Document.committee_id == committee_id, Document.id == document_id
    )
    return await session.scalar(query.with_for_update() if lock else query)


async def approval_of(session: AsyncSession, meeting_id: int) -> MinutesApproval | None:
    return await session.scalar(
        select(MinutesApproval).where(MinutesApproval.meeting_id == meeting_id)
    )
