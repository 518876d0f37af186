"""Meetings: the upcoming ones with one's own answer (members), the agenda (the office).

An answer goes through the same service as the card's buttons, so the group card is edited by
the outbox; the agenda is replaced through the same change as /sitzung_tagesordnung.
"""

from __future__ import annotations

from typing import Any

from rakbot.domain.access import Audience
from rakbot.domain.dates import format_long
from rakbot.domain.text_input import AgendaTooLong, parse_agenda
from rakbot.i18n import N_
from rakbot.services import app_access, meeting_app, meetings
from rakbot.services.meeting_texts import agenda_problem
from rakbot.services.meeting_views import Answer
from rakbot.web.miniapp.call import BAD_REQUEST, Call, Endpoint

ANSWERS = {"yes": Answer.YES, "no": Answer.NO, "deputy": Answer.PROXY}
CODES = {value: key for key, value in ANSWERS.items()}
#: the chat's own words for each outcome (handlers/meetings.py, handlers/meeting_changes.py)
UNKNOWN = N_("Diese Sitzung gibt es nicht mehr.")
CLOSED = N_("Für diese Sitzung sind keine Antworten mehr möglich.")
NO_PROXY = N_(
    "„Stellvertretung kommt“ sagt die Vertretung einer Institution (die "
    "stimmberechtigte Person), wenn an ihrer Stelle die Stellvertretung kommt. "
    "Bitte antworten Sie mit Zusage oder Absage."
)
SAVED = {
    Answer.YES: N_("Zusage gespeichert."),
    Answer.NO: N_("Absage gespeichert."),
    Answer.PROXY: N_("Gespeichert: Ihre Stellvertretung kommt."),
}
NOT_CHANGEABLE = N_("Diese Sitzung ist abgesagt oder hat schon begonnen.")


async def listing(call: Call) -> dict[str, Any]:
    who, t = call.who, call.t
    found = await meeting_app.upcoming_for(call.runtime, who.committee_id, who.member_id)
    return {
        "meetings": [
            {
                "id": own.meeting.id,
                "when": format_long(own.meeting.starts_at, t.lang),
                "place": own.meeting.place,
                "agenda": list(own.meeting.agenda),
                "answer": CODES.get(own.answer) if own.answer else None,
                "may_answer": who.member_id is not None,
                "deputy_possible": app_access.speaks_for_institution(who),
                "agenda_editable": who.is_coordinator,
            }
            for own in found
        ]
    }


async def answer(call: Call) -> dict[str, Any]:
    meeting_id = call.number("id")
    choice = ANSWERS.get(str((await call.body()).get("answer")))
    if choice is None:
        raise call.refuse(BAD_REQUEST)
    result = await meetings.answer(
        call.runtime, call.who.committee_id, meeting_id, call.who.member_id, choice
    )
    outcome = meetings.AnswerOutcome
    if result.outcome is outcome.UNKNOWN:
        raise call.refuse(UNKNOWN, 404)
    if result.outcome is outcome.CLOSED:
        raise call.refuse(CLOSED, 409)
    if result.outcome is outcome.NO_PROXY:
        raise call.refuse(NO_PROXY, 409)
    if result.outcome is outcome.SAVED:
        call.runtime.wake_outbox()  # the group card follows
    return {"message": call.t(SAVED[choice]), "answer": CODES[choice]}


async def agenda(call: Call) -> dict[str, Any]:
    meeting_id = call.number("id")
    items = (await call.body()).get("items")
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise call.refuse(BAD_REQUEST)
    # one line per item, each under the chat's rules (a line break inside an item is a space)
    lines = [" ".join(item.split()) for item in items]
    try:
        parsed = parse_agenda("\n".join(lines))
    except AgendaTooLong as error:
        raise call.refuse(agenda_problem(call.t, error)) from None
    result = await meetings.change(
        call.runtime,
        call.who.committee_id,
        meeting_id,
        meetings.Change(agenda=parsed),
        actor_member_id=call.who.member_id,
    )
    outcome = meetings.ChangeOutcome
    if result.outcome is outcome.UNKNOWN:
        raise call.refuse(UNKNOWN, 404)
    if result.outcome in (outcome.CLOSED, outcome.PAST):
        raise call.refuse(NOT_CHANGEABLE, 409)
    call.runtime.wake_outbox()
    return {"agenda": list(parsed)}


ENDPOINTS = (
    Endpoint("GET", "/meetings", Audience.MEMBER, listing, "upcoming meetings, own answer"),
    Endpoint("POST", "/meetings/{id}/answer", Audience.MEMBER, answer, "answer a meeting"),
    Endpoint("PUT", "/meetings/{id}/agenda", Audience.COORDINATOR, agenda, "replace the agenda"),
)
