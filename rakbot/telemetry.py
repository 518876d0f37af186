"""Counts and times every processed update.

Used for the slow-update log line in production, for the latency figures of the benchmarks, and by
the test harness to know when the bot has finished with an update it was sent.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict, deque

_REMEMBERED = 4096
SLOW_UPDATE_SECONDS = 1.0


class UpdateStats:
    def __init__(self, keep_latencies: int = 100_000) -> None:
        self.processed = 0
        #: updates that reached the error handler (an exception no handler caught)
        self.errors = 0
        self.latencies: deque[float] = deque(maxlen=keep_latencies)
        self._done: OrderedDict[int, None] = OrderedDict()
        self._waiters: dict[int, list[asyncio.Future[None]]] = {}

    def record(self, update_id: int, started: float) -> float:
        elapsed = time.perf_counter() - started
        self.processed += 1
        self.latencies.append(elapsed)
        self._done[update_id] = None
        if len(self._done) > _REMEMBERED:
            self._done.popitem(last=False)
        for waiter in self._waiters.pop(update_id, []):
            if not waiter.done():
                waiter.set_result(None)
        return elapsed

    def record_error(self) -> None:
        self.errors += 1

    async def wait_processed(self, update_id: int, limit: float = 10.0) -> None:
        """Return once the update with this id has gone through every handler."""
        if update_id in self._done:
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(update_id, []).append(waiter)
        try:
            await asyncio.wait_for(waiter, limit)
        except TimeoutError:
            raise TimeoutError(f"update {update_id} was not processed within {limit} s") from None
