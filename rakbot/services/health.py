"""What the health endpoints and the outbox alerts ask: is the bot able to do its work?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rakbot.runtime import Runtime
from storage.migrate import current_revision, head_revision
from storage.repositories import outbox


@dataclass(frozen=True)
class Backlog:
    """Outbox rows that are due and not delivered yet."""

    due: int
    oldest_due_at: datetime | None
    now: datetime

    @property
    def oldest_age_seconds(self) -> float:
        if self.oldest_due_at is None:
            return 0.0
        return max((self.now - self.oldest_due_at).total_seconds(), 0.0)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


async def backlog(runtime: Runtime) -> Backlog:
    now = runtime.clock.now()
    due, oldest = await runtime.db.run(lambda s: outbox.backlog(s, now))
    return Backlog(due=due, oldest_due_at=oldest, now=now)


async def readiness(runtime: Runtime) -> list[Check]:
    """Database reachable, migrations current, outbox lag under `OUTBOX_LAG_LIMIT_SECONDS`."""
    try:
        revision = await current_revision(runtime.db)
    except Exception as exc:  # any failure to connect means "not ready", with its reason
        return [Check("database", False, f"{exc.__class__.__name__}: unreachable")]
    checks = [Check("database", True, runtime.db.dialect)]
    head = head_revision()
    checks.append(Check("migrations", revision == head, f"{revision} (head {head})"))
    try:
        pending = await backlog(runtime)
    except Exception as exc:
        checks.append(Check("outbox", False, f"{exc.__class__.__name__}"))
        return checks
    limit = runtime.settings.outbox_lag_limit_seconds
    age = pending.oldest_age_seconds
    checks.append(
        Check("outbox", age <= limit, f"{pending.due} due, oldest {age:.0f} s (limit {limit} s)")
    )
    return checks
