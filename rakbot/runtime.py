"""What every handler and job needs, built once per process and kept in `bot_data`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from rakbot.clock import Clock
from rakbot.config import Settings
from rakbot.content import Content
from rakbot.content.desk import Desk
from rakbot.metrics import Metrics
from rakbot.telemetry import UpdateStats
from storage.db import Database

RUNTIME_KEY = "rakbot.runtime"


@dataclass
class Runtime:
    settings: Settings
    db: Database
    clock: Clock
    content: Content
    committee_id: int
    _desk: Desk | None = None
    _desk_built: asyncio.Lock = field(default_factory=asyncio.Lock)
    stats: UpdateStats = field(default_factory=UpdateStats)
    metrics: Metrics = field(default_factory=Metrics)
    #: Name of this process in outbox claims, so a lease shows who holds a row.
    worker_id: str = "rakbot"
    #: Asks the outbox dispatcher to deliver what is due now (set when the bot starts).
    wake_outbox: Callable[[], None] = lambda: None

    def __post_init__(self) -> None:
        self.db.on_retry = self.metrics.db_retries.inc
        self.db.clock = self.clock.now

    async def desk(self) -> Desk:
        """The applicant desk over the content, with the FAQ search indexes. Built once, in a
        worker thread: lemmatising every FAQ entry takes a second or so, which neither the
        start-up nor the event loop should wait for (the bot starts building it as soon as it
        polls; a question that comes earlier waits for the build)."""
        if self._desk is None:
            async with self._desk_built:
                if self._desk is None:
                    self._desk = await asyncio.to_thread(Desk, self.content)
        return self._desk
