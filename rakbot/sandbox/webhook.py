"""Delivery of pending updates to the bot's webhook, one at a time and in order, like Telegram."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import Callable

import aiohttp

from rakbot.sandbox.models import JsonDict
from rakbot.sandbox.updates import UpdateQueue

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
RETRY_DELAY = 0.2
"""Telegram backs off for seconds to minutes; a short pause keeps tests of retries quick."""


class WebhookSender:
    def __init__(self, queue: UpdateQueue, on_delivered: Callable[[], None]) -> None:
        self._queue = queue
        self._on_delivered = on_delivered
        self._session: aiohttp.ClientSession | None = None
        self._task: asyncio.Task[None] | None = None
        self.url: str | None = None
        self.secret: str | None = None
        self.last_error: tuple[int, str] | None = None
        #: Several bot processes behind one load balancer: deliver round-robin to these URLs
        #: instead of the one the bot set (empty: Telegram's single URL).
        self.spread: list[str] = []
        self._turn = 0
        self.deliveries: Counter[str] = Counter()

    async def start(self, url: str, secret: str | None) -> None:
        await self.stop()
        self.url, self.secret, self.last_error = url, secret, None
        self._task = asyncio.create_task(self._deliver(), name="webhook-delivery")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self.url = None

    async def close(self) -> None:
        await self.stop()
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _target(self) -> str | None:
        if not self.spread:
            return self.url
        url = self.spread[self._turn % len(self.spread)]
        self._turn += 1
        return url

    async def post(self, body: JsonDict, secret: str | None, url: str | None = None) -> int:
        """POST ``body`` to the webhook as Telegram would and return the HTTP status."""
        url = url or self.url
        if self.url is None or url is None:
            raise RuntimeError("no webhook is set")
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        async with self._session.post(url, json=body, headers=headers) as response:
            await response.read()
            return response.status

    async def _deliver(self) -> None:
        while True:
            update = self._queue.first()
            if update is None:
                await self._queue.wait_changed()
                continue
            url = self._target()
            try:
                status = await self.post(update, self.secret, url)
                error = f"Wrong response from the webhook: {status}"
            except (aiohttp.ClientError, TimeoutError) as exc:
                status, error = 0, f"Connection failed: {exc!r}"
            if status == 200:
                self.deliveries[str(url)] += 1
                self._queue.confirm(update["update_id"])
                self._on_delivered()
            else:
                self.last_error = (int(time.time()), error)
                await asyncio.sleep(RETRY_DELAY)
