"""Start-up: from process start to the first getUpdates the emulator receives, and import time.

Three starts of the real bot: on an empty database (migrations, seeding), then twice on the
migrated database (a restart, the usual case); the baseline is the bare PTB bot. Import time is
the wall time of `import rakbot.cli, rakbot.bot` in a fresh interpreter (what `rakbot run`
imports), next to `import telegram.ext` alone, with the slowest packages from `-X importtime`.
"""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

from benchmarks.common import ROOT, BotProcess, bot_environment, database, load_average, median
from rakbot.sandbox.emulator import BotApiEmulator

IMPORT_PROBE = (
    "import time; t = time.perf_counter(); import {modules}; print(time.perf_counter() - t)"
)


async def _first_poll(kind: str, url: str) -> float:
    async with BotApiEmulator() as emu:
        # A waiting update makes the first getUpdates return at once, so the emulator records
        # it on arrival (an empty long poll would be recorded only after its timeout).
        emu.inline_query(emu.user("Probe"), "Kontakt")
        bot = BotProcess(kind, bot_environment(emu, url))
        await bot.start(wait_ready=False)
        await emu.wait_for(
            lambda: any(call.method == "getUpdates" for call in emu.calls), timeout=60
        )
        elapsed = time.perf_counter() - bot.started_at
        await bot.wait(lambda: bot.ready_at > 0, 30)
        await bot.stop()
        return elapsed


def _import_seconds(modules: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", IMPORT_PROBE.format(modules=modules)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(out.stdout.strip()))
    return median(times)


#: What `rakbot run` pulls in, measured one by one (cumulative, as `-X importtime` shows them).
HEAVY = (
    "handlers",
    "storage.models",
    "storage.migrate",
    "sqlalchemy",
    "sqlalchemy.dialects.postgresql",
    "alembic",
    "telegram",
    "telegram.ext",
    "pydantic",
    "rakbot.content",
    "babel",
    "yaml",
)


def _slowest_packages(count: int = 6) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import rakbot.cli, rakbot.bot"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    cumulative: dict[str, int] = {}
    for line in out.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[2].strip() in HEAVY and parts[1].strip().isdigit():
            cumulative[parts[2].strip()] = int(parts[1])
    ranked = sorted(cumulative.items(), key=lambda item: -item[1])[:count]
    return [f"{name} {micros / 1000:.0f} ms" for name, micros in ranked]


async def run(params: dict[str, Any]) -> dict[str, Any]:
    """params: db, runs (import-time repetitions)."""
    runs = int(params.get("runs", 3))
    load = load_average()
    async with database(params.get("db", "sqlite")) as url:
        first = await _first_poll("full", url)
        restarts = [await _first_poll("full", url) for _ in range(2)]
        bare = [await _first_poll("bare", url) for _ in range(2)]
    return {
        "first_start_s": round(first, 3),
        "restart_s": round(min(restarts), 3),
        "bare_start_s": round(min(bare), 3),
        "import_s": round(_import_seconds("rakbot.cli, rakbot.bot", runs), 3),
        "import_ptb_s": round(_import_seconds("telegram.ext", runs), 3),
        "slowest_imports": _slowest_packages(),
        "load_before": load,
    }
