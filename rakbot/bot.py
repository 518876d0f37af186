"""The bot's lifecycle, one code path for `rakbot run`, `rakbot demo` and the tests."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
from dataclasses import dataclass, field
from datetime import timedelta

from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from handlers import ALL_COMMANDS
from handlers.menus import publish_app_button, publish_default_menus, publish_personal_menu
from rakbot import __version__, inbox
from rakbot.app import build_application
from rakbot.clock import Clock, SystemClock
from rakbot.config import Settings
from rakbot.file_sender import file_sender
from rakbot.outbox_kinds import RENDERERS
from rakbot.preflight import load_checked_content, open_database, require_token
from rakbot.runtime import Runtime
from rakbot.scheduler import Dispatcher
from rakbot.services import appointment_retention, meeting_reminders, roster
from rakbot.services.bootstrap import committee_count, ensure_committee
from rakbot.services.ops_alerts import OutboxAlerts
from rakbot.services.people import identify
from rakbot.startup_errors import (
    bot_api_unreachable,
    missing_webhook_settings,
    port_unavailable,
    token_rejected,
)
from rakbot.web import calendar_feed, miniapp
from rakbot.web.health import health_routes
from rakbot.web.metrics import metrics_routes
from rakbot.web.server import WebServer
from rakbot.web.webhook import webhook_routes
from storage.db import public_url
from storage.migrate import current_revision, upgrade

log = logging.getLogger(__name__)
POLL_TIMEOUT_SECONDS = 10
UPDATE_SWEEP_SECONDS = 30.0
#: how often expired appointment requests are looked for (the period is counted in days)
PURGE_SECONDS = 3600.0


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class RakBot:
    settings: Settings
    clock: Clock | None = None
    worker_id: str = field(default_factory=default_worker_id)
    runtime: Runtime | None = None
    application: Application | None = None  # type: ignore[type-arg]
    webhook: bool = False
    dispatcher: Dispatcher | None = None
    web: WebServer | None = None
    #: False in the demo only (see `build_application`).
    per_group_limit: bool = True
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        if self.clock is None:
            self.clock = SystemClock(timedelta(seconds=self.settings.clock_offset_seconds))

    async def prepare(self) -> Runtime:
        """Database up to date, content loaded and checked, committee seeded."""
        db = await open_database(self.settings)
        db.clock = self.clock.now  # the seeding's audit entries too
        try:
            await upgrade(db)
            content = load_checked_content(self.settings)
        except BaseException:
            await db.dispose()
            raise
        committee_id = await ensure_committee(db, self.settings, content)
        self.runtime = Runtime(
            settings=self.settings,
            db=db,
            clock=self.clock,
            content=content,
            committee_id=committee_id,
            worker_id=self.worker_id,
        )
        return self.runtime

    async def start(self, *, webhook: bool = False) -> None:
        token = require_token(self.settings)
        if webhook and (not self.settings.webhook_url or self.settings.webhook_secret is None):
            raise missing_webhook_settings()
        runtime = self.runtime or await self.prepare()
        self.webhook = webhook
        application = build_application(
            self.settings, runtime, token, per_group_limit=self.per_group_limit
        )
        self.application = application
        try:
            await application.initialize()
        except InvalidToken:
            raise token_rejected() from None
        except NetworkError as exc:
            raise bot_api_unreachable(self.settings.telegram_api_base_url, exc) from None
        self.dispatcher = Dispatcher(
            runtime, application.bot, application.job_queue, renderers=dict(RENDERERS)
        )
        runtime.wake_outbox = lambda: application.create_task(self.dispatcher.run_due())
        alerts = OutboxAlerts(runtime, self._send_alert)
        self.dispatcher.watch = alerts.check
        await self._publish_menus()
        # Updates a crashed process fetched but did not finish go first, so that each person's
        # presses keep their order; then new ones are fetched.
        await inbox.take_over(
            runtime, application.update_queue, application.bot, everything=not webhook
        )
        self.web = WebServer()
        self.web.mount(health_routes(runtime))
        self.web.mount(metrics_routes(runtime))
        self.web.mount(
            miniapp.routes(runtime, application.bot.username, file_sender(application.bot))
        )
        self.web.mount(calendar_feed.routes(runtime))
        if webhook:
            await self._start_webhook()
        else:
            await application.updater.start_polling(
                timeout=POLL_TIMEOUT_SECONDS, allowed_updates=ALLOWED_UPDATES
            )
            if self.settings.http_port is not None:
                await self._start_web(self.settings.http_listen, self.settings.http_port)
        await application.start()
        application.create_task(runtime.desk(), name="applicant desk")  # before the first question
        planned = await meeting_reminders.replan_all(runtime)
        if planned:
            log.info("planned %d missing reminders at start-up", planned)
        await self.purge_expired()
        self.dispatcher.start()
        application.job_queue.run_repeating(
            self._look_after_updates, interval=UPDATE_SWEEP_SECONDS, first=UPDATE_SWEEP_SECONDS
        )
        application.job_queue.run_repeating(
            self._purge_job, interval=PURGE_SECONDS, first=PURGE_SECONDS
        )
        await self._log_started(webhook)

    async def _log_started(self, webhook: bool) -> None:
        runtime = self.runtime
        log.info(
            "rakbot %s started (%s) as @%s; database %s, migration %s; %d committee(s)",
            __version__,
            "webhook" if webhook else "polling",
            self.application.bot.username,
            public_url(self.settings.database_url),
            await current_revision(runtime.db),
            await committee_count(runtime.db),
        )

    async def _look_after_updates(self, _context: object) -> None:
        """With several webhook processes, one takes over what another left when it ended;
        handled updates are forgotten after a day."""
        application, runtime = self.application, self.runtime
        if application is None or runtime is None:
            return
        if self.webhook:
            await inbox.take_over(
                runtime, application.update_queue, application.bot, everything=False
            )
        await inbox.tidy(runtime)

    async def purge_expired(self) -> int:
        """Anonymise the appointment requests whose retention period ended (at start-up and
        every `PURGE_SECONDS`, on the bot's clock)."""
        if self.runtime is None:
            return 0
        purged = await appointment_retention.purge(self.runtime)
        if purged:
            log.info("anonymised %d appointment requests after their retention period", purged)
        return purged

    async def _purge_job(self, _context: object) -> None:
        await self.purge_expired()

    async def _start_webhook(self) -> None:
        """The webhook is a route of the shared web server, beside health and metrics."""
        settings = self.settings
        assert settings.webhook_url and settings.webhook_secret is not None  # checked in start
        secret = settings.webhook_secret.get_secret_value()
        application = self.application
        self.web.mount(
            webhook_routes(settings.webhook_path, secret, application.bot, application.update_queue)
        )
        await self._start_web(settings.webhook_listen, settings.webhook_port)
        await application.bot.set_webhook(
            url=settings.webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
        )

    async def _start_web(self, host: str, port: int) -> None:
        try:
            await self.web.start(host, port)
        except OSError as exc:
            raise port_unavailable(host, port, exc) from None

    async def _send_alert(self, chat_id: int, text: str) -> bool:
        try:
            await self.application.bot.send_message(chat_id=chat_id, text=text)
        except TelegramError as exc:
            log.warning("operational alert to chat %s not delivered: %s", chat_id, exc)
            return False
        return True

    async def _publish_menus(self) -> None:
        bot = self.application.bot
        await publish_default_menus(bot, ALL_COMMANDS)
        runtime = self.runtime
        app_url = self.settings.webapp_url
        for telegram_user_id in self.settings.coordinator_ids:
            who = await identify(runtime.db, runtime.committee_id, telegram_user_id)
            await publish_personal_menu(bot, ALL_COMMANDS, who, runtime.committee_id, app_url)
        if app_url is not None:  # "RAK öffnen" for everyone already in the roster
            members = (await roster.roster(runtime, runtime.committee_id)).members
            for member in members:
                if member.telegram_user_id is not None:
                    who = await identify(runtime.db, runtime.committee_id, member.telegram_user_id)
                    await publish_app_button(bot, who, runtime.committee_id, app_url)

    async def stop(self) -> None:
        if self.web is not None:
            await self.web.stop()
            self.web = None
        application = self.application
        if application is not None:
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
            await application.shutdown()
            self.application = None
            if self.runtime is not None:
                await inbox.release(self.runtime)
        if self.runtime is not None:
            await self.runtime.db.dispose()
            self.runtime = None

    def request_stop(self) -> None:
        self._stopping.set()

    async def run_until_stopped(self, *, webhook: bool = False) -> None:
        """Run until SIGINT or SIGTERM, then shut down cleanly."""
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.request_stop)
        try:
            await self.start(webhook=webhook)
            await self._stopping.wait()
            log.info("stopping")
        finally:
            await self.stop()


ALLOWED_UPDATES = [
    "message",
    "edited_message",
    "callback_query",
    "inline_query",
    "my_chat_member",
    "chat_join_request",
]
