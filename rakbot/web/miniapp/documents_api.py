"""The documents of a proposal and of a meeting's agenda items, for those who get them in the
chat (representatives, deputies, the office: `Audience.SEAT_OR_OFFICE`), and "An mich senden":
the bot sends the file by its Telegram `file_id` into the viewer's private chat through the
outbox. Attaching stays in the chat (`/anhang`): the files stay on Telegram, so only a file
sent to the bot can become a document.
"""

from __future__ import annotations

from typing import Any

from rakbot.domain.access import Audience
from rakbot.domain.documents import Target, format_size
from rakbot.i18n import N_
from rakbot.services import documents
from rakbot.services.documents import DocumentView
from rakbot.web.miniapp.call import Call, Endpoint

NO_PROPOSAL = N_("Einen Antrag Nr. {n} gibt es nicht. Alle Anträge: /antraege")
NO_MEETING = N_("Eine Sitzung Nr. {n} gibt es nicht. Sitzungen: /termine")
NO_DOCUMENT = N_("Dazu gibt es keine Unterlagen (mehr).")
SENT = N_("„{name}“ kommt gleich in Ihren privaten Chat mit dem Bot.")


def document_item(call: Call, view: DocumentView) -> dict[str, Any]:
    return {
        "id": view.id,
        "name": view.file_name,
        "type": view.mime_type or "",
        "size": format_size(view.file_size, call.t.lang),
        "item": view.item,
    }


async def of_proposal(call: Call) -> dict[str, Any]:
    number = call.number("id")
    found = await documents.listing(call.runtime, call.who.committee_id, Target(proposal_id=number))
    if found is None:
        raise call.refuse(NO_PROPOSAL, 404, n=number)
    return {
        "documents": [document_item(call, view) for view in found.documents],
        "attach_hint": call.t("Datei im Chat mit /anhang {n} schicken", n=number),
    }


async def of_meeting(call: Call) -> dict[str, Any]:
    number = call.number("id")
    found = await documents.listing(call.runtime, call.who.committee_id, Target(meeting_id=number))
    if found is None:
        raise call.refuse(NO_MEETING, 404, n=number)
    return {
        "documents": [document_item(call, view) for view in found.documents],
        "attach_hint": call.t(
            "Datei im Chat mit /anhang sitzung {n} top N schicken (N: Nummer des Punkts)", n=number
        ),
    }


async def send(call: Call) -> dict[str, Any]:
    who = call.who
    planned = await documents.send_copy(
        call.runtime, who.committee_id, call.number("id"), who.telegram_user_id, call.t.lang
    )
    if planned is None:
        raise call.refuse(NO_DOCUMENT, 404)
    call.runtime.wake_outbox()
    return {"message": call.t(SENT, name=planned.file_name)}


ENDPOINTS = (
    Endpoint(
        "GET",
        "/proposals/{id}/documents",
        Audience.SEAT_OR_OFFICE,
        of_proposal,
        "a proposal's documents",
    ),
    Endpoint(
        "GET",
        "/meetings/{id}/documents",
        Audience.SEAT_OR_OFFICE,
        of_meeting,
        "the documents of a meeting's agenda items",
    ),
    Endpoint(
        "POST",
        "/documents/{id}/send",
        Audience.SEAT_OR_OFFICE,
        send,
        "send a document into one's private chat",
    ),
)
