"""Documents on proposals and agenda items: attached, replaced and removed by the office, listed
and sent to the members. The files stay on Telegram (see `rakbot.domain.documents` for what is
accepted and why); a replaced or removed version is kept in the audit log with its identifiers,
name and size, so the office can still say what the members had in hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rakbot.domain.documents import (
    FileProblem,
    Target,
    check_size,
    file_name,
    format_size,
    mime_type,
)
from rakbot.i18n import N_, Translator, translator
from rakbot.runtime import Runtime
from rakbot.services import meeting_card
from rakbot.services.outgoing import Document as OutgoingFile
from rakbot.services.outgoing import Outgoing, Skip
from storage.models import Document, Meeting, Outbox
from storage.repositories import audit, ballots, entities, meetings, outbox
from storage.repositories import documents as rows
from storage.session import AsyncSession

#: a document sent on request into a person's private chat (the Mini App's "An mich senden")
COPY_KIND = "document_copy"

ERRORS = {
    "no_proposal": N_("Einen Antrag Nr. {n} gibt es nicht. Alle Anträge: /antraege"),
    "no_meeting": N_("Eine Sitzung Nr. {n} gibt es nicht. Sitzungen: /termine"),
    "cancelled": N_("Die Sitzung Nr. {n} wurde abgesagt; Unterlagen dazu nehme ich nicht an."),
    "no_item": N_(
        "Die Sitzung Nr. {n} hat keinen TOP {item}. Ihre Tagesordnung zeigt /naechste_sitzung "
        "oder /termine."
    ),
    "not_found": N_("Eine Unterlage Nr. {n} gibt es nicht. Die Unterlagen zeigt /unterlagen."),
    FileProblem.TOO_BIG: N_(
        "Die Datei ist größer als 20 MB. Telegram lässt Bots nur Dateien bis 20 MB abrufen, "
        "und jede Unterlage muss der Bot wieder abrufen können (Archiv, Umzug auf einen neuen "
        "Bot). Bitte eine kleinere Fassung schicken, z. B. als PDF mit geringerer Auflösung "
        "oder in Teilen."
    ),
    FileProblem.EMPTY: N_("Die Datei ist leer (0 Byte). Bitte die richtige Datei schicken."),
    "upload_failed": N_(
        "Telegram hat die Datei nicht angenommen, nichts wurde gespeichert. Bitte den privaten "
        "Chat mit dem Bot einmal öffnen (/start) und es dann noch einmal versuchen, oder die "
        "Datei im Chat mit /anhang schicken."
    ),
}


class DocumentError(ValueError):
    """A refused attach, replace or remove; `reason` is a key of `ERRORS`, `values` fill it."""

    def __init__(self, reason: str, **values: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.values = values

    def text(self, t: Translator) -> str:
        return t(ERRORS[self.reason], **self.values)


@dataclass(frozen=True)
class IncomingFile:
    """A document as Telegram described it; `file_size` None when Telegram did not say (the
    handler then asks `getFile`)."""

    file_id: str
    file_unique_id: str
    file_name: str | None
    mime_type: str | None
    file_size: int | None


@dataclass(frozen=True)
class DocumentView:
    id: int
    file_id: str
    file_name: str
    mime_type: str | None
    file_size: int
    proposal_id: int | None
    meeting_id: int | None
    #: 0-based agenda item of a meeting's document
    item: int | None
    #: the agenda item's title (meetings only)
    item_title: str | None = None


@dataclass(frozen=True)
class Listing:
    """The documents of a proposal (`title`) or of a meeting (`starts_at`, by agenda item)."""

    target: Target
    title: str
    documents: list[DocumentView]
    starts_at: datetime | None = None


def _view(document: Document, agenda: list[Any] | None = None) -> DocumentView:
    item = document.agenda_item
    title = None
    if agenda is not None and item is not None and 0 <= item < len(agenda):
        title = str(agenda[item])
    return DocumentView(
        id=document.id,
        file_id=document.file_id,
        file_name=document.file_name,
        mime_type=document.mime_type,
        file_size=document.file_size,
        proposal_id=document.proposal_id,
        meeting_id=document.meeting_id,
        item=item,
        item_title=title,
    )


def where(t: Translator, view: DocumentView) -> str:
    """ "Antrag Nr. 3" or "Sitzung Nr. 2, TOP 1: Begrüßung" – where the document belongs."""
    if view.proposal_id is not None:
        return t("Antrag Nr. {n}", n=view.proposal_id)
    item = (view.item or 0) + 1
    if view.item_title:
        return t(
            "Sitzung Nr. {n}, TOP {item}: {title}",
            n=view.meeting_id,
            item=item,
            title=" ".join(view.item_title.split()),
        )
    return t("Sitzung Nr. {n}, TOP {item}", n=view.meeting_id, item=item)


def caption(t: Translator, view: DocumentView) -> str:
    """The caption a document is sent with (Telegram allows 1024 characters)."""
    return t(
        "{where} – Unterlage Nr. {id} ({size})",
        where=where(t, view),
        id=view.id,
        size=format_size(view.file_size, t.lang),
    )[:1024]


def _checked_size(file: IncomingFile) -> int:
    size = file.file_size or 0
    problem = check_size(size)
    if problem is not None:
        raise DocumentError(problem)
    return size


def _file_details(document: Document) -> dict[str, Any]:
    """What the audit log keeps of a version: enough to name and fetch it again."""
    return {
        "document": document.id,
        "file_name": document.file_name,
        "file_size": document.file_size,
        "mime_type": document.mime_type,
        "file_id": document.file_id,
        "file_unique_id": document.file_unique_id,
    }


def _subject(document: Document) -> str:
    if document.proposal_id is not None:
        return f"proposal:{document.proposal_id}"
    return f"meeting:{document.meeting_id}"


async def _meeting_for(session: AsyncSession, committee_id: int, target: Target) -> Meeting:
    meeting = await meetings.get(session, committee_id, target.meeting_id or 0)
    if meeting is None:
        raise DocumentError("no_meeting", n=target.meeting_id)
    if meeting.status == "cancelled":
        raise DocumentError("cancelled", n=meeting.id)
    item = target.item or 0
    if not 0 <= item < len(meeting.agenda or ()):
        raise DocumentError("no_item", n=meeting.id, item=item + 1)
    return meeting


async def _card_changed(session: AsyncSession, meeting_id: int | None, now: datetime) -> None:
    """A meeting's documents changed: its card shows (or drops) the "Unterlagen" button."""
    meeting = await entities.by_id(session, Meeting, meeting_id) if meeting_id else None
    if meeting is not None and meeting.status == "planned":
        await meeting_card.schedule_edit(session, meeting, now)


