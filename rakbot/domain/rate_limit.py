"""How often one person may do something that reaches the office (appointment requests)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Limit:
    """At most `count` times within any `window`."""

    count: int
    window: timedelta


def next_allowed(earlier: Iterable[datetime], now: datetime, limit: Limit) -> datetime | None:
    """None when one more is allowed now; otherwise the moment it is (when the oldest of the
    last `limit.count` leaves the window)."""
    recent = sorted(at for at in earlier if at > now - limit.window)
    if len(recent) < limit.count:
        return None
    return recent[-limit.count] + limit.window
