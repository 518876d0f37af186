"""Telegram's flood limits for sending messages, as sliding windows over ``time.monotonic``."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class RateLimits:
    global_per_second: int = 30
    per_chat_per_second: int = 1
    per_group_per_minute: int = 20


class _Window:
    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = limit
        self.seconds = seconds
        self.stamps: deque[float] = deque()

    def wait_needed(self, now: float) -> float:
        """Seconds until one more event fits; 0 if it fits now."""
        while self.stamps and self.stamps[0] <= now - self.seconds:
            self.stamps.popleft()
        if len(self.stamps) < self.limit:
            return 0.0
        return self.stamps[0] + self.seconds - now


class RateLimiter:
    """Admits sends within the limits; refused sends do not count against them."""

    def __init__(self, limits: RateLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self._limits = limits
        self._clock = clock
        self._global = _Window(limits.global_per_second, 1.0)
        self._chats: dict[int, _Window] = {}
        self._groups: dict[int, _Window] = {}

    def admit(self, chat_id: int) -> int | None:
        """None if the send may go out now, else the ``retry_after`` seconds to answer."""
        now = self._clock()
        windows = [
            self._global,
            self._window(self._chats, chat_id, self._limits.per_chat_per_second, 1.0),
        ]
        if chat_id < 0:
            windows.append(
                self._window(self._groups, chat_id, self._limits.per_group_per_minute, 60.0)
            )
        wait = max(window.wait_needed(now) for window in windows)
        if wait > 0:
            return max(1, math.ceil(wait))
        for window in windows:
            window.stamps.append(now)
        return None

    @staticmethod
    def _window(windows: dict[int, _Window], chat_id: int, limit: int, seconds: float) -> _Window:
        window = windows.get(chat_id)
        if window is None:
            window = windows[chat_id] = _Window(limit, seconds)
        return window
