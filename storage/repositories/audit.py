"""The audit log: append-only."""

from __future__ import annotations

from typing import Any

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
    entry = AuditEntry(
        committee_id=committee_id,
        actor_member_id=actor_member_id,
        action=action,
        subject=subject,
        details=details,
    )
    session.add(entry)
    return entry
