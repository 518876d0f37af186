"""Data protection (DSGVO): access and portability (Art. 15/20), erasure by pseudonymisation.

Decision records must stay intact: votes cast for an institution and audit entries keep their
member id, while the member row loses everything personal and reads "ehemaliges Mitglied
(Institution)".
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from rakbot.domain.dates import format_short
from rakbot.domain.reminder_choices import ReminderChoices, gets_ballot_reminders
from rakbot.i18n import translator
from rakbot.runtime import Runtime
from rakbot.services import appointments, group_access, meeting_card
from rakbot.services.appointment_retention import deleted_from
from rakbot.services.ballots import schedule_refresh
from rakbot.services.roster import RosterError, end_membership, keep_a_coordinator, record
from rakbot.views.labels import (
    ACTIONS,
    APPOINTMENT_STATES,
    DECISION_CHOICES,
    DIALOG_KINDS,
    LANGUAGES,
    MEETING_ANSWERS,
    ROLE_LABELS,
    SUBJECTS,
)
from rakbot.views.offsets import offsets_text
from storage.models import (
    Member,
)
from storage.repositories import dialogs, members, outbox, personal_data
from storage.session import AsyncSession

FORMER_MEMBER = "ehemaliges Mitglied"
ERASED = "gelöscht"


def _iso(value: datetime | None) -> str | None:
    """A point in time as people read it: `Mi., 20.01.2027, 10:00 Uhr` (Europe/Berlin)."""
    return format_short(value) if value is not None else None


def _label(labels: dict[str, str], code: str | None) -> str | None:
    """The German label of a stored code; an unknown code is shown as stored."""
    return labels.get(code, code) if code is not None else None


def _yes_no(value: bool) -> str:
    return "ja" if value else "nein"


def _subject(subject: str | None) -> str | None:
    """`meeting:3` as `Sitzung Nr. 3`; a member is named as such."""
    kind, _colon, number = (subject or "").partition(":")
    if kind in SUBJECTS and number.isdigit():
        return SUBJECTS[kind].format(n=number)
    if kind == "member" and number.isdigit():
        return f"Mitglied Nr. {number}"
    return subject


def _member_json(member: Member) -> dict[str, Any]:
    return {
        "id": member.id,
        "gremium_id": member.committee_id,
        "telegram_id": member.telegram_user_id,
        "name": member.display_name,
        "rolle": _label(ROLE_LABELS, member.role),
        "koordination": _yes_no(member.is_coordinator),
        "institution": member.institution.name if member.institution else None,
        "telefon": member.phone,
        "email": member.email,
        "sprache": _label(LANGUAGES, member.language),
        "aktiv": _yes_no(member.active),
        "beigetreten": _iso(member.joined_at),
        "deaktiviert": _iso(member.deactivated_at),
        "erinnerungen": _reminders_json(member),
    }


def _reminders_json(member: Member) -> dict[str, str]:
    """The reminders the person turned off with /einstellungen, in words."""
    choices = ReminderChoices.from_stored(member.reminder_choices)
    turned_off = [timedelta(minutes=m) for m in sorted(choices.meeting_off, reverse=True)]
    return {
        "sitzungen_abbestellt": (
            f"{offsets_text(translator('de'), turned_off)} vorher" if turned_off else "keine"
        ),
        "abstimmungen": "ja" if gets_ballot_reminders(choices) else "nein (abbestellt)",
    }


def _choice(choice: Any) -> Any:
    if isinstance(choice, str):
        return _label(DECISION_CHOICES, choice)
    return choice


async def export(runtime: Runtime, telegram_user_id: int) -> bytes:
    """Everything stored about this Telegram account, as UTF-8 JSON."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> dict[str, Any]:
        rows = await members.all_rows_of(session, telegram_user_id)
        ids = [m.id for m in rows]
        votes = await personal_data.votes_cast_by(session, ids)
        rsvps = await personal_data.rsvps_of(session, ids)
        requests = await personal_data.appointment_requests_of(session, telegram_user_id)
        entries = await personal_data.audit_entries_about(session, ids)
        open_dialogs = await personal_data.open_dialogs_of(session, telegram_user_id)
        return {
            "erstellt": _iso(now),
            "telegram_id": telegram_user_id,
            "mitgliedschaften": [_member_json(m) for m in rows],
            "stimmabgaben": [
                {
                    "abstimmung": question,
                    "institution_id": vote.institution_id,
                    "rolle": _label(ROLE_LABELS, vote.role),
                    # a file that is passed on must not reveal how an institution voted
                    "auswahl": "geheim" if secret else _choice(vote.choice),
                    "abgegeben": _iso(vote.cast_at),
                }
                for vote, question, secret in votes
            ],
            "rueckmeldungen_zu_sitzungen": [
                {
                    "sitzung_id": r.meeting_id,
                    "antwort": _label(MEETING_ANSWERS, r.answer),
                    "am": _iso(r.answered_at),
                }
                for r in rsvps
            ],
            "terminanfragen": [
                {
                    "vorgang": r.reference,
                    "name": r.name,
                    "anliegen": r.topic,
                    "kontakt": r.contact,
                    "wunschtage": r.preferred_days,
                    "status": _label(APPOINTMENT_STATES, r.status),
                    "eingegangen": _iso(r.created_at),
                    "vorgeschlagener_termin": _iso(r.proposed_start),
                    "erledigt": _iso(r.done_at),
                    "wird_anonymisiert_ab": _iso(deleted_from(runtime, r.done_at)),
                }
                for r in requests
            ],
            "protokolleintraege": [
                {
                    "am": _iso(a.at),
                    "aktion": _label(ACTIONS, a.action),
                    "gegenstand": _subject(a.subject),
                }
                for a in entries
            ],
            "offene_eingaben": [{"art": _label(DIALOG_KINDS, d.kind)} for d in open_dialogs],
        }

    data = await runtime.db.run(work)
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def former_member_name(institution_name: str | None) -> str:
    return f"{FORMER_MEMBER} ({institution_name})" if institution_name else FORMER_MEMBER


