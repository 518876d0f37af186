"""Inbound updates: stored when fetched, marked done exactly once.

While an update is handled, `HANDLING` holds its `Handling`. `Database.run` calls `seal` before
every commit: the first transaction that changed anything marks the update done in the same
commit. A replay after a crash therefore either finds the update done (its changes are on record)
or finds nothing of it on record; if two processes race for the same update, the second commit
finds it done and is rolled back (`UpdateAlreadyApplied`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, event, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session

from storage.models import InboundUpdate


class UpdateAlreadyApplied(RuntimeError):
    """Another run of this update committed its changes first; this run's are rolled back."""


@dataclass
class Handling:
    """The update being handled in this task, and whether its done mark is committed."""

    update_id: int
    now: datetime
    sealed: bool = False


HANDLING: ContextVar[Handling | None] = ContextVar("rakbot_inbound_update", default=None)
_WROTE = "rakbot.wrote"


class TrackingSession(Session):
    """The session class of `Database`: it remembers whether a transaction changed anything."""


@event.listens_for(TrackingSession, "do_orm_execute")
def _statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


@event.listens_for(TrackingSession, "after_flush")
def _flush(flushed: Session, _context: Any) -> None:
    if flushed.new or flushed.dirty or flushed.deleted:
        flushed.info[_WROTE] = True


_HELD = "rakbot.held"


@event.listens_for(TrackingSession, "loaded_as_persistent")
def _loaded(loaded: Session, instance: object) -> None:
    held = loaded.info.get(_HELD)
    if held is not None:
        held.append(instance)


def hold_loaded(session: AsyncSession) -> None:
    """Keep every object this unit of work loads in its identity map until it ends (the map
    holds objects weakly): a unit that renders many rows of the same meeting or ballot reads
    each of them once (`session.get` finds it)."""
    session.sync_session.info[_HELD] = []


@contextmanager
def detached() -> Iterator[None]:
    """Bookkeeping done while an update is handled that is no change made by the update
    (it does not mark the update done)."""
    token = HANDLING.set(None)
    try:
        yield
    finally:
        HANDLING.reset(token)


async def seal(session: AsyncSession) -> None:
    """Before a commit: if this transaction changed anything for an update being handled,
    mark the update done in it (once per update)."""
    handling = HANDLING.get()
    if handling is None or handling.sealed:
        return
    await session.flush()
    if not session.info.get(_WROTE):
        return
    result = await session.execute(
        update(InboundUpdate)
        .where(InboundUpdate.update_id == handling.update_id, InboundUpdate.done_at.is_(None))
        .values(done_at=handling.now, payload={})
    )
    if not result.rowcount:
        raise UpdateAlreadyApplied(str(handling.update_id))
    handling.sealed = True


async def store(
    session: AsyncSession,
    *,
    update_id: int,
    payload: dict[str, Any],
    worker: str,
    now: datetime,
    lease: timedelta,
) -> bool:
    """Keep a fetched update; False if it is known already (a redelivery)."""
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    result = await session.execute(
        insert(InboundUpdate)
        .values(
            update_id=update_id,
            payload=payload,
            received_at=now,
            claimed_by=worker,
            claimed_until=now + lease,
        )
        .on_conflict_do_nothing(index_elements=["update_id"])
    )
    return bool(result.rowcount)


async def mark_done(session: AsyncSession, update_id: int, now: datetime) -> None:
    await session.execute(
        update(InboundUpdate)
        .where(InboundUpdate.update_id == update_id, InboundUpdate.done_at.is_(None))
        .values(done_at=now, payload={})
    )


async def claimants(session: AsyncSession) -> list[str]:
    """Every process that holds an update not done yet."""
    rows = await session.scalars(
        select(InboundUpdate.claimed_by)
        .where(InboundUpdate.done_at.is_(None), InboundUpdate.claimed_by.is_not(None))
        .distinct()
    )
    return [row for row in rows if row is not None]


async def take_over(
    session: AsyncSession,
    *,
    worker: str,
    now: datetime,
    lease: timedelta,
    everything: bool,
    dead: Collection[str] = (),
) -> list[tuple[int, dict[str, Any]]]:
    """Claim updates not done whose process is gone: released, lease over, or (`dead`) known
    to have ended; with `everything`, all of them (a polling bot is the only one taking
    updates). Returns (update id, payload) in order of arrival."""
    free = or_(
        InboundUpdate.claimed_until.is_(None),
        InboundUpdate.claimed_until < now,
        InboundUpdate.claimed_by.in_(list(dead)),
    )
    condition = and_(
        InboundUpdate.done_at.is_(None),
        InboundUpdate.claimed_by.is_distinct_from(worker),
        *([] if everything else [free]),
    )
    ids = list(
        await session.scalars(
            update(InboundUpdate)
            .where(condition)
            .values(claimed_by=worker, claimed_until=now + lease)
            .returning(InboundUpdate.update_id)
        )
    )
    if not ids:
        return []
    rows = await session.execute(
        select(InboundUpdate.update_id, InboundUpdate.payload)
        .where(InboundUpdate.update_id.in_(ids))
        .order_by(InboundUpdate.update_id)
    )
    return [(update_id, payload) for update_id, payload in rows]


async def release(session: AsyncSession, *, worker: str) -> int:
    """A clean stop: updates this process fetched but did not handle go to the next one."""
    result = await session.execute(
        update(InboundUpdate)
        .where(InboundUpdate.claimed_by == worker, InboundUpdate.done_at.is_(None))
        .values(claimed_until=None)
    )
    return result.rowcount or 0


async def purge(session: AsyncSession, *, done_before: datetime) -> int:
    """Forget handled updates (their ids are kept a day, against late redeliveries)."""
    result = await session.execute(delete(InboundUpdate).where(InboundUpdate.done_at < done_before))
    return result.rowcount or 0
