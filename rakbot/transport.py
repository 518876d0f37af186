"""The Bot API transport: Telegram's rate limits plus retries of calls that are safe to repeat.

PTB's `AIORateLimiter` waits out flood control (429). A 5xx answer, a timeout or a dropped
connection is raised at once, though, and a handler whose `answerCallbackQuery` fails that way
leaves the user's button spinning although the press was stored. Calls that can be repeated
without effect (answering a query twice is refused, an edit to the same content is "not
modified", reads and settings are idempotent) are therefore retried a few times with a short
pause. Sends are not: Telegram may have delivered a message whose answer was lost, and a repeat
would show it twice. The outbox retries its own sends with back-off; a reply in a dialog that
fails is reported to the user by the error handler.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter

from rakbot.metrics import Metrics

log = logging.getLogger(__name__)

#: Bot API methods whose repetition changes nothing that the first call did not already do.
IDEMPOTENT = frozenset(
    {
        "answerCallbackQuery",
        "answerInlineQuery",
        "editMessageText",
        "editMessageReplyMarkup",
        "editMessageCaption",
        "deleteMessage",
        "pinChatMessage",
        "unpinChatMessage",
        "getMe",
        "getChat",
        "getChatMember",
        "getWebhookInfo",
        "setWebhook",
        "deleteWebhook",
        "setMyCommands",
        "deleteMyCommands",
        "setChatMenuButton",
    }
)
RETRIES = 3
FIRST_PAUSE = 0.1


class RetryingRateLimiter(AIORateLimiter):
    """`AIORateLimiter` that also retries idempotent calls after 5xx, timeouts and lost
    connections."""

    def __init__(
        self, *, retries: int = RETRIES, metrics: Metrics | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self._retries = retries
        self._metrics = metrics

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        if self._metrics is not None:
            callback = _counted(callback, endpoint, self._metrics)
        pause = FIRST_PAUSE
        for attempt in range(self._retries + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except BadRequest:
                raise
            except NetworkError as exc:
                if endpoint not in IDEMPOTENT or attempt == self._retries:
                    raise
                log.info("%s failed (%s); retrying in %.1f s", endpoint, exc, pause)
                await asyncio.sleep(pause)
                pause *= 3
        raise AssertionError("unreachable")


def _counted(
    callback: Callable[..., Coroutine[Any, Any, Any]], endpoint: str, metrics: Metrics
) -> Callable[..., Coroutine[Any, Any, Any]]:
    """The request itself, counted once per HTTP call (the limiter repeats it after a 429)."""

    async def call(*args: Any, **kwargs: Any) -> Any:
        metrics.botapi_calls.labels(endpoint).inc()
        try:
            return await callback(*args, **kwargs)
        except RetryAfter:
            metrics.botapi_flood_waits.labels(endpoint).inc()
            metrics.botapi_errors.labels(endpoint, "RetryAfter").inc()
            raise
        except TelegramError as exc:
            metrics.botapi_errors.labels(endpoint, exc.__class__.__name__).inc()
            raise

    return call
