"""Small helpers every handler module uses: runtime, language, escaping, message splitting."""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from telegram import Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, CallbackContext, ExtBot

from rakbot.domain import group_rights
from rakbot.i18n import GROUP_LANGUAGE, N_, Translator, translator
from rakbot.runtime import RUNTIME_KEY, Runtime
from rakbot.services import dialogs
from rakbot.services.dialogs import DialogState
from rakbot.services.people import Person, Sender, sender
from rakbot.views.callbacks import Codec, Pressed

#: a plain number as typed or carried in button data ("3"; not "³", "-3" or 20 digits)
NUMBER = re.compile(r"[0-9]{1,9}")
TELEGRAM_TEXT_LIMIT = 4096
#: Row ids are PostgreSQL INTEGER (and SQLite checks 64 bits): anything bigger names no row.
MAX_ID = 2**31 - 1


class UpdateContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The context of one update (PTB builds one per update and hands it to every handler
    that runs for it): the runtime, and the sender as the roster knows them, read once per
    update (`sender_of`) and handed on to every handler and use case of that update."""

    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id, user_id)
        self.sender: Sender | None = None

    @property
    def runtime(self) -> Runtime:
        return self.application.bot_data[RUNTIME_KEY]  # type: ignore[no-any-return]


Context = UpdateContext


def runtime(context: Context) -> Runtime:
    return context.application.bot_data[RUNTIME_KEY]  # type: ignore[no-any-return]


def _group_chat_id(update: Update) -> int | None:
    chat = update.effective_chat
    return chat.id if chat is not None and chat.type != "private" else None


async def sender_of(update: Update, context: Context) -> Sender | None:
    """The sender of this update, from the database (never from the update's claims), read in
    one unit of work the first time a handler of the update asks. A handler that changes the
    sender's own roster rows calls `forget_sender` so that later questions read them again."""
    user = update.effective_user
    if user is None:
        return None
    known = getattr(context, "sender", None)
    if known is not None and known.telegram_user_id == user.id:
        return known
    rt = runtime(context)
    found = await sender(rt.db, rt.committee_id, user.id, _group_chat_id(update))
    if isinstance(context, UpdateContext):
        context.sender = found
    return found


def remember_sender(context: Context, found: Sender) -> None:
    """A use case read the sender inside its own unit of work: later handlers use it."""
    if isinstance(context, UpdateContext):
        context.sender = found


def forget_sender(context: Context) -> None:
    if isinstance(context, UpdateContext):
        context.sender = None


def e(value: Any) -> str:
    """Escape for Telegram's HTML parse mode."""
    return html.escape(str(value), quote=False)


def user_language(update: Update) -> str | None:
    user = update.effective_user
    return user.language_code if user else None


def tr(update: Update) -> Translator:
    """The language of an answer: German to a message in a group chat, which the whole committee
    reads; otherwise the user's own – in a private chat and for what only the user sees (a
    button's alert, inline results, the note to someone who asked to join a group). See
    :func:`chat_tr` for a message written into the chat after a button press."""
    if update.callback_query is None and update.effective_message is not None:
        return chat_tr(update)
    return translator(user_language(update))


def chat_tr(update: Update) -> Translator:
    """The language of what is written into the chat itself: German in a group chat, whoever
    asked or pressed; the user's own language in a private chat."""
    chat = update.effective_chat
    if chat is not None and chat.type != "private":
        return translator(GROUP_LANGUAGE)
    return translator(user_language(update))


async def person(update: Update, context: Context, *, coordinating: bool = False) -> Person | None:
    """The sender as the roster knows them, from the database (never from the update's claims),
    in the committee of this chat (a bound group) or of their own membership."""
    found = await sender_of(update, context)
    return None if found is None else found.person(coordinating=coordinating)


def parse_id(text: str | None) -> int | None:
    """A row id typed by a user or carried in button data: ASCII digits only (``str.isdigit``
    also accepts ``²`` and ``٣``, which ``int`` then refuses or reads), within the column's range;
    None for anything else."""
    if not text or not NUMBER.fullmatch(text):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def number_arg(context: Context, position: int = 0) -> int | None:
    """The command argument at `position` if it is a plain number such as "3", else None."""
    args = context.args or []
    return parse_id(args[position]) if len(args) > position else None


async def edit_query_message(query: CallbackQuery, text: str, **kwargs: Any) -> None:
    """Edit the message under a pressed button; a second press of the same button would change
    nothing, which Telegram refuses with "message is not modified" – that is no error."""
    shown = query.message
    if isinstance(shown, Message):
        current = shown.text_html if kwargs.get("parse_mode") else shown.text
        if current == text and shown.reply_markup == kwargs.get("reply_markup"):
            return
    try:
        await query.edit_message_text(text, **kwargs)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


def yes_no_keyboard(t: Translator, yes: str, no: str) -> InlineKeyboardMarkup:
    """ "Is this right?" under a summary: confirm (`yes`) or change it (`no`)."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("✅ Ja, stimmt"), callback_data=yes),
                InlineKeyboardButton(t("✏️ Nein, ändern"), callback_data=no),
            ]
        ]
    )


def is_private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == "private"


async def private_only(update: Update, refusal: str) -> bool:
    """True in a private chat; elsewhere answer with `refusal` (where to go instead)."""
    if is_private(update):
        return True
    await update.effective_message.reply_text(refusal)
    return False


def split_message(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Split at line breaks so that every part fits Telegram's limit (tags never span lines)."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts


def _in_scope(who: Person | None, context: Context, own_committee: bool) -> bool:
    """Meetings, proposals and ballots belong to the bot's committee; the roster commands act in
    the sender's own committee (``own_committee``). See handlers/access.py."""
    if who is None:
        return False
    return own_committee or who.committee_id == runtime(context).committee_id


def in_foreign_group(who: Person, context: Context, *, own_committee: bool = False) -> bool:
    """A group chat that is not the bound group of the committee the command acts in: a group
    bound to no committee, or (for the bot's meetings, proposals and ballots) one bound to
    another committee. Members' commands answer only in the bound group and privately, so
    that nothing of the committee is shown to the people of some other group."""
    if not who.in_group:
        return False
    if who.group_committee_id is None:
        return True
    return not own_committee and who.group_committee_id != runtime(context).committee_id


async def _refuse_foreign_group(update: Update) -> None:
    t = tr(update)
    await _refuse(
        update,
        t(
            "Das beantworte ich nur in der Gruppe des RAK und im privaten Chat, nicht in dieser "
            "Gruppe. Schreiben Sie mir dafür bitte privat."
        ),
    )


async def require_member(
    update: Update, context: Context, *, own_committee: bool = False
) -> Person | None:
    """The sender if they are an active member (or coordinator) of the bot's committee (or, with
    ``own_committee``, of any committee) and write privately or in that committee's group;
    otherwise a polite refusal."""
    who = await person(update, context)
    if who is not None and in_foreign_group(who, context, own_committee=own_committee):
        await _refuse_foreign_group(update)
        return None
    if who is not None and who.is_member and _in_scope(who, context, own_committee):
        return who
    t = tr(update)
    await _refuse(
        update,
        t(
            "Das steht nur Mitgliedern des RAK zur Verfügung. Fragen zur Förderung beantwortet "
            "die Regionale Koordination: /kontakt"
        ),
    )
    return None


async def private_coordinator(update: Update, context: Context, refusal: str) -> Person | None:
    """The sender if they coordinate and write privately (office data: names, contacts,
    votes); in a group, `refusal` says where to go instead."""
    if not await private_only(update, refusal):
        return None
    return await require_coordinator(update, context)


async def require_coordinator(
    update: Update, context: Context, *, own_committee: bool = False, binding: bool = False
) -> Person | None:
    """The sender if they coordinate the bot's committee (or, with ``own_committee``, any
    committee) and write privately or in that committee's group (``binding`` a group: in any
    group, in a committee they coordinate); otherwise a polite refusal."""
    who = await person(update, context, coordinating=binding)
    foreign = who is not None and in_foreign_group(who, context, own_committee=own_committee)
    if foreign and not binding:
        await _refuse_foreign_group(update)
        return None
    if who is not None and who.is_coordinator and _in_scope(who, context, own_committee):
        return who
    t = tr(update)
    await _refuse(update, t("Das darf nur die Regionale Koordination."))
    return None


SEAT_OR_OFFICE_ONLY = N_(
    "Unterlagen erhalten nur die Vertretungen und Stellvertretungen der Institutionen und die "
    "Regionale Koordination."
)


async def require_seat_or_office(update: Update, context: Context) -> Person | None:
    """The sender if they hold a seat of an institution (representative, deputy) or coordinate
    the bot's committee (`Audience.SEAT_OR_OFFICE`); guests and everyone else are refused."""
    who = await require_member(update, context)
    if who is None:
        return None
    if who.is_coordinator or who.holds_seat:
        return who
    await _refuse(update, tr(update)(SEAT_OR_OFFICE_ONLY))
    return None


async def _refuse(update: Update, text: str) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(text[:200], show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text)


@dataclass(frozen=True)
class DialogPress:
    """A coordinator's press on a button of their own running dialog."""

    who: Person
    state: DialogState
    action: str


async def coordinator_dialog_press(
    update: Update, context: Context, kind: str, codec: Codec, actions: Collection[str]
) -> DialogPress | None:
    """Check a dialog button: the presser is a coordinator, their dialog of `kind` is running
    and the button is one of the `actions` (forms of `codec`); otherwise refuse and return
    None."""
    who = await require_coordinator(update, context)
    if who is None:
        return None
    query = update.callback_query
    state = await dialogs.current(
        runtime(context), update.effective_chat.id, update.effective_user.id
    )
    pressed = codec.parse(query.data)
    action = pressed.form if pressed is not None else ""
    if state is None or state.kind != kind or action not in actions:
        t = tr(update)
        await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
        return None
    return DialogPress(who, state, action)


async def coordinator_confirmation(
    update: Update, context: Context, codec: Codec
) -> tuple[Person, Pressed] | None:
    """A coordinator's answer to a yes/no question: the `codec`'s form "yes" carries what to
    do, "no" is answered with "Nichts geändert.", malformed data is refused; both return None.
    Otherwise the presser and the parsed "yes" (its values checked again by the service)."""
    who = await require_coordinator(update, context)
    if who is None:
        return None
    query = update.callback_query
    t = tr(update)
    pressed = codec.parse(query.data)
    if pressed is not None and pressed.form == "no":
        await query.answer()
        await query.edit_message_text(t("Nichts geändert."))
        return None
    if pressed is None:
        await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
        return None
    return who, pressed


async def cancel_dialog_by_button(update: Update, context: Context) -> None:
    """A dialog's "Abbrechen" button: end the running dialog (if any) and say so."""
    t = tr(update)
    ended = await dialogs.end(runtime(context), update.effective_chat.id, update.effective_user.id)
    await update.callback_query.answer()
    await edit_query_message(
        update.callback_query,
        t("Abgebrochen. Nichts wurde gespeichert.") if ended else t("Da war nichts mehr offen."),
    )


async def missing_group_rights(bot: Bot, chat_id: int) -> list[str]:
    """The administrator rights the bot needs in this group and lacks (asked of Telegram)."""
    try:
        member = await bot.get_chat_member(chat_id, bot.id)
    except TelegramError:
        return list(group_rights.NEEDED)
    rights = {right: bool(getattr(member, right, False)) for right in group_rights.NEEDED}
    return group_rights.missing_rights(member.status, rights)
