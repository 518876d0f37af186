"""Retention of appointment requests: `APPOINTMENT_RETENTION_DAYS` after a request is done,
its personal fields are blanked.

Anonymised rather than deleted: the row keeps its reference, state and dates without anything
personal, so the reference stays unique (SQLite would hand a deleted highest id out again, and
the audit log names requests by reference) and the office can still count its requests. The
link to the Telegram account goes, so /meine_daten no longer shows it; the texts of the
messages about it (notices, replies) and the applicant's chat id are forgotten in the outbox.
The purge runs periodically on the bot's clock, in batches, and several processes may run it
at once (each row is anonymised once).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rakbot.i18n import Translator
from rakbot.runtime import Runtime
from rakbot.services.appointment_desk import applicant_key_prefix
from rakbot.services.appointments import notice_key_prefix
from storage.models import AppointmentRequest
from storage.repositories import appointments, audit, outbox
from storage.session import AsyncSession

ANONYMISED = "gelöscht"
BATCH = 200


def period(runtime: Runtime) -> timedelta:
    return timedelta(days=runtime.settings.appointment_retention_days)


def deleted_from(runtime: Runtime, done_at: datetime | None) -> datetime | None:
    """When a done request's personal fields will be blanked (None while it is open)."""
    return None if done_at is None else done_at + period(runtime)


def period_text(t: Translator, days: int) -> str:
    """The period as the privacy notice states it: "183 Tage (etwa 6 Monate)"."""
    text = t.plural("{n} Tag", "{n} Tage", days)
    months = round(days / 30.44)
    if days >= 60:
        text += " " + t.plural("(etwa {n} Monat)", "(etwa {n} Monate)", months)
    return text


async def _anonymise(session: AsyncSession, request: AppointmentRequest, now: datetime) -> None:
    request.name = request.topic = request.contact = request.preferred_days = ANONYMISED
    request.telegram_user_id = None
    request.anonymised_at = now
    await outbox.forget_texts(session, notice_key_prefix(request.id))
    await outbox.forget_recipients(session, applicant_key_prefix(request.id))
    audit.record(
        session,
        committee_id=request.committee_id,
        actor_member_id=None,
        action="appointment.anonymised",
        subject=request.reference,
    )


async def purge(runtime: Runtime) -> int:
    """Anonymise every done request whose retention period has ended; how many."""
    total = 0
    while True:
        now = runtime.clock.now()
        before = now - period(runtime)

        async def work(
            session: AsyncSession, now: datetime = now, before: datetime = before
        ) -> int:
            due = await appointments.done_before(session, before, BATCH)
            for request in due:
                await _anonymise(session, request, now)
            return len(due)

        count = await runtime.db.run(work)
        total += count
        if count < BATCH:
            return total
