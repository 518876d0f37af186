"""Outbox renderers of ballots: live edit, deadline close, result message, reminders.

Each runs at send time inside the dispatcher's unit of work and renders the current state, so
a late or retried row never shows stale numbers.
"""

from __future__ import annotations

import hashlib
import html
import json
from datetime import datetime, timedelta

from rakbot.domain.dates import format_short
from rakbot.domain.reminder_choices import ReminderChoices, gets_ballot_reminders
from rakbot.i18n import GROUP_LANGUAGE, Translator, translator
from rakbot.runtime import Runtime
from rakbot.services import ballots as service
from rakbot.services.ballot_render import ballot_keyboard, ballot_text, name_list, result_line
from rakbot.services.group_migration import REPOST_KIND
from rakbot.services.outgoing import Outgoing, Skip
from storage.models import Ballot, Outbox
from storage.repositories import audit, ballots, outbox
from storage.session import AsyncSession

#: Group messages are written in the committee's language.


async def _ballot(session: AsyncSession, row: Outbox) -> Ballot | None:
    if row.ballot_id is None:
        return None
    return await ballots.by_id(session, row.ballot_id)


async def render_refresh(
    runtime: Runtime, session: AsyncSession, row: Outbox, now: datetime
) -> Outgoing | Skip:
    # the ballot as it is once the render is claimed (one statement in the usual case)
    ballot = (
        None if row.ballot_id is None else await ballots.claim_posted_render(session, row.ballot_id)
    )
    if ballot is None:
        ballot = await _ballot(session, row)
        if ballot is None or ballot.chat_id is None or ballot.message_id is None:
            return Skip("ballot message not posted")
        if row.attempts == 0:
            return Skip("message shows the current state already")
    t = translator(GROUP_LANGUAGE)
    view = await service.build_view(session, ballot)
    text, markup = ballot_text(t, view), ballot_keyboard(t, view)
    shown = json.dumps([text, markup.to_dict() if markup else None], sort_keys=True)
    digest = hashlib.sha256(shown.encode()).hexdigest()
    if row.attempts == 0 and await ballots.last_edit_digest(session, ballot.id) == digest:
        return Skip("message shows this text already")
    await ballots.remember_digest(session, row.id, digest)
    audit.record(
        session,
        committee_id=ballot.committee_id,
        actor_member_id=None,
        action="ballot.message_edited",
        subject=f"ballot:{ballot.id}",
        status=ballot.status,
    )
    return Outgoing(
        text=text, chat_id=ballot.chat_id, reply_markup=markup, edit_message_id=ballot.message_id
    )


async def render_deadline(
    runtime: Runtime, session: AsyncSession, row: Outbox, now: datetime
) -> Outgoing | Skip:
    """Close at the deadline; the result row it plans goes out in the same dispatcher run."""
    ballot = await _ballot(session, row)
    if ballot is None:
        return Skip("ballot gone")
    if await service.close_in(session, ballot, now, reason="deadline", actor=None):
        return Skip("closed at the deadline; result planned")
    return Skip("already closed")


async def render_result(
    runtime: Runtime, session: AsyncSession, row: Outbox, now: datetime
) -> Outgoing | Skip:
    ballot = await _ballot(session, row)
    if ballot is None or ballot.chat_id is None or ballot.result is None:
        return Skip("no result")
    t = translator(GROUP_LANGUAGE)
    text = "\n".join(
        [
            t("<b>Ergebnis der Abstimmung Nr. {id}</b>", id=ballot.id),
            html.escape(ballot.question),
            result_line(t, ballot.result),
        ]
    )
    return Outgoing(text=text, chat_id=ballot.chat_id)


