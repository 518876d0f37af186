"""Engine, sessions and the unit of work with retry on a busy database."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import event, make_url, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.repositories import inbox
from storage.repositories.inbox import TrackingSession

log = logging.getLogger(__name__)
T = TypeVar("T")

#: PostgreSQL: SQLSTATEs that mean "the same unit of work may succeed if tried again":
#: serialization failure, deadlock, lock not available (the database is busy) …
_BUSY_PG_STATES = {"40001", "40P01", "55P03"}
#: … and the server away or refusing: every connection exception (class 08), insufficient
#: resources (class 53: disk full, out of memory, too many connections), operator intervention
#: (57P01–57P05: shutdown, crash, "the database system is starting up / not accepting
#: connections", database dropped, idle timeout).
_UNAVAILABLE_PG_CLASSES = ("08", "53", "57P")
#: A database whose `ALLOW_CONNECTIONS` is off answers with the generic SQLSTATE 55000.
_UNAVAILABLE_PG_MESSAGES = ("not currently accepting connections", "not accepting connections")
#: SQLite primary result codes (the low byte of `sqlite_errorcode`): busy, locked …
_BUSY_SQLITE_CODES = {5, 6}
#: … and the file unusable for the moment: read-only, I/O error, disk full, cannot open,
#: lock protocol error.
_UNAVAILABLE_SQLITE_CODES = {8, 10, 13, 14, 15}
_BUSY_SQLITE_MESSAGES = ("database is locked", "database table is locked", "database is busy")


#: How long one SQLite statement waits for the write lock. Writers hold it for milliseconds;
#: a lock held for longer means something is wrong, and with `Database.run`'s retries the user
#: hears "please try again" after about three seconds instead of half a minute.
SQLITE_BUSY_TIMEOUT_MS = 500


class DatabaseBusy(RuntimeError):
    """The database stayed busy or unavailable through all retries; the user is asked to try
    again (the unit of work was rolled back: nothing is half-written)."""


class DatabaseUnavailable(DatabaseBusy):
    """The database could not be reached or used at all (server away or refusing connections,
    disk I/O error, disk full), not merely busy."""


def public_url(url: str) -> str:
    """The database URL as it may be logged: the password masked."""
    return make_url(url).render_as_string(hide_password=True)


async def ping(db: Database) -> None:
    """Raise unless the database answers (one connection, `SELECT 1`, no retries)."""
    async with db.engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_file_unopenable(url: str) -> bool:
    """True when a SQLite file URL points into a directory that is missing or not writable.

    Checked before the first connection: a failed aiosqlite connect leaves its worker thread
    to finish after the event loop may already be closed, which prints a stray traceback.
    """
    if not is_sqlite(url):
        return False
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return False
    directory = os.path.dirname(os.path.abspath(database))
    return not (os.path.isdir(directory) and os.access(directory, os.W_OK | os.X_OK))


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()


def classify(exc: BaseException) -> str | None:
    """ "busy" for a database busy with other work, "unavailable" for one that cannot be reached
    or used right now, None for everything else (a bug or bad data: not retried)."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return "unavailable"
    if isinstance(exc, DBAPIError):
        orig = exc.orig
        state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
        message = str(orig or exc).lower()
        if state in _BUSY_PG_STATES or any(m in message for m in _BUSY_SQLITE_MESSAGES):
            return "busy"
        if (
            (state and state.startswith(_UNAVAILABLE_PG_CLASSES))
            or any(fragment in message for fragment in _UNAVAILABLE_PG_MESSAGES)
            or ("connection" in message and ("refused" in message or "closed" in message))
        ):
            return "unavailable"
        code = getattr(orig, "sqlite_errorcode", None)
        if code is not None and code & 0xFF in _BUSY_SQLITE_CODES:
            return "busy"
        if code is not None and code & 0xFF in _UNAVAILABLE_SQLITE_CODES:
            return "unavailable"
        if isinstance(orig, ConnectionError | OSError):
            return "unavailable"
        return None
    return "unavailable" if isinstance(exc, ConnectionError | OSError) else None


class Database:
    """Holds the engine and runs units of work: one session, one commit, retried when busy."""

    def __init__(self, url: str, *, echo: bool = False, retries: int = 5) -> None:
        self.url = url
        # SQL parameters are personal data (names, texts): never in a log line or an error.
        kwargs: dict[str, Any] = {
            "echo": echo,
            "pool_pre_ping": not is_sqlite(url),
            "hide_parameters": True,
        }
        if not is_sqlite(url):
            kwargs.update(pool_size=10, max_overflow=10)
        self.engine = create_async_engine(url, **kwargs)
        if is_sqlite(url):
            _configure_sqlite(self.engine)
        self.sessions = async_sessionmaker(
            self.engine, expire_on_commit=False, sync_session_class=TrackingSession
        )
        self.retries = retries
        #: Called once for every repeated unit of work (the bot counts them in its metrics).
        self.on_retry: Callable[[], None] | None = None
        #: The bot's clock; units of work carry it (`session.info["clock"]`), so that what storage
        #: stamps itself (audit entries) follows the injected clock of tests and the demo.
        self.clock: Callable[[], datetime] | None = None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def run(
        self, work: Callable[[AsyncSession], Awaitable[T]], *, attempts: int | None = None
    ) -> T:
        """Run `work` in one transaction; commit once; retry the whole unit when the DB is busy
        (`attempts` times in all; default: the database's `retries`)."""
        delay = 0.05
        tries = attempts or self.retries
        for attempt in range(1, tries + 1):
            try:
                async with self.sessions() as session, session.begin():
                    if self.clock is not None:
                        session.info["clock"] = self.clock
                    result = await work(session)
                    await inbox.seal(session)
                    return result
            except Exception as exc:
                kind = classify(exc)
                if kind is None:
                    raise
                if attempt == tries:
                    failure = DatabaseUnavailable if kind == "unavailable" else DatabaseBusy
                    raise failure(str(exc)) from exc
                log.warning("database %s (attempt %d): %s", kind, attempt, type(exc).__name__)
                if self.on_retry is not None:
                    self.on_retry()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
        raise AssertionError("unreachable")

    async def dispose(self) -> None:
        await self.engine.dispose()
