"""What every handler and job needs, built once per process and kept in `bot_data`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rakbot.clock import Clock
from rakbot.config import Settings
from rakbot.content import Content, FaqIndex
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
    faq: dict[str, FaqIndex] = field(default_factory=dict)
    _desk: Desk | None = None
    stats: UpdateStats = field(default_factory=UpdateStats)
    metrics: Metrics = field(default_factory=Metrics)
    #: Name of this process in outbox claims, so a lease shows who holds a row.
    worker_id: str = "rakbot"
    #: Asks the outbox dispatcher to deliver what is due now (set when the bot starts).
    wake_outbox: Callable[[], None] = lambda: None

    def __post_init__(self) -> None:
        self.db.on_retry = self.metrics.db_retries.inc
        self.db.clock = self.clock.now

    def faq_index(self, lang: str) -> FaqIndex:
        if lang not in self.faq:
            self.faq[lang] = FaqIndex(self.content.faq, lang)
        return self.faq[lang]

    def desk(self) -> Desk:
        """The applicant desk over the content (built on first use)."""
        if self._desk is None:
            self._desk = Desk(self.content)
        return self._desk