async def render_reminder(
    runtime: Runtime, session: AsyncSession, row: Outbox, now: datetime
) -> Outgoing | Skip:
    """Remind in the group and privately, only the institutions that have not voted yet or
    left dates or proposals unanswered; privately only members who have not turned ballot
    reminders off."""
    ballot = await _ballot(session, row)
    if ballot is None or ballot.status != "open" or ballot.chat_id is None:
        return Skip("ballot not open")
    if ballot.closes_at is None or now >= _superseded_at(ballot.closes_at, row):
        return Skip("a later reminder or the deadline has come")
    owed = await service.completion_of(session, ballot, await service.load_facts(session, ballot))
    if owed.done:
        return Skip("everyone voted")
    deadline = ballot.closes_at
    missing_ids = [seat.institution_id for seat in owed.missing]
    incomplete_ids = [seat.institution_id for seat in owed.incomplete]
    for member in await ballots.voters_of(session, missing_ids + incomplete_ids):
        assert member.telegram_user_id is not None
        if not gets_ballot_reminders(ReminderChoices.from_stored(member.reminder_choices)):
            continue  # turned off with /einstellungen
        text = _owed_text(
            translator(member.language), ballot, partly=member.institution_id in incomplete_ids
        )
        await outbox.enqueue(
            session,
            dedup_key=f"{row.dedup_key}:{member.id}",
            kind="notice",
            due_at=now,
            chat_id=member.telegram_user_id,
            payload={"text": text},
            committee_id=ballot.committee_id,
            ballot_id=ballot.id,
        )
    t = translator(GROUP_LANGUAGE)
    lines = [
        t(
            "⏰ Erinnerung: Abstimmung Nr. {id} endet {when}.",
            id=ballot.id,
            when=format_short(deadline, t.lang),
        )
    ]
    if owed.missing:
        lines.append(
            t(
                "Noch nicht abgestimmt: {names}",
                names=name_list([seat.name for seat in owed.missing]),
            )
        )
    if owed.incomplete:
        lines.append(
            t(
                "Noch nicht alles beantwortet: {names}",
                names=name_list([seat.name for seat in owed.incomplete]),
            )
        )
    return Outgoing(text="\n".join(lines), chat_id=ballot.chat_id)


def _owed_text(t: Translator, ballot: Ballot, *, partly: bool) -> str:
    """The private reminder to an institution that has not voted, or not answered everything."""
    assert ballot.closes_at is not None
    when = format_short(ballot.closes_at, t.lang)
    question = html.escape(ballot.question)
    if partly:
        return t(
            "Erinnerung: Ihre Institution hat bei Abstimmung Nr. {id} „{question}“ noch "
            "nicht alles beantwortet. Frist: {when}",
            id=ballot.id,
            question=question,
            when=when,
        )
    return t(
        "Erinnerung: Ihre Institution hat bei Abstimmung Nr. {id} „{question}“ noch "
        "nicht abgestimmt. Frist: {when}",
        id=ballot.id,
        question=question,
        when=when,
    )


def _superseded_at(closes_at: datetime, row: Outbox) -> datetime:
    """A reminder delivered late (after a downtime) is dropped once the next one is due."""
    later = [hours for hours in service.REMINDER_HOURS if hours < row.payload.get("hours", 0)]
    return closes_at - timedelta(hours=max(later)) if later else closes_at


async def render_repost(
    runtime: Runtime, session: AsyncSession, row: Outbox, now: datetime
) -> Outgoing | Skip:
    """The live message of a running ballot that has none in the group: posted again after
    the group became a supergroup, or first posted for a round's ballot opened in the Mini App."""
    ballot = await _ballot(session, row)
    if ballot is None or ballot.chat_id is None or ballot.status not in ("open", "consent"):
        return Skip("ballot not running")
    if ballot.message_id is not None:
        return Skip("ballot message posted already")
    t = translator(GROUP_LANGUAGE)
    view = await service.build_view(session, ballot)
    ballot_id = ballot.id

    async def remember(session: AsyncSession, message_id: int) -> None:
        await ballots.set_message(session, ballot_id, message_id)

    return Outgoing(
        text=ballot_text(t, view),
        chat_id=ballot.chat_id,
        reply_markup=ballot_keyboard(t, view),
        on_sent=remember,
    )


RENDERERS = {
    REPOST_KIND: render_repost,
    "ballot_refresh": render_refresh,
    "ballot_deadline": render_deadline,
    "ballot_result": render_result,
    "ballot_reminder": render_reminder,
}
