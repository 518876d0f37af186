"""Documents on proposals and agenda items.

The office attaches a file in its private chat in one of three ways: it sends the file with the
command as caption (`/anhang 3`), it answers a file it sent earlier with the command, or it
types the command first and sends the file when asked (a saved dialog). `/anhang ersetzen 4`
and `/anhang entfernen 4` change a document. Representatives, deputies and the office get the
files with `/unterlagen`, the "Unterlagen" buttons under a proposal and on a meeting's card and
in the private invitation (reminder); guests and applicants never.
"""

from __future__ import annotations

from telegram import Document, Message, Update
from telegram.error import BadRequest, Forbidden

from handlers.commands import Audience, Command, Feature, Where
from handlers.common import (
    Context,
    person,
    private_coordinator,
    require_coordinator,
    require_seat_or_office,
    runtime,
    tr,
)
from rakbot.domain.dates import format_date
from rakbot.domain.documents import (
    Action,
    FileProblem,
    Request,
    Target,
    format_size,
    parse_listing,
    parse_request,
)
from rakbot.i18n import N_, Translator
from rakbot.services import dialogs, documents
from rakbot.services.dialogs import DialogState
from rakbot.services.documents import DocumentError, DocumentView, IncomingFile, Listing
from rakbot.services.people import Person
from rakbot.views import callbacks
from rakbot.views.callbacks import DocumentsOf

KIND = "document"
COMMAND = "anhang"
#: what Telegram answers `getFile` for a file above the bots' download limit
TOO_BIG_ANSWER = "file is too big"


def _usage(t: Translator) -> str:
    return t(
        "So hängen Sie eine Unterlage an (Datei bis 20 MB):\n"
        "/anhang 3 – an Antrag Nr. 3\n"
        "/anhang sitzung 2 top 1 – an TOP 1 der Sitzung Nr. 2\n"
        "Schicken Sie die Datei mit dem Befehl als Beschriftung, antworten Sie mit dem Befehl "
        "auf die Datei, oder schicken Sie die Datei, wenn ich danach frage.\n"
        "/anhang ersetzen 4 – Unterlage Nr. 4 durch eine neue Fassung ersetzen\n"
        "/anhang entfernen 4 – Unterlage Nr. 4 entfernen\n"
        "Die Unterlagen ansehen: /unterlagen 3 oder /unterlagen sitzung 2"
    )


def _listing_usage(t: Translator) -> str:
    return t(
        "So geht es:\n"
        "/unterlagen 3 – die Unterlagen zu Antrag Nr. 3\n"
        "/unterlagen sitzung 2 – die Unterlagen zur Tagesordnung der Sitzung Nr. 2"
    )


def _incoming(document: Document) -> IncomingFile:
    return IncomingFile(
        file_id=document.file_id,
        file_unique_id=document.file_unique_id,
        file_name=document.file_name,
        mime_type=document.mime_type,
        file_size=document.file_size,
    )


async def _with_size(context: Context, file: IncomingFile) -> IncomingFile:
    """Telegram may leave a document's size out; `getFile` then says it, and refuses a file
    above the download limit – exactly the files the office may not attach."""
    if file.file_size is not None:
        return file
    try:
        found = await context.bot.get_file(file.file_id)
    except BadRequest as error:
        if TOO_BIG_ANSWER in str(error).lower():
            raise DocumentError(FileProblem.TOO_BIG) from error
        raise
    return IncomingFile(
        file.file_id, file.file_unique_id, file.file_name, file.mime_type, found.file_size or 0
    )


def _changes_hint(t: Translator, view: DocumentView) -> str:
    return t(
        "Ersetzen: /anhang ersetzen {id} – Entfernen: /anhang entfernen {id}",
        id=view.id,
    )


async def _store(
    update: Update, context: Context, who: Person, request: Request, document: Document
) -> None:
    """Attach or replace with `document`, and say what happened."""
    t = tr(update)
    rt = runtime(context)
    message = update.effective_message
    try:
        file = await _with_size(context, _incoming(document))
        if request.action is Action.REPLACE:
            view, old_name = await documents.replace(
                rt,
                committee_id=who.committee_id,
                member_id=who.member_id,
                document_id=request.document_id or 0,
                file=file,
            )
            text = t(
                "📎 Unterlage Nr. {id} ({where}) ersetzt: „{name}“ ({size}) statt „{old}“. "
                "Die alte Fassung bleibt im /protokoll vermerkt.",
                id=view.id,
                where=documents.where(t, view),
                name=view.file_name,
                size=format_size(view.file_size, t.lang),
                old=old_name,
            )
        else:
            assert request.target is not None
            view = await documents.attach(
                rt,
                committee_id=who.committee_id,
                member_id=who.member_id,
                target=request.target,
                file=file,
            )
            text = t(
                "📎 Unterlage Nr. {id} „{name}“ ({size}) an {where} angehängt.",
                id=view.id,
                name=view.file_name,
                size=format_size(view.file_size, t.lang),
                where=documents.where(t, view),
            )
    except DocumentError as error:
        await message.reply_text(error.text(t))
        return
    await message.reply_text(text + "\n" + _changes_hint(t, view))


