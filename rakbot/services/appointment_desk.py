"""The office's work on appointment requests, and the applicant's answers to a proposed date.

Coordinators reply (their next text goes to the applicant), propose a date (the applicant
confirms or declines with buttons; a confirmed date brings an .ics) and mark a request done.
Each step is one unit of work on the row-locked request: the status changes, the audit entry
is written and what must be sent is planned in the outbox, all in the same commit, so a
message goes out exactly once and a second press finds the step already taken.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from rakbot import ics
from rakbot.domain import appointment_desk as rules
from rakbot.domain.appointment_desk import AnswerProblem, Status
from rakbot.domain.dates import format_short, to_utc
from rakbot.i18n import N_, Translator, translator
from rakbot.runtime import Runtime
from rakbot.services.appointments import (
    OFFICE_KIND,
    REMINDER_KIND,
    notice_key_prefix,
    office_chat_ids,
)
from rakbot.services.outgoing import Document, Outgoing, Skip
from rakbot.views import callbacks
from rakbot.views.labels import APPOINTMENT_STATES
from rakbot.views.markup import Button, Keyboard
from storage.models import AppointmentRequest, Committee, Outbox
from storage.repositories import appointments, audit, dialogs, entities, outbox
from storage.session import AsyncSession

#: messages to the applicant: a reply, a proposal, the .ics of a confirmed date
APPLICANT_KIND = "appointment_applicant"
REPLY_DIALOG = "appointment_reply"
PROPOSAL_DIALOG = "appointment_proposal"
#: /anfragen shows at most this many requests (oldest first) and says how many more wait
LIST_LIMIT = 20


@dataclass(frozen=True)
class RequestView:
    """A request as the office and the applicant see it."""

    id: int
    reference: str
    name: str
    topic: str
    contact: str
    preferred_days: str
    status: str
    language: str
    created_at: datetime
    proposed_start: datetime | None
    proposal_number: int
    done_at: datetime | None
    #: False after the person erased their data: nothing can reach them any more
    reachable: bool


def view_of(request: AppointmentRequest) -> RequestView:
    return RequestView(
        id=request.id,
        reference=request.reference or "",
        name=request.name,
        topic=request.topic,
        contact=request.contact,
        preferred_days=request.preferred_days,
        status=request.status,
        language=request.language,
        created_at=request.created_at,
        proposed_start=request.proposed_start,
        proposal_number=request.proposal_number,
        done_at=request.done_at,
        reachable=request.telegram_user_id is not None,
    )


class Refusal(StrEnum):
    """Why the office's press or text changed nothing."""

    GONE = "gone"  # no such request (forged, another committee's, anonymised)
    DONE = "done"  # already done: nothing more goes to the applicant
    UNREACHABLE = "unreachable"  # the person erased their data
    NOT_ASKED = "not_asked"  # no reply or proposal in progress (a stale button)


@dataclass(frozen=True)
class AlreadyDone:
    """A second "Erledigt": when the request was marked done."""

    view: RequestView


# ----- texts ---------------------------------------------------------------------------------


def status_text(t: Translator, view: RequestView) -> str:
    """ "Termin vorgeschlagen: Mi., 02.12.2026, 10:00 Uhr" – the state with its date."""
    label = t(APPOINTMENT_STATES.get(view.status, view.status))
    if view.status in (Status.PROPOSED, Status.CONFIRMED, Status.DECLINED) and view.proposed_start:
        return f"{label}: {format_short(view.proposed_start, t.lang)}"
    if view.status == Status.DONE and view.done_at is not None:
        return f"{label}: {format_short(view.done_at, t.lang)}"
    return label


def age_text(t: Translator, view: RequestView, now: datetime) -> str:
    days = rules.age_in_days(view.created_at, now)
    if days == 0:
        return t("seit heute")
    return t.plural("seit {n} Tag", "seit {n} Tagen", days)


