"""The bot under test, in its own process: `python -m benchmarks.botproc full|bare`.

Configured by the environment (TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE_URL, DATABASE_URL, … as in
production; BENCH_CLOCK_OFFSET shifts the bot's clock by seconds). It reports on standard output,
one line each: `ready`, `done <update_id> <handler ms> <perf_counter when done>` for every update,
and `exit <peak RSS MB> <CPU seconds>` after SIGTERM has stopped it cleanly. time.perf_counter is
CLOCK_MONOTONIC, so the driver can compare it with its own.
"""

from __future__ import annotations

import asyncio
import os
import resource
import signal
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path


class OffsetClock:
    def __init__(self, seconds: float) -> None:
        self.offset = timedelta(seconds=seconds)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


def _line(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _stats_class() -> type:
    from rakbot.telemetry import UpdateStats

    class ReportingStats(UpdateStats):
        def record(self, update_id: int, started: float) -> float:
            elapsed = super().record(update_id, started)
            _line(f"done {update_id} {elapsed * 1000:.3f} {time.perf_counter():.6f}")
            return elapsed

    return ReportingStats


def _lift_flood_limits() -> None:
    """BENCH_FLOOD_LIMITS=off: build the bot with a rate limiter that never waits.

    Telegram's own limits (30 messages/s, 20/min per group) cap what any bot can send; with them
    lifted the figures show what the bot itself can process. The swap happens before the bot is
    built, in this process only; nothing else of the bot is changed.
    """
    from telegram.ext import BaseRateLimiter

    import rakbot.app

    class NoLimits(BaseRateLimiter):  # type: ignore[type-arg]
        def __init__(self, **_kwargs: object) -> None:
            pass

        async def initialize(self) -> None:
            pass

        async def shutdown(self) -> None:
            pass

        async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):  # type: ignore[no-untyped-def]
            return await callback(*args, **kwargs)

    rakbot.app.RetryingRateLimiter = NoLimits  # type: ignore[misc,assignment]


def _log_statements(path: Path) -> None:
    """BENCH_SQL_LOG=file: every distinct statement with one set of its parameters, as JSON
    lines, for the driver's EXPLAIN check."""
    import json

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    seen: set[str] = set()
    out = path.open("a")

    @event.listens_for(Engine, "before_cursor_execute")
    def _record(_conn, _cursor, statement, parameters, _context, executemany):  # type: ignore[no-untyped-def]
        if (
            executemany
            or statement in seen
            or not statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE", "WITH"))
        ):
            return
        seen.add(statement)
        out.write(json.dumps([statement, list(parameters or ())], default=str) + "\n")
        out.flush()


async def _full(stop: asyncio.Event) -> None:
    from rakbot.bot import RakBot
    from rakbot.config import Settings

    if os.environ.get("BENCH_FLOOD_LIMITS") == "off":
        _lift_flood_limits()
    if os.environ.get("BENCH_SQL_LOG"):
        _log_statements(Path(os.environ["BENCH_SQL_LOG"]))

    settings = Settings(_env_file=None)
    clock = OffsetClock(float(os.environ.get("BENCH_CLOCK_OFFSET", "0")))
    bot = RakBot(settings, clock=clock, worker_id=f"bench:{os.getpid()}")
    runtime = await bot.prepare()
    runtime.stats = _stats_class()()
    await bot.start()
    _line("ready")
    try:
        await stop.wait()
    finally:
        await bot.stop()


async def _bare(stop: asyncio.Event) -> None:
    from telegram import Update
    from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

    stats = _stats_class()()

    class BareApplication(Application):  # type: ignore[type-arg]
        """Times every update exactly as rakbot.app.RakApplication does."""

        async def process_update(self, update: object) -> None:
            started = time.perf_counter()
            try:
                await super().process_update(update)
            finally:
                if isinstance(update, Update):
                    stats.record(update.update_id, started)

    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await context.bot.send_message(update.effective_user.id, "ok")

    concurrency = int(os.environ.get("CONCURRENT_UPDATES", "8"))
    application = (
        ApplicationBuilder()
        .application_class(BareApplication)
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_BASE_URL"])
        .concurrent_updates(concurrency)
        .connection_pool_size(max(16, concurrency * 2))
        .build()
    )
    application.add_handler(TypeHandler(Update, answer))
    await application.initialize()
    await application.updater.start_polling(
        timeout=10,
        allowed_updates=["message", "edited_message", "callback_query", "inline_query"],
    )
    await application.start()
    _line("ready")
    try:
        await stop.wait()
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


async def _main(kind: str) -> None:
    import logging

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await (_full if kind == "full" else _bare)(stop)


def _peak_rss_mb() -> float:
    """VmHWM: the peak resident set of this program. (ru_maxrss would not do: it survives exec
    and so reports the driver's size at the moment it forked this process.)"""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    kind = sys.argv[1]
    profile = os.environ.get("BENCH_PROFILE")
    if profile and profile.endswith(".html"):
        from pyinstrument import Profiler  # optional: pip install pyinstrument

        profiler = Profiler(interval=0.002, async_mode="disabled")
        with profiler:
            asyncio.run(_main(kind))
        Path(profile).with_suffix(".txt").write_text(profiler.output_text())
        Path(profile).write_text(profiler.output_html())
    elif profile:
        import cProfile

        with cProfile.Profile() as profiler:
            asyncio.run(_main(kind))
        profiler.dump_stats(profile)
    else:
        asyncio.run(_main(kind))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _line(f"exit {_peak_rss_mb():.1f} {usage.ru_utime + usage.ru_stime:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
