"""Charts and files drawn in the render worker: the time of the first chart after start-up (a
cold worker: process start and matplotlib import included), of the next ones, and the memory of
the bot's process and of the worker.

`python -m benchmarks.charts` prints one JSON line. The bot's process must not grow by the
drawing libraries at all (they are never imported there, checked below); the worker's peak RSS
is reported on its own.

`python -m benchmarks --only charts` (`run`) measures the real bot instead: `rakbot` in its own
process against the emulator, `/diagramm anwesenheit` waiting before it starts, then five more;
the time from process start and from "ready" to the first picture, and the peak RSS (VmHWM) of
the bot's process and of its render worker. The baseline is the bare PTB bot of the same run:
process start to its first answer, and its peak RSS.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

import psutil

from benchmarks.common import (
    COORDINATOR_ID,
    BotProcess,
    bot_environment,
    database,
    load_average,
    median,
    prepared_runtime,
    system_clock,
)
from rakbot.render import client
from rakbot.sandbox.emulator import BotApiEmulator

RANKING: dict[str, Any] = {
    "shape": "ranking",
    "title": "Wettbewerb Nr. 1: Wettbewerb 2027, 1. Aufruf",
    "xlabel": "Betrag in Euro (grün: ausgewählt)",
    "cutoff_label": "Budgetgrenze",
    "panels": [
        {
            "title": f"Förderbereich {area} – Budget 200.000,00 €",
            "cutoff": 2,
            "bars": [
                {
                    "label": f"{rank}. Antrag {area}{rank}",
                    "value": 120000 - rank * 9000,
                    "highlight": rank < 3,
                    "note": f"Ø {9 - rank * 0.5:.1f}".replace(".", ","),
                }
                for rank in range(1, 9)
            ],
        }
        for area in "ABCDEFGJ"
    ],
}


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


async def measure() -> dict[str, Any]:
    start = time.perf_counter()
    first = await client.render("chart", RANKING)
    first_seconds = time.perf_counter() - start
    times = []
    for _ in range(5):
        start = time.perf_counter()
        await client.render("chart", RANKING)
        times.append(time.perf_counter() - start)
    client.shutdown(wait=True)
    loaded = sorted(m for m in ("matplotlib", "fpdf", "openpyxl", "docx") if m in sys.modules)
    return {
        "first_chart_s": round(first_seconds, 2),
        "next_chart_median_s": round(sorted(times)[len(times) // 2], 2),
        "png_bytes": len(first),
        "caller_peak_rss_mb": round(_rss_mb(resource.RUSAGE_SELF), 1),
        "worker_peak_rss_mb": round(_rss_mb(resource.RUSAGE_CHILDREN), 1),
        "drawing_libraries_in_caller": loaded,
    }


CHART_COMMAND = "/diagramm anwesenheit"
FOLLOWING_CHARTS = 5


def _vm_hwm_mb(pid: int) -> float:
    """The peak resident set of a running process (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _worker_peak_mb(bot: BotProcess) -> float:
    """The render worker: the bot's child process, measured before the bot stops it."""
    assert bot.process is not None
    children = psutil.Process(bot.process.pid).children(recursive=True)
    peaks = []
    for child in children:
        with contextlib.suppress(OSError):
            peaks.append(_vm_hwm_mb(child.pid))
    return max(peaks, default=float("nan"))


async def _first_answer(kind: str, url: str, text: str) -> dict[str, Any]:
    """Start the bot with `text` waiting; seconds from process start and from ready to the
    answer's arrival (a photo for the chart), then (rakbot) the next charts."""
    async with BotApiEmulator() as emu:
        if kind == "full":
            await (await prepared_runtime(emu, url, system_clock())).db.dispose()
        office = emu.user("Renate", last_name="Breier", user_id=COORDINATOR_ID)
        wanted = "photo" if kind == "full" else "text"
        arrived = lambda: any(  # noqa: E731
            m.chat_id == office.id and m.kind == wanted for m in emu.messages
        )
        emu.send_message(office, text)
        bot = BotProcess(kind, bot_environment(emu, url))
        await bot.start(wait_ready=False)
        await emu.wait_for(arrived, timeout=120)
        first = time.perf_counter()
        await bot.wait(lambda: bot.ready_at > 0, 30)
        following = []
        for _ in range(FOLLOWING_CHARTS if kind == "full" else 0):
            start = time.perf_counter()
            await bot.wait_processed(emu.send_message(office, text), 120)
            following.append(time.perf_counter() - start)
        worker = _worker_peak_mb(bot) if kind == "full" else float("nan")
        await bot.stop()
        return {
            "from_start_s": round(first - bot.started_at, 3),
            "from_ready_s": round(max(0.0, first - bot.ready_at), 3),
            "next_median_s": round(median(following), 3) if following else None,
            "peak_rss_mb": round(bot.peak_rss_mb, 1),
            "worker_peak_rss_mb": round(worker, 1),
        }


async def run(params: dict[str, Any]) -> dict[str, Any]:
    """params: db."""
    load = load_average()
    async with database(params.get("db", "sqlite")) as url:
        full = await _first_answer("full", url, CHART_COMMAND)
        bare = await _first_answer("bare", url, "/start")
    return {"rakbot": full, "bare": bare, "load_before": load, "load_after": load_average()}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(measure())))
