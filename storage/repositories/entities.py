"""Row operations every repository shares: load by id, add, remove, write pending changes.

Services change loaded rows as plain objects; whatever touches the session itself goes through
here or through a repository function with a name that says what it finds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")


async def by_id(session: AsyncSession, model: type[T], row_id: Any) -> T | None:
    return await session.get(model, row_id)


async def by_id_or_fail(session: AsyncSession, model: type[T], row_id: Any) -> T:
    """A row that must exist (a foreign key points to it); a missing one is a bug."""
    return await session.get_one(model, row_id)


def add(session: AsyncSession, row: object) -> None:
    """A new row, written with the unit of work (or the next query that needs it)."""
    session.add(row)


async def insert(session: AsyncSession, row: T) -> T:
    """A new row written at once, so that it has its id (and its constraints are checked)."""
    session.add(row)
    await session.flush()
    return row


async def write_pending(session: AsyncSession) -> None:
    """Write pending changes now (ids, constraint checks) without ending the unit of work."""
    await session.flush()


async def reload(session: AsyncSession, row: object, attributes: Iterable[str]) -> None:
    """Read these attributes (e.g. a relationship whose key changed) from the database again."""
    await session.refresh(row, list(attributes))


async def remove(session: AsyncSession, row: object) -> None:
    await session.delete(row)


def unit_memo(session: AsyncSession, name: str) -> dict[Any, Any]:
    """A dictionary that lives as long as this unit of work: for what a unit reads once and
    uses for many rows (it ends with the session, so nothing outlives a transaction)."""
    memo: dict[Any, Any] = session.info.setdefault(f"rakbot.memo.{name}", {})
    return memo
