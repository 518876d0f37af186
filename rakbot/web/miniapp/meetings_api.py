"""Meetings: the upcoming ones with one's own answer (members), the agenda (the office).

An answer goes through the same service as the card's buttons, so the group card is edited by
the outbox; the agenda is replaced through the same change as /sitzung_tagesordnung, and with
it what each item concerns (proposals and ballots, see rakbot/services/agenda_links.py).
"""

from __future__ import annotations

from typing import Any

from rakbot.domain.access import Audience
from rakbot.domain.dates import format_long
from rakbot.domain.text_input import AgendaTooLong, parse_agenda
from rakbot.i18n import N_
from rakbot.services import app_access, meeting_app, meetings, proposals
from rakbot.services.agenda_links import AgendaLinkError, ItemLinks, ItemView
from rakbot.services.meeting_texts import agenda_problem
from rakbot.services.meeting_views import Answer
from rakbot.web.miniapp.ballots_api import STATES
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
EMPTY_ITEM = N_("Ein Tagesordnungspunkt ist leer. Bitte Text eintragen oder den Punkt entfernen.")
LINK_PROBLEMS = {
    "too_many": N_("Punkt {item}: höchstens 20 Anträge und 20 Abstimmungen."),
    "unknown_proposal": N_("Punkt {item}: Antrag Nr. {number} gibt es nicht."),
    "unknown_ballot": N_("Punkt {item}: Abstimmung Nr. {number} gibt es nicht."),
    "written_ballot": N_(
        "Punkt {item}: Abstimmung Nr. {number} ist ein Umlaufverfahren und gehört zu keiner "
        "Sitzung."
    ),
    "other_meeting": N_("Punkt {item}: Abstimmung Nr. {number} gehört zu einer anderen Sitzung."),
    "ballot_twice": N_(
        "Punkt {item}: Abstimmung Nr. {number} steht schon bei einem anderen Punkt; eine "
        "Abstimmung gehört zu einem Punkt."
    ),
}


def _item(call: Call, item: ItemView) -> dict[str, Any]:
    t = call.t
    return {
        "text": item.text,
        "proposals": [
            {
                "id": p.id,
                "title": p.title,
                "status_label": t(proposals.STATUS_NAMES.get(p.status, p.status)),
            }
            for p in item.proposals
        ],
        "ballots": [
            {"id": b.id, "question": b.question, "status_label": t(STATES.get(b.status, b.status))}
            for b in item.ballots
        ],
    }


async def listing(call: Call) -> dict[str, Any]:
    who, t = call.who, call.t
    found = await meeting_app.upcoming_for(call.runtime, who.committee_id, who.member_id)
    return {
        "meetings": [
            {
                "id": own.meeting.id,
                "when": format_long(own.meeting.starts_at, t.lang),
                "place": own.meeting.place,
                "agenda": [_item(call, item) for item in own.items],
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


def _ids(value: Any) -> tuple[int, ...] | None:
    if not isinstance(value, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) and 0 < n <= 2**31 - 1 for n in value
    ):
        return None
    return tuple(value)


def _agenda_items(call: Call, items: Any) -> tuple[list[str], tuple[ItemLinks, ...] | None]:
    """Plain lines (as the chat sends them), or `{"text", "proposals", "ballots"}` per item,
    which also sets what each item concerns."""
    if not isinstance(items, list):
        raise call.refuse(BAD_REQUEST)
    if all(isinstance(item, str) for item in items):
        return list(items), None
    texts, links = [], []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise call.refuse(BAD_REQUEST)
        proposal_ids, ballot_ids = _ids(item.get("proposals", [])), _ids(item.get("ballots", []))
        if proposal_ids is None or ballot_ids is None:
            raise call.refuse(BAD_REQUEST)
        texts.append(item["text"])
        links.append(ItemLinks(proposal_ids, ballot_ids))
    return texts, tuple(links)


async def agenda(call: Call) -> dict[str, Any]:
    meeting_id = call.number("id")
    texts, links = _agenda_items(call, (await call.body()).get("items"))
    # one line per item, each under the chat's rules (a line break inside an item is a space)
    lines = [" ".join(text.split()) for text in texts]
    try:
        parsed = parse_agenda("\n".join(lines))
    except AgendaTooLong as error:
        raise call.refuse(agenda_problem(call.t, error)) from None
    if links is not None and len(parsed) != len(links):
        raise call.refuse(EMPTY_ITEM)
    try:
        result = await meetings.change(
            call.runtime,
            call.who.committee_id,
            meeting_id,
            meetings.Change(agenda=parsed, links=links),
            actor_member_id=call.who.member_id,
        )
    except AgendaLinkError as refused:
        raise call.refuse(
            LINK_PROBLEMS[refused.reason], item=refused.item, number=refused.number
        ) from None
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
