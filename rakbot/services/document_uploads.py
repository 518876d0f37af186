"""Documents attached or replaced from the Mini App.

A document is a Telegram file: the bot keeps its `file_id` and sends it again from there (see
`rakbot.domain.documents`). A file uploaded in the app is therefore first sent by the bot into
the coordinator's own private chat, with a caption saying what it belongs to; Telegram's answer
carries the `file_id`, and the document is stored through the same `documents.attach` /
`documents.replace` as a file sent in the chat (audit entry included).

That send is synchronous, not planned in the outbox: its answer is what gets stored, and the
file's bytes have no place in an outbox row. It is sent once and not repeated on failure (a
repeat could post the file twice); the coordinator sees the refusal in the app and uploads again.
What Telegram refuses, and what the domain refuses (empty, over 20 MB), is refused before
anything is stored; the size is checked before the upload reaches Telegram at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from rakbot.domain.documents import Target, check_size, file_name
from rakbot.i18n import Translator
from rakbot.runtime import Runtime
from rakbot.services import documents
from rakbot.services.documents import DocumentError, DocumentView, IncomingFile


@dataclass(frozen=True)
class Upload:
    """A file as the browser sent it."""

    file_name: str | None
    mime_type: str | None
    data: bytes


class FileSender(Protocol):
    """Sends `upload` with `caption` into the private chat `chat_id` and returns what Telegram
    says of the file; raises `DocumentError("upload_failed")` when Telegram refuses it. The bot
    provides it (rakbot/file_sender.py)."""

    async def __call__(self, chat_id: int, upload: Upload, caption: str) -> IncomingFile: ...


@dataclass(frozen=True)
class Uploader:
    """Who uploads: the coordinator's committee, member row and private chat, in their
    language (for the caption)."""

    committee_id: int
    member_id: int | None
    chat_id: int
    t: Translator


def _checked(upload: Upload) -> None:
    problem = check_size(len(upload.data))
    if problem is not None:
        raise DocumentError(problem)


def _target_label(t: Translator, target: Target) -> str:
    if target.is_proposal:
        return t("Antrag Nr. {n}", n=target.proposal_id)
    return t("Sitzung Nr. {n}, TOP {item}", n=target.meeting_id, item=(target.item or 0) + 1)


async def attach(
    runtime: Runtime, send: FileSender, who: Uploader, target: Target, upload: Upload
) -> DocumentView:
    """Attach the uploaded file to a proposal or an agenda item; `DocumentError` when refused."""
    _checked(upload)
    await documents.check_target(runtime, who.committee_id, target)
    name = file_name(upload.file_name, "Unterlage")
    caption = who.t(
        "📎 Anhang zu {where}: „{name}“ (aus der App)",
        where=_target_label(who.t, target),
        name=name,
    )
    file = await send(who.chat_id, upload, caption[:1024])
    return await documents.attach(
        runtime,
        committee_id=who.committee_id,
        member_id=who.member_id,
        target=target,
        file=file,
    )


async def replace(
    runtime: Runtime, send: FileSender, who: Uploader, document_id: int, upload: Upload
) -> tuple[DocumentView, str]:
    """A new version of document `document_id` from the app; the new view and the old name."""
    _checked(upload)
    old = await documents.check_document(runtime, who.committee_id, document_id)
    caption = who.t(
        "📎 Neue Fassung von Unterlage Nr. {id} ({where}): „{name}“ (aus der App)",
        id=old.id,
        where=documents.where(who.t, old),
        name=file_name(upload.file_name, old.file_name),
    )
    file = await send(who.chat_id, upload, caption[:1024])
    return await documents.replace(
        runtime,
        committee_id=who.committee_id,
        member_id=who.member_id,
        document_id=document_id,
        file=file,
    )
