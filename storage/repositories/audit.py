"""The audit log: append-only."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry


def record(
    session: AsyncSession,
    *,
    committee_id: int | None,
    actor_member_id: int | None,
    action: str,
    subject: str | None = None,
    **details: Any,
) -> AuditEntry:
    clock = session.info.get("clock")
    entry = AuditEntry(
        committee_id=committee_id,
        actor_member_id=actor_member_id,
        action=action,
        subject=subject,
        details=details,
    )
    if clock is not None:  # the bot's clock (tests and the demo travel in time)
        entry.at = clock()
    session.add(entry)
    return entry


async def latest(session: AsyncSession, committee_id: int, limit: int) -> list[AuditEntry]:
    """The committee's latest entries, newest first."""
    found = await session.scalars(
        select(AuditEntry)
        .where(AuditEntry.committee_id == committee_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return list(found)