def office_text(t: Translator, view: RequestView, heading: str, now: datetime | None = None) -> str:
    """The request with its state as the office reads it; with `now` also its age."""
    e = html.escape
    received = format_short(view.created_at, t.lang)
    if now is not None:
        received += f" ({age_text(t, view, now)})"
    return "\n".join(
        [
            f"<b>{e(heading)}</b>",
            t("Eingegangen: {when}", when=e(received)),
            t("Stand: {status}", status=e(status_text(t, view))),
            t("Name: {name}", name=e(view.name)),
            t("Anliegen: {topic}", topic=e(view.topic)),
            t("Erreichbar: {contact}", contact=e(view.contact)),
            t("Wunschtage: {days}", days=e(view.preferred_days)),
        ]
    )


def office_keyboard(t: Translator, view: RequestView) -> Keyboard | None:
    """Reply, propose a date, mark done; none once the request is done."""
    if view.status == Status.DONE:
        return None
    rows = []
    if view.reachable:
        rows.append(
            [
                Button(
                    t("✉️ Antworten"), callback=callbacks.APPOINTMENT_OFFICE.data("reply", view.id)
                ),
                Button(
                    t("📅 Termin vorschlagen"),
                    callback=callbacks.APPOINTMENT_OFFICE.data("propose", view.id),
                ),
            ]
        )
    rows.append(
        [Button(t("✅ Erledigt"), callback=callbacks.APPOINTMENT_OFFICE.data("done", view.id))]
    )
    return Keyboard.of(rows)


def applicant_keyboard(t: Translator, view: RequestView) -> Keyboard:
    answer = callbacks.APPOINTMENT_ANSWER
    return Keyboard.of(
        [
            [
                Button(
                    t("✅ Zusagen"), callback=answer.data("accept", view.id, view.proposal_number)
                ),
                Button(
                    t("❌ Absagen"), callback=answer.data("decline", view.id, view.proposal_number)
                ),
            ]
        ]
    )


def _office_address(runtime: Runtime, lang: str) -> str:
    c = runtime.content.contact
    return f"{c.office.get(lang)}, {c.street}, {c.postal_code} {c.city}"


# ----- the office ----------------------------------------------------------------------------


async def _locked(
    session: AsyncSession, committee_id: int, request_id: int
) -> AppointmentRequest | Refusal:
    """The request to act on, locked; a refusal when it is gone, done or unreachable."""
    request = await appointments.get_for_update(session, committee_id, request_id)
    if request is None:
        return Refusal.GONE
    if request.status == Status.DONE:
        return Refusal.DONE
    if request.telegram_user_id is None:
        return Refusal.UNREACHABLE
    return request


async def open_requests(runtime: Runtime, committee_id: int) -> tuple[list[RequestView], int]:
    """Requests not done yet, oldest first (at most `LIST_LIMIT`), and how many in all."""

    async def work(session: AsyncSession) -> tuple[list[RequestView], int]:
        rows, total = await appointments.open_requests(session, committee_id, LIST_LIMIT)
        return [view_of(row) for row in rows], total

    return await runtime.db.run(work)


async def begin(
    runtime: Runtime, committee_id: int, request_id: int, user_id: int, kind: str
) -> RequestView | Refusal:
    """Open the coordinator's reply (`REPLY_DIALOG`) or proposal (`PROPOSAL_DIALOG`) to this
    request in their private chat, where their next text is taken as its content."""
    now = runtime.clock.now()
    step = "text" if kind == REPLY_DIALOG else "date"

    async def work(session: AsyncSession) -> RequestView | Refusal:
        request = await _locked(session, committee_id, request_id)
        if isinstance(request, Refusal):
            return request
        await dialogs.put(
            session,
            chat_id=user_id,
            user_id=user_id,
            kind=kind,
            step=step,
            data={"request_id": request.id},
            now=now,
        )
        return view_of(request)

    return await runtime.db.run(work)


async def _open_dialog(session: AsyncSession, user_id: int, kind: str, step: str) -> int | None:
    """The request id of the coordinator's running dialog of `kind` at `step`, or None."""
    dialog = await dialogs.get(session, user_id, user_id)
    if dialog is None or dialog.kind != kind or dialog.step != step:
        return None
    return int(dialog.data["request_id"])


