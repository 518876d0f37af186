"""Appointment requests for the office: the open ones, oldest first, and the chat's three
actions on them (reply, propose a date, mark done) through the same services, so the applicant
gets the same messages through the outbox and /protokoll the same entries.

The chat asks for the reply and the date in a dialog; the app sends them in one request, with
the chat's checks and messages (the reply's length, the typed German date).
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from rakbot.domain.access import Audience
from rakbot.domain.appointment_desk import Status
from rakbot.domain.dates import DateParseError, format_long, format_short, parse_german_datetime
from rakbot.domain.field_limits import APPOINTMENT_REPLY
from rakbot.domain.public_holidays import holiday_name
from rakbot.domain.text_input import TextProblem, check_length, clean_text
from rakbot.i18n import N_
from rakbot.services import appointment_desk as desk
from rakbot.services.appointment_desk import AlreadyDone, Refusal, RequestView
from rakbot.services.date_problems import date_problem
from rakbot.web.miniapp.call import BAD_REQUEST, Call, Endpoint

#: the chat's own words (handlers/appointment_desk.py)
REFUSALS = {
    Refusal.GONE: N_("Diese Terminanfrage gibt es nicht (mehr)."),
    Refusal.DONE: N_(
        "Diese Terminanfrage ist bereits erledigt; es geht nichts mehr an die Person."
    ),
    Refusal.UNREACHABLE: N_(
        "Die Person hat ihre Daten gelöscht; eine Nachricht kann sie nicht mehr erreichen."
    ),
    Refusal.NOT_ASKED: N_("Diese Schaltfläche ist nicht mehr gültig."),
}
TOO_LONG = N_("Das ist zu lang ({length} Zeichen). Bitte höchstens {maximum} Zeichen.")
TOO_SHORT = N_("Das ist zu kurz. Bitte mindestens {minimum} Zeichen.")
ALREADY_DONE = N_("Schon erledigt: {reference} wurde am {when} als erledigt markiert.")
REPLIED = N_("Ihre Antwort geht an {name} ({reference}). Stand: {status}.")
PROPOSED = N_(
    "Der Vorschlag {when} ist an {name} ({reference}) unterwegs. Sagt die Person zu oder ab, "
    "erfahren Sie es im Chat der Regionalen Koordination."
)
HOLIDAY = N_("Hinweis: Das ist ein Feiertag in Sachsen-Anhalt ({name}).")
DONE = N_("Als erledigt markiert.")


def request_item(call: Call, view: RequestView) -> dict[str, Any]:
    t, now = call.t, call.runtime.clock.now()
    open_for_messages = view.status != Status.DONE and view.reachable
    return {
        "id": view.id,
        "reference": view.reference,
        "name": view.name,
        "topic": view.topic,
        "contact": view.contact,
        "preferred_days": view.preferred_days,
        "status": view.status,
        "status_label": desk.status_text(t, view),
        "received": format_short(view.created_at, t.lang),
        "age": desk.age_text(t, view, now),
        "proposed": format_short(view.proposed_start, t.lang) if view.proposed_start else None,
        "reachable": view.reachable,
        "can_reply": open_for_messages,
        "can_propose": open_for_messages,
        "can_close": view.status != Status.DONE,
    }


async def listing(call: Call) -> dict[str, Any]:
    views, total = await desk.open_requests(call.runtime, call.who.committee_id)
    return {"requests": [request_item(call, view) for view in views], "total": total}


def _refused(call: Call, refusal: Refusal) -> Exception:
    return call.refuse(REFUSALS[refusal], 404 if refusal is Refusal.GONE else 409)


async def _typed(call: Call, key: str) -> str:
    typed = (await call.body()).get(key)
    if not isinstance(typed, str):
        raise call.refuse(BAD_REQUEST)
    return typed


async def reply(call: Call) -> dict[str, Any]:
    request_id = call.number("id")
    text = clean_text(await _typed(call, "text"))
    problem = check_length(text, APPOINTMENT_REPLY)
    if problem is TextProblem.TOO_LONG:
        raise call.refuse(TOO_LONG, length=len(text), maximum=APPOINTMENT_REPLY.maximum)
    if problem is not None:
        raise call.refuse(TOO_SHORT, minimum=APPOINTMENT_REPLY.minimum)
    assert call.who.member_id is not None
    sent = await desk.reply(
        call.runtime, call.who.committee_id, request_id, call.who.member_id, text
    )
    if isinstance(sent, Refusal):
        raise _refused(call, sent)
    call.runtime.wake_outbox()
    message = call.t(
        REPLIED, name=sent.name, reference=sent.reference, status=desk.status_text(call.t, sent)
    )
    return {**request_item(call, sent), "message": message}


async def propose(call: Call) -> dict[str, Any]:
    request_id = call.number("id")
    typed = (await _typed(call, "when")).strip()
    t, now = call.t, call.runtime.clock.now()
    try:
        start = parse_german_datetime(typed, now)
    except DateParseError as error:
        raise call.refuse(date_problem(t, error, now)) from None
    assert call.who.member_id is not None
    sent = await desk.propose(
        call.runtime, call.who.committee_id, request_id, call.who.member_id, start.astimezone(UTC)
    )
    if isinstance(sent, Refusal):
        raise _refused(call, sent)
    call.runtime.wake_outbox()
    lines = [t(PROPOSED, when=format_long(start, t.lang), name=sent.name, reference=sent.reference)]
    holiday = holiday_name(start, t.lang)
    if holiday is not None:
        lines.append(t(HOLIDAY, name=holiday))
    return {**request_item(call, sent), "message": "\n".join(lines)}


async def close(call: Call) -> dict[str, Any]:
    request_id = call.number("id")
    assert call.who.member_id is not None
    result = await desk.mark_done(
        call.runtime, call.who.committee_id, request_id, call.who.member_id
    )
    if isinstance(result, Refusal):
        raise _refused(call, result)
    if isinstance(result, AlreadyDone):
        done_at = result.view.done_at
        when = format_short(done_at, call.t.lang) if done_at else "–"
        raise call.refuse(ALREADY_DONE, 409, reference=result.view.reference, when=when)
    return {**request_item(call, result), "message": call.t(DONE)}


ENDPOINTS = (
    Endpoint("GET", "/requests", Audience.COORDINATOR, listing, "open appointment requests"),
    Endpoint("POST", "/requests/{id}/reply", Audience.COORDINATOR, reply, "reply to the applicant"),
    Endpoint("POST", "/requests/{id}/proposal", Audience.COORDINATOR, propose, "propose a date"),
    Endpoint("POST", "/requests/{id}/done", Audience.COORDINATOR, close, "mark a request done"),
)