async def attach(
    runtime: Runtime,
    *,
    committee_id: int,
    member_id: int | None,
    target: Target,
    file: IncomingFile,
) -> DocumentView:
    """Attach the file to a proposal or an agenda item; `DocumentError` when refused."""
    size = _checked_size(file)
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> DocumentView:
        agenda = None
        if target.is_proposal:
            if await ballots.proposal(session, committee_id, target.proposal_id or 0) is None:
                raise DocumentError("no_proposal", n=target.proposal_id)
        else:
            agenda = list((await _meeting_for(session, committee_id, target)).agenda or ())
        document = await entities.insert(
            session,
            Document(
                committee_id=committee_id,
                proposal_id=target.proposal_id,
                meeting_id=target.meeting_id,
                agenda_item=None if target.is_proposal else target.item,
                file_id=file.file_id,
                file_unique_id=file.file_unique_id[:100],
                file_name=file_name(file.file_name, "Unterlage"),
                mime_type=mime_type(file.mime_type),
                file_size=size,
                added_by_member_id=member_id,
                added_at=now,
            ),
        )
        audit.record(
            session,
            committee_id=committee_id,
            actor_member_id=member_id,
            action="document.attached",
            subject=_subject(document),
            item=document.agenda_item,
            **_file_details(document),
        )
        await _card_changed(session, document.meeting_id, now)
        return _view(document, agenda)

    return await runtime.db.run(work)


async def replace(
    runtime: Runtime,
    *,
    committee_id: int,
    member_id: int | None,
    document_id: int,
    file: IncomingFile,
) -> tuple[DocumentView, str]:
    """A new version of document `document_id` under the same number; the audit entry keeps
    the old version. The new view and the old version's name."""
    size = _checked_size(file)
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> tuple[DocumentView, str]:
        document = await rows.in_committee(session, committee_id, document_id)
        if document is None:
            raise DocumentError("not_found", n=document_id)
        old = _file_details(document)
        document.file_id = file.file_id
        document.file_unique_id = file.file_unique_id[:100]
        document.file_name = file_name(file.file_name, old["file_name"])
        document.mime_type = mime_type(file.mime_type)
        document.file_size = size
        document.added_by_member_id = member_id
        document.added_at = now
        audit.record(
            session,
            committee_id=committee_id,
            actor_member_id=member_id,
            action="document.replaced",
            subject=_subject(document),
            previous=old,
            **_file_details(document),
        )
        return _view(document), str(old["file_name"])

    return await runtime.db.run(work)