async def _refresh_group_messages(
    session: AsyncSession, member_ids: list[int], now: datetime
) -> None:
    """Ballot messages and meeting cards in the group show voters and who comes by name: edit
    them, so that the erased name disappears there too."""
    if not member_ids:
        return
    voted = await personal_data.posted_ballots_voted_in_by(session, member_ids)
    for ballot in voted:
        await schedule_refresh(session, ballot, now)
    answered = await personal_data.posted_meetings_answered_by(session, member_ids)
    for meeting in answered:
        await meeting_card.schedule_edit(session, meeting, now)


class Erasure(StrEnum):
    """What /daten_loeschen would do for this account."""

    MEMBER = "member"  # roster rows are pseudonymised, roles end
    OTHER = "other"  # no roster row: only appointment requests and open dialogs
    LAST_COORDINATOR = "last_coordinator"  # refused: the committee would lose its office


async def _last_coordinator(session: AsyncSession, rows: list[Member]) -> bool:
    for member in rows:
        if member.active:
            try:
                await keep_a_coordinator(session, member.committee_id, member)
            except RosterError:
                return True
    return False


ERASE_DIALOG = "erase"


class EraseRefused(StrEnum):
    """Why a press on "Ja, Daten löschen" erased nothing."""

    NOT_ASKED = "not_asked"  # no open question: a forged or stale button
    LAST_COORDINATOR = "last_coordinator"


async def ask_erasure(runtime: Runtime, chat_id: int, telegram_user_id: int) -> Erasure:
    """What /daten_loeschen would do; unless refused, the question is now open in this chat
    and only its answer there (`confirm_erasure`) erases."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> Erasure:
        rows = await members.all_rows_of(session, telegram_user_id)
        if await _last_coordinator(session, rows):
            return Erasure.LAST_COORDINATOR
        await dialogs.put(
            session,
            chat_id=chat_id,
            user_id=telegram_user_id,
            kind=ERASE_DIALOG,
            step="confirm",
            data={},
            now=now,
        )
        return Erasure.MEMBER if any(m.active for m in rows) else Erasure.OTHER

    return await runtime.db.run(work)


async def confirm_erasure(
    runtime: Runtime, chat_id: int, telegram_user_id: int
) -> int | EraseRefused:
    """Erase (see `_erase`) only when this person was asked in this chat and the question
    is still open, in the same unit of work: a forged "Ja" press erases nothing."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> int | EraseRefused:
        asked = await dialogs.get(session, chat_id, telegram_user_id)
        if asked is None or asked.kind != ERASE_DIALOG:
            return EraseRefused.NOT_ASKED
        erased = await _erase(session, telegram_user_id, now)
        return EraseRefused.LAST_COORDINATOR if erased is None else erased

    return await runtime.db.run(work)


async def _erase(session: AsyncSession, telegram_user_id: int, now: datetime) -> int | None:
    """Remove name, contact and the Telegram link of every roster row of this account, end its
    roles, blank its appointment requests and every queued or sent message that holds them or
    its chat id, end its dialogs. Returns how many roster rows were changed, or None (and
    changes nothing) when the account is the last coordinator of a committee."""
    rows = await members.all_rows_of(session, telegram_user_id)
    if await _last_coordinator(session, rows):
        return None
    for member in rows:
        # the person erases their own data: the record names them, not "System"
        await end_membership(session, member, now, actor_member_id=member.id, reason="erased")
        member.display_name = former_member_name(
            member.institution.name if member.institution else None
        )
        member.phone = member.email = None
        member.telegram_user_id = None
        member.reminder_choices = None
        member.pseudonymised_at = now
        # the office's notices that named the person (new on the roster, joined the group)
        for prefix in group_access.notice_prefixes(member.id):
            await outbox.forget_texts(session, prefix)
        record(
            session,
            now,
            member.committee_id,
            member.id,
            "member.pseudonymised",
            f"member:{member.id}",
        )
    requests = await personal_data.appointment_requests_of(session, telegram_user_id)
    for request in requests:
        request.name = request.contact = request.topic = request.preferred_days = ERASED
        request.telegram_user_id = None
        await outbox.forget_texts(session, appointments.notice_key_prefix(request.id))
    await outbox.forget_chat(session, telegram_user_id)
    await dialogs.clear_all_of(session, telegram_user_id)
    await _refresh_group_messages(session, [m.id for m in rows], now)
    return len(rows)
