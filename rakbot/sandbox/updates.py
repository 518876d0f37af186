"""The pending updates of the bot, served by ``getUpdates`` long polling or a webhook."""

from __future__ import annotations

import asyncio
import contextlib

from rakbot.sandbox.models import JsonDict

# Telegram's default when a bot never chose ``allowed_updates`` (or chose an empty list).
_NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


def update_type(update: JsonDict) -> str:
    return next((key for key in update if key != "update_id"), "")


class UpdateQueue:
    """Updates wait here until confirmed; like Telegram, ``allowed_updates`` filters on arrival."""

    def __init__(self) -> None:
        self._pending: list[JsonDict] = []
        self._last_id = 0
        self._confirmed = 0
        self._allowed: frozenset[str] | None = None
        self._arrived = asyncio.Event()
        self._closed = False

    @property
    def confirmed(self) -> int:
        return self._confirmed

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    @property
    def allowed(self) -> list[str] | None:
        return sorted(self._allowed) if self._allowed is not None else None

    @property
    def last_id(self) -> int:
        """The newest update id handed out (0 before the first)."""
        return self._last_id

    def allocate_id(self) -> int:
        self._last_id += 1
        return self._last_id

    def set_allowed(self, allowed: list[str] | None) -> None:
        """Telegram keeps the previous choice when the parameter is left out (``None``)."""
        if allowed is not None:
            self._allowed = frozenset(allowed) if allowed else None

    def push(self, update: JsonDict) -> None:
        kind = update_type(update)
        allowed = (
            kind in self._allowed if self._allowed is not None else kind not in _NOT_BY_DEFAULT
        )
        if allowed:
            self._pending.append(update)
            self._wake()

    def first(self) -> JsonDict | None:
        return self._pending[0] if self._pending else None

    def confirm_below(self, offset: int) -> None:
        """Forget every update with an id below ``offset``, as a ``getUpdates`` offset does."""
        if offset < 0:
            del self._pending[: max(0, len(self._pending) + offset)]
            return
        self._pending = [u for u in self._pending if u["update_id"] >= offset]
        self._confirmed = max(self._confirmed, min(offset - 1, self._last_id))

    def confirm(self, update_id: int) -> None:
        """A webhook answered 200 for this update."""
        self._pending = [u for u in self._pending if u["update_id"] != update_id]
        self._confirmed = max(self._confirmed, update_id)

    def drop_all(self) -> None:
        self._pending.clear()

    async def poll(self, offset: int | None, limit: int, seconds: float) -> list[JsonDict]:
        """Confirm by ``offset``, then wait up to ``seconds`` for an update (a long poll)."""
        if offset is not None:
            self.confirm_below(offset)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while not self._pending and not self._closed:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            await self.wait_changed(remaining)
        return self._pending[: max(1, min(limit, 100))]

    async def wait_changed(self, seconds: float | None = None) -> None:
        """Return when an update arrives, the queue closes, or ``seconds`` pass."""
        event = self._arrived
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), seconds)

    def close(self) -> None:
        """Release every waiting long poll (the server is shutting down)."""
        self._closed = True
        self._wake()

    def _wake(self) -> None:
        # Waiters hold the old event; a fresh one makes the next wait block again.
        self._arrived.set()
        self._arrived = asyncio.Event()
