"""Charts and files drawn in the render worker: the time of the first chart after start-up (a
cold worker: process start and matplotlib import included), of the next ones, and the memory of
the bot's process and of the worker.

`python -m benchmarks.charts` prints one JSON line. The bot's process must not grow by the
drawing libraries at all (they are never imported there, checked below); the worker's peak RSS
is reported on its own.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from typing import Any

from rakbot.render import client

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


if __name__ == "__main__":
    print(json.dumps(asyncio.run(measure())))