async def send_reply(
    runtime: Runtime, committee_id: int, user_id: int, member_id: int, text: str
) -> RequestView | Refusal:
    """The coordinator's typed reply goes to the applicant; the dialog ends in the same unit
    of work, so the text is sent once however often the update is handled."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> RequestView | Refusal:
        request_id = await _open_dialog(session, user_id, REPLY_DIALOG, "text")
        if request_id is None:
            return Refusal.NOT_ASKED
        await dialogs.clear(session, user_id, user_id)
        return await _reply_to(session, committee_id, request_id, member_id, text, now)

    return await runtime.db.run(work)


async def reply(
    runtime: Runtime, committee_id: int, request_id: int, member_id: int, text: str
) -> RequestView | Refusal:
    """The office's reply in one step (the Mini App's form), as `send_reply` sends it."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> RequestView | Refusal:
        return await _reply_to(session, committee_id, request_id, member_id, text, now)

    return await runtime.db.run(work)


async def _reply_to(
    session: AsyncSession,
    committee_id: int,
    request_id: int,
    member_id: int,
    text: str,
    now: datetime,
) -> RequestView | Refusal:
    request = await _locked(session, committee_id, request_id)
    if isinstance(request, Refusal):
        return request
    status = rules.after_reply(request.status)
    assert status is not None  # done was refused above
    request.status = status
    request.replies += 1
    await _to_applicant(session, request, now, f"reply{request.replies}", {"text": text})
    _audit(session, request, member_id, "appointment.answered")
    return view_of(request)


