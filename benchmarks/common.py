"""The driver's side of every benchmark: a database, the emulator, the bot in its own process.

The emulator and the driver share one process; the bot under test runs in another
(benchmarks/botproc.py), so its CPU time and peak RSS are its own, as in production where Telegram
is somewhere else.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from rakbot.bot import RakBot
from rakbot.clock import Clock, SystemClock
from rakbot.config import Settings
from rakbot.runtime import Runtime
from rakbot.sandbox.emulator import BotApiEmulator
from rakbot.sandbox.models import FakeUser, SentMessage
from storage.db import Database

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test_bench"
COORDINATOR_ID = 900001
ROOT = Path(__file__).resolve().parent.parent


def postgres_url() -> str:
    return os.environ.get("RAKBOT_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)


@contextlib.asynccontextmanager
async def database(kind: str) -> AsyncIterator[str]:
    """An empty database (SQLite file or a wiped PostgreSQL schema); the bot migrates it."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="rakbot-bench-") as folder:
            yield f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        return
    url = postgres_url()
    await _create_if_missing(url)
    db = Database(url)
    async with db.engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await db.dispose()
    yield url


async def _create_if_missing(url: str) -> None:
    """Create the benchmark's PostgreSQL database on first use (through the server's
    maintenance database `postgres`), so a fresh machine needs no manual step."""
    target = make_url(url)
    engine = create_async_engine(
        target.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool
    )
    try:
        async with engine.connect() as connection:
            found = await connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": target.database},
            )
            if not found:
                quoted = connection.dialect.identifier_preparer.quote(str(target.database))
                await connection.execute(text(f"CREATE DATABASE {quoted}"))
    finally:
        await engine.dispose()


def bot_environment(emu: BotApiEmulator, database_url: str, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "DATABASE_", "WEBHOOK_", "COORDINATOR_"))
    }
    env.update(
        TELEGRAM_BOT_TOKEN=emu.token,
        TELEGRAM_API_BASE_URL=emu.base_url,
        DATABASE_URL=database_url,
        COORDINATOR_IDS=str(COORDINATOR_ID),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


async def prepared_runtime(emu: BotApiEmulator, database_url: str, clock: Clock) -> Runtime:
    """The driver's own handle on the bot's database (migrated, committee seeded) for set-up."""
    settings = Settings(
        telegram_bot_token=emu.token,
        telegram_api_base_url=emu.base_url,
        database_url=database_url,
        coordinator_ids=[COORDINATOR_ID],
        _env_file=None,
    )
    return await RakBot(settings, clock=clock).prepare()


@dataclass
class BotProcess:
    """The bot under test as a child process, reporting every processed update."""

    kind: str
    env: dict[str, str]
    process: asyncio.subprocess.Process | None = None
    done_at: dict[int, float] = field(default_factory=dict)
    handler_ms: dict[int, float] = field(default_factory=dict)
    stderr: list[str] = field(default_factory=list)
    peak_rss_mb: float = float("nan")
    cpu_total: float = float("nan")
    started_at: float = 0.0
    ready_at: float = 0.0
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def start(self, *, wait_ready: bool = True) -> None:
        self.started_at = time.perf_counter()
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "benchmarks.botproc",
            self.kind,
            cwd=ROOT,
            env=self.env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        self._tasks = [
            asyncio.create_task(self._read_stdout()),
            asyncio.create_task(self._read_stderr()),
        ]
        if wait_ready and not await self.wait(lambda: self.ready_at > 0, 60):
            raise RuntimeError("bot did not start:\n" + "".join(self.stderr[-20:]))

    async def _read_stdout(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        async for raw in self.process.stdout:
            parts = raw.decode().split()
            if not parts:
                continue
            if parts[0] == "done":
                update_id = int(parts[1])
                self.handler_ms[update_id] = float(parts[2])
                self.done_at[update_id] = float(parts[3])
            elif parts[0] == "ready":
                self.ready_at = time.perf_counter()
            elif parts[0] == "exit":
                self.peak_rss_mb, self.cpu_total = float(parts[1]), float(parts[2])
            self._changed.set()

    async def _read_stderr(self) -> None:
        assert self.process is not None and self.process.stderr is not None
        async for raw in self.process.stderr:
            self.stderr.append(raw.decode(errors="replace"))

    async def wait(self, predicate: Callable[[], bool], limit: float) -> bool:
        deadline = time.perf_counter() + limit
        while not predicate():
            remaining = deadline - time.perf_counter()
            if remaining <= 0 or (self.process is not None and self.process.returncode is not None):
                return predicate()
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.5))
        return True

    async def wait_processed(self, update_id: int, limit: float = 30.0) -> None:
        if not await self.wait(lambda: update_id in self.done_at, limit):
            raise TimeoutError(f"update {update_id} not processed:\n" + "".join(self.stderr[-20:]))

    def cpu_seconds(self) -> float:
        assert self.process is not None
        times = psutil.Process(self.process.pid).cpu_times()
        return times.user + times.system

    def rss_mb(self) -> float:
        assert self.process is not None
        return psutil.Process(self.process.pid).memory_info().rss / 2**20

    async def stop(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        self.process.terminate()
        try:
            await asyncio.wait_for(self.process.wait(), 180)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def log_counts(self) -> tuple[int, int]:
        """(warnings, errors) the bot logged."""
        warnings = sum(1 for line in self.stderr if line.startswith("WARNING"))
        errors = sum(1 for line in self.stderr if line.startswith(("ERROR", "CRITICAL")))
        return warnings, errors

    def log_samples(self, count: int = 3) -> list[str]:
        lines = [line.strip() for line in self.stderr if line.startswith(("WARNING", "ERROR"))]
        return lines[:count]


class Person:
    """Plays one person through the bot, waiting for each update to be processed."""

    def __init__(self, emu: BotApiEmulator, bot: BotProcess, user: FakeUser) -> None:
        self.emu, self.bot, self.user = emu, bot, user

    async def send(self, text: str) -> SentMessage:
        await self.bot.wait_processed(self.emu.send_message(self.user, text))
        return self.emu.last_message(self.user.id)

    async def press(self, message: SentMessage, label: str) -> SentMessage:
        data = next(d for row in message.buttons() for t, d in row if label in t and d)
        await self.bot.wait_processed(self.emu.press_button(self.user, message, data))
        return self.emu.last_message(self.user.id)


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return percentile(values, 0.5)


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def system_clock() -> Clock:
    return SystemClock()
