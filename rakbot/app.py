"""Builds the PTB Application: transport, rate limiter, ordered concurrency, handlers."""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.ext import Application, ApplicationBuilder

from handlers import register_handlers
from rakbot.config import Settings
from rakbot.processing import PerSenderOrderedProcessor
from rakbot.runtime import RUNTIME_KEY, Runtime
from rakbot.telemetry import SLOW_UPDATE_SECONDS
from rakbot.transport import RetryingRateLimiter

log = logging.getLogger(__name__)


class RakApplication(Application):  # type: ignore[type-arg]
    """Times every update (slow-update log, benchmarks, test harness)."""

    async def process_update(self, update: object) -> None:
        started = time.perf_counter()
        try:
            await super().process_update(update)
        finally:
            if isinstance(update, Update):
                runtime: Runtime | None = self.bot_data.get(RUNTIME_KEY)
                if runtime is not None:
                    elapsed = runtime.stats.record(update.update_id, started)
                    if elapsed > SLOW_UPDATE_SECONDS:
                        log.warning("update %s took %.2f s", update.update_id, elapsed)


def file_url_for(base_url: str) -> str:
    """PTB wants the file URL too: `…/bot` → `…/file/bot`."""
    root = base_url.removesuffix("/bot")
    return f"{root}/file/bot"


def build_application(settings: Settings, runtime: Runtime, token: str) -> Application:  # type: ignore[type-arg]
    application = (
        ApplicationBuilder()
        .application_class(RakApplication)
        .token(token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(file_url_for(settings.telegram_api_base_url))
        .rate_limiter(RetryingRateLimiter(max_retries=2))
        .concurrent_updates(PerSenderOrderedProcessor(settings.concurrent_updates))
        .connection_pool_size(max(16, settings.concurrent_updates * 2))
        .build()
    )
    application.bot_data[RUNTIME_KEY] = runtime
    register_handlers(application)
    return application
