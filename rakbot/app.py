"""Builds the PTB Application: transport, rate limiter, ordered concurrency, handlers."""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes

from handlers import register_handlers
from handlers.common import UpdateContext
from rakbot.aiohttp_request import bot_api_request
from rakbot.config import Settings
from rakbot.inbox import DurableUpdateQueue, begin_handling, end_handling
from rakbot.processing import PerSenderOrderedProcessor
from rakbot.runtime import RUNTIME_KEY, Runtime
from rakbot.telemetry import SLOW_UPDATE_SECONDS
from rakbot.transport import FittingBot, RetryingRateLimiter
from storage.repositories.inbox import HANDLING

log = logging.getLogger(__name__)

#: Messages per second to all chats together, spaced evenly. Telegram allows 30 in any second;
#: PTB's default (a bucket of 30 per second) sends 30 at once and up to 30 more within the same
#: second, which Telegram answers with 429 and a retry_after that stalls every request. Evenly
#: spaced at 29/s no second ever holds more than 30 (measured: a reminder to 300 chats went out
#: without a single 429, in place of 36 with the default bucket).
OVERALL_PER_SECOND = 29
OVERALL_BURST = 1


class RakApplication(Application):  # type: ignore[type-arg]
    """Times every update (slow-update log, benchmarks, test harness) and marks a stored
    update done once its handlers ran (see `rakbot.inbox`)."""

    async def process_update(self, update: object) -> None:
        started = time.perf_counter()
        runtime: Runtime | None = self.bot_data.get(RUNTIME_KEY)
        queue = self.update_queue
        handling = None
        if runtime is not None and isinstance(queue, DurableUpdateQueue):
            handling = begin_handling(queue, update, runtime)
        token = HANDLING.set(handling)
        try:
            await super().process_update(update)
        finally:
            HANDLING.reset(token)
            if handling is not None and runtime is not None:
                await end_handling(queue, handling, runtime)
            if isinstance(update, Update) and runtime is not None:
                elapsed = runtime.stats.record(update.update_id, started)
                runtime.metrics.updates.labels(update_kind(update)).inc()
                runtime.metrics.handler_seconds.observe(elapsed)
                if elapsed > SLOW_UPDATE_SECONDS:
                    log.warning("update %s took %.2f s", update.update_id, elapsed)


def update_kind(update: Update) -> str:
    """`message`, `callback_query`, `inline_query`, … (the field the update carries)."""
    for kind in Update.ALL_TYPES:
        if getattr(update, kind, None) is not None:
            return str(kind)
    return "other"


def file_url_for(base_url: str) -> str:
    """PTB wants the file URL too: `…/bot` → `…/file/bot`."""
    root = base_url.removesuffix("/bot")
    return f"{root}/file/bot"


def build_application(
    settings: Settings, runtime: Runtime, token: str, *, per_group_limit: bool = True
) -> Application:  # type: ignore[type-arg]
    """`per_group_limit=False` lifts PTB's 20-per-minute pacing of one group's messages (the
    demo: its clock runs ahead of real time, so real-time pacing would only stall it)."""
    group_limit = {} if per_group_limit else {"group_max_rate": 0}
    updates = DurableUpdateQueue()
    updates.runtime = runtime
    bot = FittingBot(
        token,
        base_url=settings.telegram_api_base_url,
        base_file_url=file_url_for(settings.telegram_api_base_url),
        request=bot_api_request(
            settings.bot_api_transport, max(16, settings.concurrent_updates * 2)
        ),
        get_updates_request=bot_api_request(settings.bot_api_transport, 1),
        rate_limiter=RetryingRateLimiter(
            overall_max_rate=OVERALL_BURST,
            overall_time_period=OVERALL_BURST / OVERALL_PER_SECOND,
            max_retries=2,
            metrics=runtime.metrics,
            **group_limit,
        ),
    )
    application = (
        ApplicationBuilder()
        .application_class(RakApplication)
        .update_queue(updates)
        .bot(bot)
        .concurrent_updates(PerSenderOrderedProcessor(settings.concurrent_updates))
        .context_types(ContextTypes(context=UpdateContext))
        .build()
    )
    application.bot_data[RUNTIME_KEY] = runtime
    register_handlers(application)
    return application