async def _remove(update: Update, context: Context, who: Person, document_id: int) -> None:
    t = tr(update)
    try:
        view = await documents.remove(
            runtime(context),
            committee_id=who.committee_id,
            member_id=who.member_id,
            document_id=document_id,
        )
    except DocumentError as error:
        await update.effective_message.reply_text(error.text(t))
        return
    await update.effective_message.reply_text(
        t(
            "Unterlage Nr. {id} „{name}“ ({where}) entfernt; sie bleibt im /protokoll vermerkt.",
            id=view.id,
            name=view.file_name,
            where=documents.where(t, view),
        )
    )


async def _ask_for_file(update: Update, context: Context, who: Person, request: Request) -> None:
    """No file came with the command: check where it goes, then wait for it (a saved dialog)."""
    t = tr(update)
    rt = runtime(context)
    try:
        if request.action is Action.REPLACE:
            view = await documents.check_document(rt, who.committee_id, request.document_id or 0)
            where = t(
                "als neue Fassung der Unterlage Nr. {id} „{name}“", id=view.id, name=view.file_name
            )
        else:
            assert request.target is not None
            await documents.check_target(rt, who.committee_id, request.target)
            where = _target_label(t, request.target)
    except DocumentError as error:
        await update.effective_message.reply_text(error.text(t))
        return
    data = {
        "action": request.action.value,
        "document_id": request.document_id,
        "proposal_id": request.target.proposal_id if request.target else None,
        "meeting_id": request.target.meeting_id if request.target else None,
        "item": request.target.item if request.target else None,
    }
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    await dialogs.save(rt, chat_id, user_id, DialogState(KIND, "file", data))
    await update.effective_message.reply_text(
        t(
            "Schicken Sie mir jetzt die Datei {where} (als Datei, bis 20 MB) – oder /abbrechen.",
            where=where,
        )
    )


def _target_label(t: Translator, target: Target) -> str:
    if target.is_proposal:
        return t("für Antrag Nr. {n}", n=target.proposal_id)
    return t("für TOP {item} der Sitzung Nr. {n}", item=(target.item or 0) + 1, n=target.meeting_id)


async def _run(update: Update, context: Context, who: Person, args: list[str]) -> None:
    """`/anhang …` as typed or as a file's caption; the file is the message's own or the one
    it answers."""
    t = tr(update)
    message = update.effective_message
    request = parse_request(args)
    if request is None:
        await message.reply_text(_usage(t))
        return
    if request.action is Action.REMOVE:
        await _remove(update, context, who, request.document_id or 0)
        return
    document = message.document or (
        message.reply_to_message.document if message.reply_to_message else None
    )
    if document is None:
        await _ask_for_file(update, context, who, request)
        return
    await _store(update, context, who, request, document)


async def attach_command(update: Update, context: Context) -> None:
    """/anhang: attach, replace or remove a document (the office, in its private chat)."""
    t = tr(update)
    who = await private_coordinator(
        update, context, t("Unterlagen nehme ich nur im privaten Chat an.")
    )
    if who is None:
        return
    await _run(update, context, who, context.args or [])


def _caption_args(message: Message) -> list[str] | None:
    """The words after `/anhang` (or `/anhang@bot`) in a file's caption; None without."""
    words = (message.caption or "").split()
    if not words:
        return None
    command = words[0].split("@", 1)[0].casefold()
    return words[1:] if command == f"/{COMMAND}" else None


def _request_of(state: DialogState) -> Request:
    data = state.data
    action = Action(str(data.get("action")))
    if action is Action.REPLACE:
        return Request(action, document_id=int(data["document_id"]))
    target = Target(
        proposal_id=data.get("proposal_id"),
        meeting_id=data.get("meeting_id"),
        item=data.get("item"),
    )
    return Request(action, target=target)


async def on_file(update: Update, context: Context) -> None:
    """A file (or photo, video, …) in a private chat: the office's `/anhang` caption, or the
    file its `/anhang` dialog waits for; anything else is not understood, as before."""
    t = tr(update)
    message = update.effective_message
    args = _caption_args(message) if message.document else None
    if args is not None:
        who = await require_coordinator(update, context)
        if who is not None:
            await _run(update, context, who, args)
        return
    rt = runtime(context)
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    state = await dialogs.current(rt, chat_id, user_id)
    if state is None or state.kind != KIND:
        await _unexpected_file(update, context, t)
        return
    if message.document is None:
        await message.reply_text(
            t(
                "Bitte schicken Sie die Unterlage als Datei (Büroklammer → Datei), nicht als "
                "Foto oder Video – oder /abbrechen."
            )
        )
        return
    who = await require_coordinator(update, context)
    if who is None:
        return
    await dialogs.end(rt, chat_id, user_id)
    await _store(update, context, who, _request_of(state), message.document)


