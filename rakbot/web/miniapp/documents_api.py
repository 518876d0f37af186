"""The documents of a proposal and of a meeting's agenda items, for those who get them in the
chat (representatives, deputies, the office: `Audience.SEAT_OR_OFFICE`), and "An mich senden":
the bot sends the file by its Telegram `file_id` into the viewer's private chat through the
outbox.

The office attaches, replaces and removes documents here as with `/anhang` in the chat. The
files stay on Telegram: an uploaded file is posted by the bot into the coordinator's private
chat first, and its `file_id` is what gets stored (rakbot/services/document_uploads.py).
"""

from __future__ import annotations

from typing import Any

from rakbot.domain.access import Audience
from rakbot.domain.documents import Target, format_size
from rakbot.i18n import N_
from rakbot.services import document_uploads, documents
from rakbot.services.document_uploads import FileSender, Uploader
from rakbot.services.documents import DocumentError, DocumentView
from rakbot.web.miniapp.call import Call, Endpoint, error
from rakbot.web.miniapp.uploads import read_upload

NO_PROPOSAL = N_("Einen Antrag Nr. {n} gibt es nicht. Alle Anträge: /antraege")
NO_MEETING = N_("Eine Sitzung Nr. {n} gibt es nicht. Sitzungen: /termine")
NO_DOCUMENT = N_("Dazu gibt es keine Unterlagen (mehr).")
SENT = N_("„{name}“ kommt gleich in Ihren privaten Chat mit dem Bot.")
ATTACHED = N_("Unterlage Nr. {id} „{name}“ ({size}) an {where} angehängt.")
REPLACED = N_(
    "Unterlage Nr. {id} ({where}) ersetzt: „{name}“ ({size}) statt „{old}“. Die alte Fassung "
    "bleibt im /protokoll vermerkt."
)
REMOVED = N_("Unterlage Nr. {id} „{name}“ ({where}) entfernt; sie bleibt im /protokoll vermerkt.")
NO_SENDER = N_("Dateien lassen sich gerade nicht hochladen. Bitte im Chat mit /anhang schicken.")
#: the HTTP status of a refusal, by `DocumentError.reason` (the rest: 400)
STATUS = {
    "no_proposal": 404,
    "no_meeting": 404,
    "not_found": 404,
    "cancelled": 409,
    "no_item": 409,
    "upload_failed": 502,
}


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


def _refused(call: Call, refused: DocumentError) -> Exception:
    return error(STATUS.get(refused.reason, 400), refused.text(call.t))


def _uploader(call: Call) -> tuple[FileSender, Uploader]:
    if call.send_file is None:
        raise call.refuse(NO_SENDER, 409)
    who = call.who
    return call.send_file, Uploader(who.committee_id, who.member_id, who.telegram_user_id, call.t)


async def _attach(call: Call, target: Target) -> dict[str, Any]:
    send, who = _uploader(call)
    try:
        upload = await read_upload(call)
        view = await document_uploads.attach(call.runtime, send, who, target, upload)
    except DocumentError as refused:
        raise _refused(call, refused) from None
    message = call.t(
        ATTACHED,
        id=view.id,
        name=view.file_name,
        size=format_size(view.file_size, call.t.lang),
        where=documents.where(call.t, view),
    )
    return {"document": document_item(call, view), "message": message}


async def attach_to_proposal(call: Call) -> dict[str, Any]:
    return await _attach(call, Target(proposal_id=call.number("id")))


async def attach_to_item(call: Call) -> dict[str, Any]:
    """`n` is the agenda item's number as the members see it (1-based)."""
    meeting, item = call.number("id"), call.number("n")
    return await _attach(call, Target(meeting_id=meeting, item=item - 1))


async def replace(call: Call) -> dict[str, Any]:
    send, who = _uploader(call)
    try:
        upload = await read_upload(call)
        view, old = await document_uploads.replace(
            call.runtime, send, who, call.number("id"), upload
        )
    except DocumentError as refused:
        raise _refused(call, refused) from None
    message = call.t(
        REPLACED,
        id=view.id,
        where=documents.where(call.t, view),
        name=view.file_name,
        size=format_size(view.file_size, call.t.lang),
        old=old,
    )
    return {"document": document_item(call, view), "message": message}


async def remove(call: Call) -> dict[str, Any]:
    who = call.who
    try:
        view = await documents.remove(
            call.runtime,
            committee_id=who.committee_id,
            member_id=who.member_id,
            document_id=call.number("id"),
        )
    except DocumentError as refused:
        raise _refused(call, refused) from None
    message = call.t(REMOVED, id=view.id, name=view.file_name, where=documents.where(call.t, view))
    return {"message": message}


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
    Endpoint(
        "POST",
        "/proposals/{id}/documents",
        Audience.COORDINATOR,
        attach_to_proposal,
        "attach an uploaded file to a proposal",
        201,
    ),
    Endpoint(
        "POST",
        "/meetings/{id}/items/{n}/documents",
        Audience.COORDINATOR,
        attach_to_item,
        "attach an uploaded file to a meeting's agenda item",
        201,
    ),
    Endpoint(
        "POST",
        "/documents/{id}/replace",
        Audience.COORDINATOR,
        replace,
        "replace a document with an uploaded file",
    ),
    Endpoint(
        "POST",
        "/documents/{id}/remove",
        Audience.COORDINATOR,
        remove,
        "remove a document",
    ),
)
