"""Running a render job in a worker process, off the event loop (see the package's docstring)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import weakref
from typing import Any

#: at most this many workers at once (per event loop), so that a burst of requests cannot
#: exhaust memory
_PARALLEL = 2
_WORKERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)
TIMEOUT_SECONDS = 60.0


class RenderError(RuntimeError):
    """The worker failed; its message (a traceback) is for the log, not for people."""


async def render(job: str, data: dict[str, Any]) -> bytes:
    """The file of `job` drawn from `data` by a fresh worker process."""
    payload = json.dumps({"job": job, "data": data}, ensure_ascii=False).encode("utf-8")
    env = {**os.environ, "MPLBACKEND": "Agg"}
    loop = asyncio.get_running_loop()
    workers = _WORKERS.setdefault(loop, asyncio.Semaphore(_PARALLEL))
    async with workers:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "rakbot.render",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
        )
        try:
            out, err = await asyncio.wait_for(process.communicate(payload), TIMEOUT_SECONDS)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise RenderError(f"{job}: no result within {TIMEOUT_SECONDS:.0f} s") from None
    if process.returncode != 0 or not out:
        raise RenderError(f"{job}: exit {process.returncode}: {err.decode(errors='replace')}")
    return out
