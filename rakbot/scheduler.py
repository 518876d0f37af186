"""Delivers due outbox rows. APScheduler (PTB's JobQueue) only wakes it; the database decides.

A periodic sweep catches anything missed (a crash, a clock jump); a one-off job wakes it at the
next due row. No database transaction is open while the Bot API is called.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from telegram import Bot, InputFile, Message
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import ContextTypes, JobQueue

from rakbot.domain.reminders import UNREACHABLE_GIVE_UP, backoff_delay, unreachable_delay
from rakbot.runtime import Runtime
from rakbot.services import group_migration, reachability
from rakbot.services.outgoing import Outgoing, RemoveFromGroup, Skip
from rakbot.telegram_markup import inline_keyboard
from rakbot.views.markup import Keyboard
from storage.db import DatabaseBusy
from storage.models import Outbox, OutboxStatus
from storage.repositories import outbox
from storage.repositories.inbox import HANDLING, hold_loaded
from storage.session import AsyncSession

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
BATCH = 100
MAX_ATTEMPTS = 12
SWEEP_SECONDS = 30.0
PARALLEL_SENDS = 30
RENDER_CONNECTIONS = 3
_WAKE_JOB = "outbox-wake"


def telegram_markup(reply_markup: Keyboard | Any) -> Any:
    """Renderers describe buttons as plain `Keyboard`s; here, at the edge, they become Telegram
    markup. Anything else (`None`, markup built elsewhere) passes through unchanged."""
    if isinstance(reply_markup, Keyboard):
        return inline_keyboard(reply_markup)
    return reply_markup


@dataclass
class _Closing:
    """An outcome waiting to be recorded."""

    row_id: int
    status: OutboxStatus
    now: datetime
    message_id: int | None
    error: str | None
    done: asyncio.Future[bool]
    on_sent: Callable[[AsyncSession, int], Awaitable[None]] | None = None


@dataclass(frozen=True)
class _Claimed:
    """Rows claimed in one unit of work, each with what it renders to (None: render it
    alone), and when the next row falls due (`known` for the last batch of a run)."""

    rows: list[tuple[Outbox, Outgoing | RemoveFromGroup | Skip | None]]
    next_due: datetime | None
    known: bool


#: Turns a claimed row into a message at send time (so it shows the current state), or a Skip.
Renderer = Callable[
    [Runtime, AsyncSession, Outbox, datetime], Awaitable[Outgoing | RemoveFromGroup | Skip]
]


async def render_notice(
    runtime: Runtime, session: AsyncSession, row: Outbox, now: datetime
) -> Outgoing | Skip:
    """A ready text in the payload (notices to the office, confirmations)."""
    if row.chat_id is None:
        return Skip("no chat")
    return Outgoing(text=row.payload["text"], chat_id=row.chat_id)


@dataclass
class Dispatcher:
    runtime: Runtime
    bot: Bot
    job_queue: JobQueue[Any] | None = None
    renderers: dict[str, Renderer] = field(default_factory=dict)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _closing: list[_Closing] = field(default_factory=list)
    #: Renders take few connections, so that recording a sent message never queues behind them.
    _render_gate: asyncio.Semaphore = field(
        default_factory=lambda: asyncio.Semaphore(RENDER_CONNECTIONS)
    )
    _recorder: asyncio.Task[None] | None = None
    #: A row was postponed or more may have been planned while sending: the next wake-up
    #: is read again after the run.
    _replan: bool = False
    #: Deliveries that failed one after the other (reset by the next one that succeeds).
    failures_in_a_row: int = 0
    #: Checked after each sweep: tells the office when delivery falls behind and recovers.
    watch: Callable[[int], Awaitable[None]] | None = None

    def start(self) -> None:
        if self.job_queue is not None:
            self.job_queue.run_repeating(self._sweep, interval=SWEEP_SECONDS, first=1.0)

    async def _job(self, _context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.run_due()

    async def _sweep(self, _context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.run_due()
        await self.check_watch()

    async def check_watch(self) -> None:
        if self.watch is None:
            return
        try:
            await self.watch(self.failures_in_a_row)
        except Exception:  # the watch must never stop the sweeps
            log.exception("outbox watch failed")

    async def run_due(self) -> int:
        """Send everything that is due now; return how many rows were closed."""
        HANDLING.set(None)  # woken by a handler: its sends are no change of that update
        gate = asyncio.Semaphore(PARALLEL_SENDS)

        async def one(row: Outbox, rendered: Outgoing | RemoveFromGroup | Skip | None) -> bool:
            async with gate:
                try:
                    return await self._deliver(row, rendered)
                except Exception as exc:  # a bug in one row must not stop the others
                    log.exception("outbox row %s could not be delivered", row.id)
                    return await self._retry(row, repr(exc), None)

        async with self._lock:
            closed = 0
            self._replan = False
            while True:
                now = self.runtime.clock.now()
                claimed = await self._claim(now)
                results = await asyncio.gather(
                    *(one(row, rendered) for row, rendered in claimed.rows)
                )
                closed += sum(results)
                # Claim again after a full batch, when rendering planned rows due now (a
                # closing plans its result) or when sending did (a notice to the office, a
                # repost); an empty claim ends the run.
                due_now = claimed.next_due is not None and claimed.next_due <= now
                if not claimed.rows or (claimed.known and not due_now and not self._replan):
                    break
            await self._plan_wake(None if self._replan else claimed)
            return closed

    async def _claim(self, now: datetime) -> _Claimed:
        """One unit of work: claim the due rows, render them (from the state they show now)
        and, if this is the last batch, read when the next row falls due. A renderer that
        fails rolls the unit back; the rows are then claimed alone and each rendered in a
        unit of its own, so that one bad row holds up no other."""

        async def work(session: AsyncSession, render: bool) -> _Claimed:
            hold_loaded(session)
            rows = await outbox.claim_due(
                session, worker=self.runtime.worker_id, now=now, lease=LEASE, limit=BATCH
            )
            rendered: list[tuple[Outbox, Outgoing | RemoveFromGroup | Skip | None]] = []
            for row in rows:
                renderer = self.renderers.get(row.kind) if render else None
                outgoing = (
                    None if renderer is None else await renderer(self.runtime, session, row, now)
                )
                rendered.append((row, outgoing))
            next_due: datetime | None = None
            if len(rows) < BATCH:
                next_due = await outbox.next_due_at(session, besides=[row.id for row in rows])
            return _Claimed(rendered, next_due, known=len(rows) < BATCH)

        try:
            return await self.runtime.db.run(lambda s: work(s, True))
        except DatabaseBusy:
            raise
        except Exception:
            log.exception("rendering claimed outbox rows failed; each is rendered alone")
            self._replan = True
            return await self.runtime.db.run(lambda s: work(s, False))

    async def _plan_wake(self, claimed: _Claimed | None) -> None:
        """Wake again at the next due row (the sweep is the safety net). `claimed`: when the
        last claim read it already (nothing was postponed or planned since)."""
        if self.job_queue is None:
            return
        if claimed is not None and claimed.known:
            due = claimed.next_due
        else:
            due = await self.runtime.db.run(outbox.next_due_at)
        for job in self.job_queue.get_jobs_by_name(_WAKE_JOB):
            job.schedule_removal()
        if due is not None:
            delay = max((due - self.runtime.clock.now()).total_seconds(), 0.5)
            if delay < SWEEP_SECONDS:
                self.job_queue.run_once(self._job, when=delay, name=_WAKE_JOB)

    async def _deliver(
        self, row: Outbox, rendered: Outgoing | RemoveFromGroup | Skip | None = None
    ) -> bool:
        """Deliver one claimed row; `rendered`: what it was rendered to in the claiming unit
        of work (None: render it now, in a unit of its own)."""
        if rendered is None:
            renderer = self.renderers.get(row.kind)
            if renderer is None:
                log.error("outbox row %s has unknown kind %r", row.id, row.kind)
                error = f"unknown kind {row.kind}"
                return await self._finish(row, OutboxStatus.FAILED, error=error)
            now = self.runtime.clock.now()
            async with self._render_gate:
                rendered = await self.runtime.db.run(lambda s: renderer(self.runtime, s, row, now))
        if isinstance(rendered, Skip):
            log.info("outbox row %s (%s) skipped: %s", row.id, row.dedup_key, rendered.reason)
            return await self._finish(row, OutboxStatus.SKIPPED, error=rendered.reason)
        if isinstance(rendered, RemoveFromGroup):
            return await self._remove(row, rendered)
        return await self._send_rendered(row, rendered)

    async def _send_rendered(self, row: Outbox, outgoing: Outgoing) -> bool:
        if outgoing.on_sent is not None:
            self._replan = True  # recording the send may plan more
        try:
            message = await self._send(outgoing)
        except RetryAfter as exc:
            return await self._retry(row, str(exc), _seconds(exc.retry_after))
        except ChatMigrated as exc:
            # The group became a supergroup: follow it, then send there at once. A message to
            # edit stayed behind in the old group; running ballots are posted there anew.
            self._replan = True
            await group_migration.follow(self.runtime, outgoing.chat_id, exc.new_chat_id)
            if outgoing.edit_message_id is not None:
                return await self._finish(row, OutboxStatus.SKIPPED, error=str(exc))
            return await self._retry(row, str(exc), 0.0)
        except Forbidden as exc:
            return await self._unreachable(row, outgoing.chat_id, str(exc))
        except BadRequest as exc:
            return await self._refused(row, outgoing, exc)
        except (NetworkError, TelegramError) as exc:
            return await self._retry(row, str(exc), None)
        self.failures_in_a_row = 0
        self.runtime.metrics.delivered(row.kind, row.dedup_key)
        return await self._finish(row, OutboxStatus.SENT, message=message, on_sent=outgoing.on_sent)

    async def _refused(self, row: Outbox, outgoing: Outgoing, exc: BadRequest) -> bool:
        """A 400: an edit that changes nothing is done; anything else is refused for good."""
        if outgoing.edit_message_id is not None and "not modified" in str(exc).lower():
            return await self._finish(row, OutboxStatus.SENT)
        log.error("outbox row %s refused by Telegram: %s", row.id, exc)
        self._failed(row)
        await self._close_behind(outgoing)
        return await self._given_up(row, str(exc))

    async def _remove(self, row: Outbox, removal: RemoveFromGroup) -> bool:
        """Ban and unban (only if banned), so the person is out and may be invited again; a
        person who is not in the group is left alone. A refusal (the bot is no admin with the
        right to ban) is final for this row: the office is told and does it by hand."""
        outcome, refusal = "removed", None
        try:
            member = await self.bot.get_chat_member(removal.chat_id, removal.user_id)
            if member.status in ("left", "kicked"):
                outcome = "absent"
            else:
                await self.bot.ban_chat_member(removal.chat_id, removal.user_id)
                await self.bot.unban_chat_member(
                    removal.chat_id, removal.user_id, only_if_banned=True
                )
        except RetryAfter as exc:
            return await self._retry(row, str(exc), _seconds(exc.retry_after))
        except (BadRequest, Forbidden) as exc:
            refusal = str(exc)
        except (NetworkError, TelegramError) as exc:
            return await self._retry(row, str(exc), None)
        # the office's notice is planned here and goes out in this same run
        self._replan = True
        await self.runtime.db.run(lambda s: removal.on_done(s, outcome, refusal))
        if refusal is not None:
            log.warning("outbox row %s: removal from the group refused: %s", row.id, refusal)
            return await self._finish(row, OutboxStatus.FAILED, error=refusal)
        return await self._finish(row, OutboxStatus.SENT)

    def _failed(self, row: Outbox) -> None:
        self.failures_in_a_row += 1
        self.runtime.metrics.outbox_failed.labels(row.kind).inc()

    async def _send(self, outgoing: Outgoing) -> Message | None:
        markup = telegram_markup(outgoing.reply_markup)
        if outgoing.document is not None:
            return await self.bot.send_document(
                chat_id=outgoing.chat_id,
                document=outgoing.document.file_id
                or InputFile(outgoing.document.data, filename=outgoing.document.filename),
                caption=outgoing.text,
                parse_mode=outgoing.parse_mode,
                reply_markup=markup,
            )
        if outgoing.edit_message_id is None:
            return await self.bot.send_message(
                chat_id=outgoing.chat_id,
                text=outgoing.text,
                parse_mode=outgoing.parse_mode,
                reply_markup=markup,
            )
        edited = await self.bot.edit_message_text(
            chat_id=outgoing.chat_id,
            message_id=outgoing.edit_message_id,
            text=outgoing.text,
            parse_mode=outgoing.parse_mode,
            reply_markup=markup,
        )
        return edited if isinstance(edited, Message) else None

    async def _finish(
        self,
        row: Outbox,
        status: OutboxStatus,
        *,
        error: str | None = None,
        message: Message | None = None,
        on_sent: Callable[[AsyncSession, int], Awaitable[None]] | None = None,
    ) -> bool:
        """Record the outcome of a row. Outcomes of parallel sends are committed together by
        one writer, so that a message Telegram accepted is on record within one commit: a
        crash in that gap is the only way a message can go out twice (the Bot API has no
        idempotency key), and queueing behind one write transaction per row made it wide."""
        closing = _Closing(
            row.id,
            status,
            self.runtime.clock.now(),
            message.message_id if message else None,
            error,
            asyncio.get_running_loop().create_future(),
            on_sent if message is not None else None,
        )
        self._closing.append(closing)
        if self._recorder is None or self._recorder.done():
            self._recorder = asyncio.create_task(self._record_outcomes())
        done = await closing.done
        if not done:
            log.warning("outbox row %s: lease lost before it was closed", row.id)
        return done

    async def _record_outcomes(self) -> None:
        while self._closing:
            batch, self._closing = self._closing, []
            try:
                results = await self._record_batch(batch)
            except Exception as exc:
                for item in batch:
                    if not item.done.done():
                        item.done.set_exception(exc)
                continue
            for item, result in zip(batch, results, strict=True):
                if not item.done.done():
                    item.done.set_result(result)

    async def _record_batch(self, batch: list[_Closing]) -> list[bool]:
        """Close the rows of one batch in one commit. These messages went out; forgetting that
        would send them again once the lease ends, so while the database is unavailable the
        outcomes are held and tried again."""

        async def work(session: AsyncSession) -> list[bool]:
            results = []
            for item in batch:
                closed = await outbox.finish(
                    session,
                    item.row_id,
                    worker=self.runtime.worker_id,
                    status=item.status,
                    now=item.now,
                    message_id=item.message_id,
                    error=item.error,
                )
                if closed and item.on_sent is not None and item.message_id is not None:
                    await item.on_sent(session, item.message_id)
                results.append(closed)
            return results

        pause = 0.5
        while True:
            try:
                return await self.runtime.db.run(work)
            except DatabaseBusy:
                log.warning("database unavailable; holding %d sent outcomes", len(batch))
                await asyncio.sleep(pause)
                pause = min(pause * 2, 5.0)

    async def _retry(self, row: Outbox, error: str, retry_after: float | None) -> bool:
        self._failed(row)
        self._replan = True
        attempt = row.attempts + 1
        if attempt >= MAX_ATTEMPTS:
            log.error("outbox row %s failed %d times, giving up: %s", row.id, attempt, error)
            return await self._given_up(row, error)
        retry_at = self.runtime.clock.now() + backoff_delay(attempt, retry_after)
        log.warning(
            "outbox row %s attempt %d failed (%s); retry at %s",
            row.id,
            attempt,
            error,
            retry_at.isoformat(),
        )
        await self.runtime.db.run(
            lambda s: outbox.postpone(
                s, row.id, worker=self.runtime.worker_id, retry_at=retry_at, error=error
            )
        )
        return False

    async def _given_up(self, row: Outbox, error: str) -> bool:
        """A row that cannot be delivered is failed, and the office hears which and why."""
        self._replan = True
        now = self.runtime.clock.now()
        await self.runtime.db.run(lambda s: reachability.undeliverable(s, row, error, now))
        return await self._finish(row, OutboxStatus.FAILED, error=error)

    async def _close_behind(self, outgoing: Outgoing) -> None:
        """An edit that should leave a message without buttons (a closed ballot) and was
        refused: take the buttons off at least, so nobody presses on a closed message."""
        if outgoing.edit_message_id is None or outgoing.reply_markup is not None:
            return
        try:
            await self.bot.edit_message_reply_markup(
                chat_id=outgoing.chat_id, message_id=outgoing.edit_message_id, reply_markup=None
            )
        except TelegramError as exc:
            log.warning("buttons of message %s stay: %s", outgoing.edit_message_id, exc)

    async def _unreachable(self, row: Outbox, chat_id: int, error: str) -> bool:
        """403: the person blocked the bot or never started it. The office hears of it once;
        the row is tried again with back-off for a while (at once when the person writes)."""
        self._replan = True
        now = self.runtime.clock.now()
        await self.runtime.db.run(lambda s: reachability.refused(s, chat_id, error, now))
        attempt = row.attempts + 1
        if attempt >= MAX_ATTEMPTS or now - row.due_at > UNREACHABLE_GIVE_UP:
            log.warning("outbox row %s: chat %s refuses messages, giving up", row.id, chat_id)
            return await self._finish(row, OutboxStatus.FAILED, error=error)  # office knows
        retry_at = now + unreachable_delay(attempt)
        await self.runtime.db.run(
            lambda s: outbox.postpone(
                s, row.id, worker=self.runtime.worker_id, retry_at=retry_at, error=error
            )
        )
        return False


def _seconds(value: float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
