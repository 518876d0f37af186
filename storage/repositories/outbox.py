"""The outbox: planned messages as rows, claimed with a lease so each goes out once.

Claiming is one conditional UPDATE over a `FOR UPDATE SKIP LOCKED` sub-select: on PostgreSQL two
processes never claim the same row and never wait for each other; SQLite ignores the lock clause
and serialises writers, so the same statement is atomic there too.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Outbox, OutboxStatus


async def enqueue(
    session: AsyncSession,
    *,
    dedup_key: str,
    kind: str,
    due_at: datetime,
    chat_id: int | None,
    payload: dict[str, Any],
    committee_id: int | None = None,
    meeting_id: int | None = None,
    ballot_id: int | None = None,
) -> bool:
    """Plan a message; planning the same key twice keeps the first row. True if a row was added."""
    values = {
        "dedup_key": dedup_key,
        "kind": kind,
        "due_at": due_at,
        "chat_id": chat_id,
        "payload": payload,
        "committee_id": committee_id,
        "meeting_id": meeting_id,
        "ballot_id": ballot_id,
        "status": OutboxStatus.PENDING,
        "attempts": 0,
    }
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    result = await session.execute(
        insert(Outbox).values(**values).on_conflict_do_nothing(index_elements=["dedup_key"])
    )
    return bool(result.rowcount)


def _due(now: datetime) -> Any:
    return and_(
        Outbox.status == OutboxStatus.PENDING,
        Outbox.due_at <= now,
        or_(Outbox.next_attempt_at.is_(None), Outbox.next_attempt_at <= now),
        or_(Outbox.claimed_until.is_(None), Outbox.claimed_until < now),
    )


async def claim_due(
    session: AsyncSession, *, worker: str, now: datetime, lease: timedelta, limit: int
) -> list[Outbox]:
    candidates = (
        select(Outbox.id)
        .where(_due(now))
        .order_by(Outbox.due_at, Outbox.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    # one statement: the claimed rows come back whole (RETURNING), in no particular order
    rows = (
        await session.scalars(
            update(Outbox)
            .where(Outbox.id.in_(candidates), _due(now))
            .values(claimed_by=worker, claimed_until=now + lease)
            .returning(Outbox)
            .execution_options(synchronize_session=False)
        )
    ).all()
    return sorted(rows, key=lambda row: (row.due_at, row.id))


async def finish(
    session: AsyncSession,
    row_id: int,
    *,
    worker: str,
    status: OutboxStatus,
    now: datetime,
    message_id: int | None = None,
    error: str | None = None,
) -> bool:
    """Close a claimed row. False if the lease was lost (another worker took over)."""
    result = await session.execute(
        update(Outbox)
        .where(Outbox.id == row_id, Outbox.claimed_by == worker, Outbox.status == "pending")
        .values(
            status=status,
            sent_at=now if status == OutboxStatus.SENT else None,
            telegram_message_id=message_id,
            last_error=error[:500] if error else None,
            claimed_until=None,
        )
    )
    return bool(result.rowcount)


async def postpone(
    session: AsyncSession, row_id: int, *, worker: str, retry_at: datetime, error: str
) -> None:
    await session.execute(
        update(Outbox)
        .where(Outbox.id == row_id, Outbox.claimed_by == worker, Outbox.status == "pending")
        .values(
            attempts=Outbox.attempts + 1,
            next_attempt_at=retry_at,
            claimed_until=None,
            last_error=error[:500],
        )
    )


async def cancel_pending(
    session: AsyncSession, *, meeting_id: int | None = None, ballot_id: int | None = None
) -> int:
    condition = Outbox.meeting_id == meeting_id if meeting_id else Outbox.ballot_id == ballot_id
    result = await session.execute(
        update(Outbox)
        .where(condition, Outbox.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.CANCELLED)
    )
    return result.rowcount or 0


async def pending_of_meeting(
    session: AsyncSession, meeting_id: int, kinds: tuple[str, ...]
) -> list[Outbox]:
    """The meeting's rows of these kinds that have not gone out yet."""
    found = await session.scalars(
        select(Outbox).where(
            Outbox.meeting_id == meeting_id,
            Outbox.status == OutboxStatus.PENDING,
            Outbox.kind.in_(kinds),
        )
    )
    return list(found)


async def next_due_at(session: AsyncSession, besides: Collection[int] = ()) -> datetime | None:
    """When the next pending row falls due; `besides`: rows being sent right now (claimed in
    the same unit of work), which are closed or postponed by their own sends."""
    query = select(func.min(func.coalesce(Outbox.next_attempt_at, Outbox.due_at))).where(
        Outbox.status == OutboxStatus.PENDING
    )
    if besides:
        query = query.where(Outbox.id.not_in(list(besides)))
    return await session.scalar(query)


async def backlog(session: AsyncSession, now: datetime) -> tuple[int, datetime | None]:
    """How many pending rows are due, and since when the oldest of them is due (retries included:
    a row whose sends keep failing is behind from its original due time)."""
    due = and_(Outbox.status == OutboxStatus.PENDING, Outbox.due_at <= now)
    count, oldest = (
        await session.execute(select(func.count(Outbox.id), func.min(Outbox.due_at)).where(due))
    ).one()
    return int(count), oldest


async def forget_chat(session: AsyncSession, chat_id: int) -> int:
    """Erasure: messages to this private chat keep neither its id nor their text; the ones
    not sent yet are cancelled. Returns how many rows were touched."""
    await session.execute(
        update(Outbox)
        .where(Outbox.chat_id == chat_id, Outbox.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.CANCELLED)
    )
    result = await session.execute(
        update(Outbox).where(Outbox.chat_id == chat_id).values(chat_id=None, payload={})
    )
    return result.rowcount or 0


async def forget_texts(session: AsyncSession, dedup_prefix: str) -> int:
    """Erasure: the rows planned under `dedup_prefix` (e.g. the office notices of one
    appointment request) lose their text, sent or not; the ones not sent yet are cancelled."""
    planned = Outbox.dedup_key.startswith(dedup_prefix, autoescape=True)
    await session.execute(
        update(Outbox)
        .where(planned, Outbox.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.CANCELLED)
    )
    result = await session.execute(update(Outbox).where(planned).values(payload={}))
    return result.rowcount or 0


async def retry_now(session: AsyncSession, *, chat_id: int, now: datetime) -> int:
    """Pending rows for this chat that wait for a retry are due at once."""
    result = await session.execute(
        update(Outbox)
        .where(
            Outbox.chat_id == chat_id,
            Outbox.status == OutboxStatus.PENDING,
            Outbox.next_attempt_at > now,
        )
        .values(next_attempt_at=now)
    )
    return result.rowcount or 0


async def move_chat(session: AsyncSession, old_chat_id: int, new_chat_id: int) -> int:
    """Messages not sent yet to a group that became a supergroup go to the new one."""
    result = await session.execute(
        update(Outbox)
        .where(Outbox.chat_id == old_chat_id, Outbox.status == OutboxStatus.PENDING)
        .values(chat_id=new_chat_id)
    )
    return result.rowcount or 0


async def forget_recipients(session: AsyncSession, dedup_prefix: str) -> int:
    """Retention: the rows planned under `dedup_prefix` (messages to one applicant) keep
    neither text nor chat id; the ones not sent yet are cancelled."""
    await forget_texts(session, dedup_prefix)
    planned = Outbox.dedup_key.startswith(dedup_prefix, autoescape=True)
    result = await session.execute(update(Outbox).where(planned).values(chat_id=None))
    return result.rowcount or 0