async def _unexpected_file(update: Update, context: Context, t: Translator) -> None:
    """A file nobody asked for: the office learns how to attach it; anyone else is told that
    the bot reads text."""
    message = update.effective_message
    who = await person(update, context)
    if message.document is not None and who is not None and who.is_coordinator:
        await message.reply_text(
            t(
                "Soll das eine Unterlage werden? Antworten Sie auf die Datei mit /anhang 3 "
                "(für Antrag Nr. 3) oder /anhang sitzung 2 top 1 (für TOP 1 der Sitzung Nr. 2)."
            )
        )
        return
    await message.reply_text(
        t("Ich verstehe nur Textnachrichten. Schreiben Sie Ihre Frage oder tippen Sie /hilfe.")
    )


async def on_text(update: Update, context: Context, state: DialogState) -> None:
    """Text while the dialog waits for a file."""
    t = tr(update)
    await update.effective_message.reply_text(
        t("Ich warte auf die Datei: bitte als Datei schicken (bis 20 MB) – oder /abbrechen.")
    )


# ----- members: getting the documents --------------------------------------------------------


def _listing_title(t: Translator, listing: Listing) -> str:
    target = listing.target
    if target.is_proposal:
        return t(
            "Unterlagen zu Antrag Nr. {n} „{title}“", n=target.proposal_id, title=listing.title
        )
    when = format_date(listing.starts_at, t.lang) if listing.starts_at else ""
    return t("Unterlagen zur Sitzung Nr. {n} am {date}", n=target.meeting_id, date=when)


async def _send_all(
    context: Context, chat_id: int, t: Translator, views: list[DocumentView]
) -> bool:
    """Send the documents by their `file_id`; False when the private chat refuses the bot."""
    try:
        for view in views:
            await context.bot.send_document(
                chat_id, view.file_id, caption=documents.caption(t, view)
            )
    except Forbidden:
        return False
    return True


async def list_command(update: Update, context: Context) -> None:
    """/unterlagen 3, /unterlagen sitzung 2: the documents, sent into the private chat."""
    t = tr(update)
    who = await require_seat_or_office(update, context)
    if who is None:
        return
    message = update.effective_message
    target = parse_listing(context.args or [])
    if target is None:
        await message.reply_text(_listing_usage(t))
        return
    listing = await documents.listing(runtime(context), who.committee_id, target)
    if listing is None:
        reason = "no_proposal" if target.is_proposal else "no_meeting"
        number = target.proposal_id if target.is_proposal else target.meeting_id
        await message.reply_text(DocumentError(reason, n=number).text(t))
        return
    if not listing.documents:
        await message.reply_text(t("{title}: keine.", title=_listing_title(t, listing)))
        return
    await message.reply_text(
        t("{title}: {count}", title=_listing_title(t, listing), count=len(listing.documents))
    )
    await _send_all(context, update.effective_chat.id, t, listing.documents)


async def _documents_of(
    context: Context, who: Person, kind: DocumentsOf, number: int
) -> list[DocumentView] | None:
    rt = runtime(context)
    if kind is DocumentsOf.DOCUMENT:
        found = await documents.one(rt, who.committee_id, number)
        return None if found is None else [found]
    target = (
        Target(proposal_id=number) if kind is DocumentsOf.PROPOSAL else Target(meeting_id=number)
    )
    listing = await documents.listing(rt, who.committee_id, target)
    return None if listing is None else listing.documents


async def on_documents_button(update: Update, context: Context) -> None:
    """`ud:…` under a proposal, on a meeting's card or in an invitation: the documents go to the
    presser's private chat (never into the group, where guests read along)."""
    query = update.callback_query
    t = tr(update)
    button = callbacks.parse_documents(query.data)
    if button is None:
        await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
        return
    who = await require_seat_or_office(update, context)
    if who is None:
        return
    views = await _documents_of(context, who, button.kind, button.number)
    if not views:
        await query.answer(t("Dazu gibt es keine Unterlagen (mehr)."), show_alert=True)
        return
    if not await _send_all(context, update.effective_user.id, t, views):
        await query.answer(
            t("Bitte schreiben Sie mir zuerst privat (/start), dann schicke ich die Unterlagen."),
            show_alert=True,
        )
        return
    await query.answer(t("Die Unterlagen sind in Ihrem privaten Chat."))


FEATURE = Feature(
    commands=(
        Command(
            COMMAND,
            N_("Unterlage an einen Antrag oder TOP anhängen, ersetzen, entfernen"),
            Audience.COORDINATOR,
            attach_command,
            Where.PRIVATE,
        ),
        Command(
            "unterlagen",
            N_("Unterlagen zu einem Antrag oder einer Sitzung"),
            Audience.SEAT_OR_OFFICE,
            list_command,
            Where.PRIVATE,
        ),
    ),
    buttons=((callbacks.DOCUMENTS.pattern, on_documents_button),),
    dialogs={KIND: on_text},
)