async def remove(
    runtime: Runtime, *, committee_id: int, member_id: int | None, document_id: int
) -> DocumentView:
    """Take document `document_id` away from the members; the audit entry keeps it."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> DocumentView:
        document = await rows.in_committee(session, committee_id, document_id)
        if document is None:
            raise DocumentError("not_found", n=document_id)
        view = _view(document)
        audit.record(
            session,
            committee_id=committee_id,
            actor_member_id=member_id,
            action="document.removed",
            subject=_subject(document),
            **_file_details(document),
        )
        await entities.remove(session, document)
        await entities.write_pending(session)
        await _card_changed(session, view.meeting_id, now)
        return view

    return await runtime.db.run(work)


async def listing(runtime: Runtime, committee_id: int, target: Target) -> Listing | None:
    """The documents of a proposal, of a meeting or of one agenda item; None when the proposal
    or meeting does not exist in the committee."""

    async def work(session: AsyncSession) -> Listing | None:
        if target.is_proposal:
            proposal = await ballots.proposal(session, committee_id, target.proposal_id or 0)
            if proposal is None:
                return None
            found = await rows.of_proposal(session, proposal.id)
            return Listing(target, proposal.title, [_view(d) for d in found])
        meeting = await meetings.get(session, committee_id, target.meeting_id or 0)
        if meeting is None:
            return None
        agenda = list(meeting.agenda or ())
        found = await rows.of_meeting(session, meeting.id, target.item)
        views = [_view(d, agenda) for d in found]
        return Listing(target, "", views, starts_at=meeting.starts_at)

    return await runtime.db.run(work)


async def one(runtime: Runtime, committee_id: int, document_id: int) -> DocumentView | None:
    async def work(session: AsyncSession) -> DocumentView | None:
        document = await rows.in_committee(session, committee_id, document_id, lock=False)
        return None if document is None else _view(document)

    return await runtime.db.run(work)


async def check_target(runtime: Runtime, committee_id: int, target: Target) -> None:
    """`DocumentError` unless a document could be attached there now (the office is asked for
    the file only then)."""

    async def work(session: AsyncSession) -> None:
        if target.is_proposal:
            if await ballots.proposal(session, committee_id, target.proposal_id or 0) is None:
                raise DocumentError("no_proposal", n=target.proposal_id)
        else:
            await _meeting_for(session, committee_id, target)

    await runtime.db.run(work)


async def check_document(runtime: Runtime, committee_id: int, document_id: int) -> DocumentView:
    found = await one(runtime, committee_id, document_id)
    if found is None:
        raise DocumentError("not_found", n=document_id)
    return found


async def send_copy(
    runtime: Runtime, committee_id: int, document_id: int, chat_id: int, lang: str
) -> DocumentView | None:
    """Plan document `document_id` for the person's private chat, sent by its `file_id`
    through the outbox; None when the committee has no such document. Each request plans one
    copy (keyed by its time), as each press of the chat's button sends one."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> DocumentView | None:
        document = await rows.in_committee(session, committee_id, document_id, lock=False)
        if document is None:
            return None
        await outbox.enqueue(
            session,
            dedup_key=f"document:{document.id}:copy:{chat_id}:{now.isoformat()}",
            kind=COPY_KIND,
            due_at=now,
            chat_id=chat_id,
            payload={"document_id": document.id, "lang": lang},
            committee_id=committee_id,
        )
        return _view(document)

    return await runtime.db.run(work)


async def render_copy(
    runtime: Runtime, session: AsyncSession, row: Outbox, now: datetime
) -> Outgoing | Skip:
    """The document as it stands at send time (a removed one is not sent)."""
    document_id = row.payload.get("document_id")
    document = await entities.by_id(session, Document, document_id) if document_id else None
    if document is None or row.chat_id is None:
        return Skip("document gone")
    agenda = None
    if document.meeting_id is not None:
        meeting = await entities.by_id(session, Meeting, document.meeting_id)
        agenda = list(meeting.agenda or ()) if meeting is not None else None
    view = _view(document, agenda)
    t = translator(str(row.payload.get("lang", "de")))
    return Outgoing(
        text=caption(t, view),
        chat_id=row.chat_id,
        parse_mode=None,
        document=OutgoingFile(view.file_name, b"", file_id=view.file_id),
    )
