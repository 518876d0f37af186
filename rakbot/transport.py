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

from telegram import Message
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter, ExtBot

from rakbot.domain.message_size import CAPTION_LIMIT, shorten, split_message
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


class FittingBot(ExtBot[Any]):
    """A bot whose messages always fit Telegram's limits (see `rakbot.domain.message_size`):
    an overlong text goes out as several messages (the buttons on the last one), an overlong
    edit or caption is shortened. Without this a growing message would be refused for good."""

    async def initialize(self) -> None:
        """PTB opens both connection pools before its first call (getMe) and leaves them open
        when that call fails; a bot that cannot start closes them before it says why."""
        try:
            await super().initialize()
        except Exception:
            await asyncio.gather(*(request.shutdown() for request in self._request))
            raise

    async def send_message(self, chat_id: Any, text: str, **kwargs: Any) -> Message:  # type: ignore[override]
        parts = split_message(text, is_html=_is_html(kwargs))
        if len(parts) == 1:
            return await super().send_message(chat_id, text, **kwargs)
        last_only = {key: kwargs.pop(key) for key in ("reply_markup",) if key in kwargs}
        log.info("a message of %d characters goes out in %d parts", len(text), len(parts))
        for part in parts[:-1]:
            await super().send_message(chat_id, part, **kwargs)
            for key in ("reply_parameters", "reply_to_message_id"):
                kwargs.pop(key, None)
        return await super().send_message(chat_id, parts[-1], **kwargs, **last_only)

    async def edit_message_text(self, text: str, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        return await super().edit_message_text(
            shorten(text, is_html=_is_html(kwargs)), *args, **kwargs
        )

    async def send_document(
        self, chat_id: Any, document: Any, *args: Any, **kwargs: Any
    ) -> Message:  # type: ignore[override]
        caption = kwargs.get("caption")
        if isinstance(caption, str):
            kwargs["caption"] = shorten(caption, CAPTION_LIMIT, is_html=_is_html(kwargs))
        return await super().send_document(chat_id, document, *args, **kwargs)


def _is_html(kwargs: dict[str, Any]) -> bool:
    return str(kwargs.get("parse_mode") or "").upper() == "HTML"
