"""Engine, sessions and the unit of work with retry on a busy database."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy import event, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

#: SQLSTATEs and SQLite messages that mean "try the same unit of work again".
_TRANSIENT_PG_STATES = {"40001", "40P01", "55P03", "57P01", "08000", "08003", "08006"}
_TRANSIENT_SQLITE = ("database is locked", "database table is locked", "database is busy")


#: How long one SQLite statement waits for the write lock. Writers hold it for milliseconds;
#: a lock held for longer means something is wrong, and with `Database.run`'s retries the user
#: hears "please try again" after about three seconds instead of half a minute.
SQLITE_BUSY_TIMEOUT_MS = 500


class DatabaseBusy(RuntimeError):
    """The database stayed unavailable through all retries; the user is asked to try again."""


def public_url(url: str) -> str:
    """The database URL as it may be logged: the password masked."""
    return make_url(url).render_as_string(hide_password=True)


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()


def is_transient(exc: BaseException) -> bool:
    """Whether an error is a busy or briefly unavailable database, not a bug."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, OperationalError | DBAPIError):
        orig = getattr(exc, "orig", None)
        state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
        if state in _TRANSIENT_PG_STATES:
            return True
        message = str(orig or exc).lower()
        if any(fragment in message for fragment in _TRANSIENT_SQLITE):
            return True
        if "connection" in message and ("refused" in message or "closed" in message):
            return True
    return isinstance(exc, ConnectionError | OSError)


class Database:
    """Holds the engine and runs units of work: one session, one commit, retried when busy."""

    def __init__(self, url: str, *, echo: bool = False, retries: int = 5) -> None:
        self.url = url
        kwargs: dict[str, Any] = {"echo": echo, "pool_pre_ping": not is_sqlite(url)}
        if not is_sqlite(url):
            kwargs.update(pool_size=10, max_overflow=10)
        self.engine = create_async_engine(url, **kwargs)
        if is_sqlite(url):
            _configure_sqlite(self.engine)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self.retries = retries
        #: Called once for every repeated unit of work (the bot counts them in its metrics).
        self.on_retry: Callable[[], None] | None = None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def run(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run `work` in one transaction; commit once; retry the whole unit when the DB is busy."""
        delay = 0.05
        for attempt in range(1, self.retries + 1):
            try:
                async with self.sessions() as session, session.begin():
                    return await work(session)
            except Exception as exc:
                if not is_transient(exc):
                    raise
                if attempt == self.retries:
                    raise DatabaseBusy(str(exc)) from exc
                log.warning("database busy (attempt %d): %s", attempt, exc.__class__.__name__)
                if self.on_retry is not None:
                    self.on_retry()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
        raise AssertionError("unreachable")

    async def dispose(self) -> None:
        await self.engine.dispose()
