"""Running render jobs in a worker process, off the event loop (see the package's docstring).

One worker process (spawned, not forked: the bot's process has threads and open connections)
is started on first use and kept: it keeps its libraries imported, so only the first job after
start-up pays for loading them (`warm_up` pays it ahead, e.g. before timed tests).
Jobs queue for it one at a time, so a burst of requests cannot multiply its memory. A worker
that died is replaced at the next job.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from rakbot.render.jobs import run

TIMEOUT_SECONDS = 60.0
_pool: ProcessPoolExecutor | None = None


class RenderError(RuntimeError):
    """The worker failed; its message is for the log, not for people."""


def _executor() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        os.environ.setdefault("MPLBACKEND", "Agg")
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    return _pool


def shutdown(*, wait: bool = False) -> None:
    """End the worker; the next job starts a new one."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=wait, cancel_futures=True)
        _pool = None


async def render(job: str, data: dict[str, Any]) -> bytes:
    """The file of `job` drawn from `data` by the worker process."""
    global _pool
    loop = asyncio.get_running_loop()
    try:
        future = loop.run_in_executor(_executor(), run, job, data)
        return await asyncio.wait_for(future, TIMEOUT_SECONDS)
    except BrokenProcessPool as error:
        _pool = None
        raise RenderError(f"{job}: the render worker died") from error
    except TimeoutError:
        shutdown()
        raise RenderError(f"{job}: no result within {TIMEOUT_SECONDS:.0f} s") from None


async def warm_up() -> None:
    """Start the worker and load its libraries now, so that the next job is quick."""
    await render("warm", {})