async def send_proposal(
    runtime: Runtime, committee_id: int, user_id: int, member_id: int
) -> RequestView | Refusal:
    """The date the coordinator confirmed goes to the applicant with "Zusagen"/"Absagen";
    it replaces an earlier proposal, whose buttons are refused from now on."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> RequestView | Refusal:
        dialog = await dialogs.get(session, user_id, user_id)
        if dialog is None or dialog.kind != PROPOSAL_DIALOG or dialog.step != "confirm":
            return Refusal.NOT_ASKED
        starts_at = datetime.fromisoformat(str(dialog.data["starts_at"]))
        await dialogs.clear(session, user_id, user_id)
        request_id = int(dialog.data["request_id"])
        return await _propose(session, committee_id, request_id, member_id, starts_at, now)

    return await runtime.db.run(work)


async def propose(
    runtime: Runtime, committee_id: int, request_id: int, member_id: int, starts_at: datetime
) -> RequestView | Refusal:
    """A proposed date in one step (the Mini App's form), as `send_proposal` sends it."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> RequestView | Refusal:
        return await _propose(session, committee_id, request_id, member_id, starts_at, now)

    return await runtime.db.run(work)


async def _propose(
    session: AsyncSession,
    committee_id: int,
    request_id: int,
    member_id: int,
    starts_at: datetime,
    now: datetime,
) -> RequestView | Refusal:
    request = await _locked(session, committee_id, request_id)
    if isinstance(request, Refusal):
        return request
    request.status = Status.PROPOSED
    request.proposal_number += 1
    request.proposed_start = starts_at
    number = request.proposal_number
    await _to_applicant(session, request, now, f"proposal{number}", {"number": number})
    _audit(
        session,
        request,
        member_id,
        "appointment.proposed",
        termin=to_utc(starts_at).isoformat(),
    )
    return view_of(request)


async def mark_done(
    runtime: Runtime, committee_id: int, request_id: int, member_id: int
) -> RequestView | AlreadyDone | Refusal:
    """Close the request (final); a second press is told when it was closed."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> RequestView | AlreadyDone | Refusal:
        request = await appointments.get_for_update(session, committee_id, request_id)
        if request is None:
            return Refusal.GONE
        if request.status == Status.DONE:
            return AlreadyDone(view_of(request))
        request.status = Status.DONE
        request.done_at = now
        _audit(session, request, member_id, "appointment.done")
        return view_of(request)

    return await runtime.db.run(work)


def _audit(
    session: AsyncSession,
    request: AppointmentRequest,
    member_id: int | None,
    action: str,
    **details: object,
) -> None:
    audit.record(
        session,
        committee_id=request.committee_id,
        actor_member_id=member_id,
        action=action,
        subject=request.reference,
        **details,
    )


def applicant_key_prefix(request_id: int) -> str:
    """The outbox rows to the applicant of one request (retention forgets their chat)."""
    return f"{notice_key_prefix(request_id)}applicant:"


async def _to_applicant(
    session: AsyncSession,
    request: AppointmentRequest,
    now: datetime,
    what: str,
    payload: dict[str, object],
) -> None:
    await outbox.enqueue(
        session,
        dedup_key=f"{applicant_key_prefix(request.id)}{what}",
        kind=APPLICANT_KIND,
        due_at=now,
        chat_id=request.telegram_user_id,
        payload={"request_id": request.id, "what": what.rstrip("0123456789"), **payload},
        committee_id=request.committee_id,
    )


# ----- the applicant -------------------------------------------------------------------------


@dataclass(frozen=True)
class Answered:
    view: RequestView
    accepted: bool


@dataclass(frozen=True)
class NotAnswered:
    problem: AnswerProblem
    #: the request as it stands (None when it is not the presser's)
    view: RequestView | None = None


async def answer_proposal(
    runtime: Runtime, telegram_user_id: int, request_id: int, number: int, accepted: bool
) -> Answered | NotAnswered:
    """The applicant's "Zusagen"/"Absagen" on proposal `number`: only their own request's
    latest proposal, once. A confirmation plans the .ics, either answer tells the office."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> Answered | NotAnswered:
        request = await appointments.get_for_update(session, runtime.committee_id, request_id)
        if request is None or request.telegram_user_id != telegram_user_id:
            return NotAnswered(AnswerProblem.NOT_YOURS)
        problem = rules.answer_problem(request.status, request.proposal_number, number)
        if problem is not None:
            return NotAnswered(problem, view_of(request))
        request.status = Status.CONFIRMED if accepted else Status.DECLINED
        event = f"{request.status}{number}"
        if accepted:
            await _to_applicant(session, request, now, f"ics{number}", {"number": number})
        committee = await entities.by_id_or_fail(session, Committee, request.committee_id)
        for chat in await office_chat_ids(session, committee):
            await outbox.enqueue(
                session,
                dedup_key=f"{notice_key_prefix(request.id)}{event}:{chat}",
                kind=OFFICE_KIND,
                due_at=now,
                chat_id=chat,
                payload={"request_id": request.id, "event": str(request.status)},
                committee_id=request.committee_id,
            )
        _audit(session, request, None, f"appointment.{request.status}", by="applicant")
        return Answered(view_of(request), accepted)

    return await runtime.db.run(work)


async def requests_of(runtime: Runtime, telegram_user_id: int) -> list[RequestView]:
    """The person's requests that still exist, newest first (/meine_anfragen)."""

    async def work(session: AsyncSession) -> list[RequestView]:
        return [view_of(row) for row in await appointments.of_person(session, telegram_user_id)]

    return await runtime.db.run(work)


# ----- rendering the outbox rows at send time ------------------------------------------------

OFFICE_HEADINGS = {
    "": N_("Neue Terminanfrage {reference}"),
    Status.CONFIRMED.value: N_("Termin zugesagt: {reference}"),
    Status.DECLINED.value: N_("Termin abgesagt: {reference}"),
}


async def _request_of(session: AsyncSession, row: Outbox) -> AppointmentRequest | Skip:
    request_id = row.payload.get("request_id")
    request = await entities.by_id(session, AppointmentRequest, request_id) if request_id else None
    if request is None or request.anonymised_at is not None:
        return Skip("request gone")
    return request


async def render_office(
    runtime: Runtime, session: AsyncSession, row: Outbox, now: datetime
) -> Outgoing | Skip:
    """A new request, or the applicant's answer to a date, with the buttons as they stand."""
    request = await _request_of(session, row)
    if isinstance(request, Skip) or row.chat_id is None:
        return request if isinstance(request, Skip) else Skip("no chat")
    t = translator("de")
    view = view_of(request)
    heading = t(OFFICE_HEADINGS[str(row.payload.get("event", ""))], reference=view.reference)
    return Outgoing(
        text=office_text(t, view, heading),
        chat_id=row.chat_id,
        reply_markup=office_keyboard(t, view),
    )


async def render_reminder(
    runtime: Runtime, session: AsyncSession, row: Outbox, now: datetime
) -> Outgoing | Skip:
    """Only for a request nobody has acted on yet."""
    request = await _request_of(session, row)
    if isinstance(request, Skip) or row.chat_id is None:
        return request if isinstance(request, Skip) else Skip("no chat")
    if request.status != Status.NEW:
        return Skip(f"request {request.status}")
    t = translator("de")
    view = view_of(request)
    heading = t(
        "Erinnerung: Terminanfrage {reference} wartet seit {days} Arbeitstagen auf Antwort",
        reference=view.reference,
        days=rules.REMINDER_WORKING_DAYS,
    )
    return Outgoing(
        text=office_text(t, view, heading, now),
        chat_id=row.chat_id,
        reply_markup=office_keyboard(t, view),
    )


async def render_applicant(
    runtime: Runtime, session: AsyncSession, row: Outbox, now: datetime
) -> Outgoing | Skip:
    request = await _request_of(session, row)
    if isinstance(request, Skip) or request.telegram_user_id is None:
        return request if isinstance(request, Skip) else Skip("person erased")
    view = view_of(request)
    t = translator(view.language)
    render = _APPLICANT_RENDERS.get(str(row.payload.get("what")))
    if render is None:
        return Skip("unknown message")
    return render(runtime, t, view, row, request.telegram_user_id)


def _reply(
    runtime: Runtime, t: Translator, view: RequestView, row: Outbox, chat_id: int
) -> Outgoing | Skip:
    text = row.payload.get("text")
    if not text:
        return Skip("text forgotten")
    head = t(
        "<b>Antwort der Regionalen Koordination</b> zu Ihrer Terminanfrage {reference}:",
        reference=html.escape(view.reference),
    )
    tail = t("Ihre Anfragen und ihr Stand: /meine_anfragen")
    return Outgoing(text=f"{head}\n\n{html.escape(str(text))}\n\n{tail}", chat_id=chat_id)


def _proposal(
    runtime: Runtime, t: Translator, view: RequestView, row: Outbox, chat_id: int
) -> Outgoing | Skip:
    if view.proposal_number != row.payload.get("number") or view.proposed_start is None:
        return Skip("superseded")
    if view.status != Status.PROPOSED:
        return Skip(f"request {view.status}")
    text = t(
        "<b>Terminvorschlag</b> zu Ihrer Anfrage {reference}:\n{when}\nOrt: {place}\n\n"
        "Passt Ihnen der Termin?",
        reference=html.escape(view.reference),
        when=format_short(view.proposed_start, t.lang),
        place=html.escape(_office_address(runtime, t.lang)),
    )
    return Outgoing(text=text, chat_id=chat_id, reply_markup=applicant_keyboard(t, view))


def _calendar_file(
    runtime: Runtime, t: Translator, view: RequestView, row: Outbox, chat_id: int
) -> Outgoing | Skip:
    if view.proposal_number != row.payload.get("number") or view.proposed_start is None:
        return Skip("superseded")
    data = ics.appointment(
        view.reference,
        view.proposed_start,
        t("Termin bei der Regionalen Koordination ({reference})", reference=view.reference),
        _office_address(runtime, t.lang),
        row.created_at,
    )
    caption = t(
        "Ihr Termin bei der Regionalen Koordination: {when}. Zum Import in Ihren Kalender.",
        when=format_short(view.proposed_start, t.lang),
    )
    return Outgoing(
        text=caption,
        chat_id=chat_id,
        parse_mode=None,
        document=Document(ics.appointment_filename(view.reference), data),
    )


_APPLICANT_RENDERS = {"reply": _reply, "proposal": _proposal, "ics": _calendar_file}

RENDERERS = {
    OFFICE_KIND: render_office,
    REMINDER_KIND: render_reminder,
    APPLICANT_KIND: render_applicant,
}
