"""Free text and everything no other handler took: dialogs, menu buttons, FAQ, friendly hints."""

from __future__ import annotations

from telegram import ReplyKeyboardRemove, Update
from telegram.constants import MessageEntityType

from handlers import public
from handlers.commands import Audience, Command, Feature, Where, all_commands, all_dialogs
from handlers.common import Context, is_private, runtime, tr
from rakbot.i18n import N_
from rakbot.services import dialogs


async def private_text(update: Update, context: Context) -> None:
    """A main-menu button first (it ends a dialog in progress: its label is never an answer);
    then the dialog in progress takes the text; then the FAQ."""
    rt = runtime(context)
    text = update.effective_message.text or ""
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    name = public.menu_command(text)
    if name is not None:
        if await dialogs.end(rt, chat_id, user_id):
            t = tr(update)
            await update.effective_message.reply_text(
                t("Die laufende Eingabe ist abgebrochen; nichts wurde gespeichert.")
            )
        command = next(c for c in all_commands(context) if c.name == name)
        context.args = []
        await command.callback(update, context)
        return
    state = await dialogs.current(rt, chat_id, user_id)
    handlers = all_dialogs(context)
    if state is not None and state.kind in handlers:
        await handlers[state.kind](update, context, state)
        return
    await public.answer_question(update, context, text)


async def cancel(update: Update, context: Context) -> None:
    t = tr(update)
    rt = runtime(context)
    ended = await dialogs.end(rt, update.effective_chat.id, update.effective_user.id)
    text = (
        t("Abgebrochen. Nichts wurde gespeichert.")
        if ended
        else t("Es läuft gerade keine Eingabe.")
    )
    markup = public.main_menu(t) if is_private(update) else ReplyKeyboardRemove()
    await update.effective_message.reply_text(text, reply_markup=markup)


def _addressed_to_other_bot(update: Update, bot_username: str) -> bool:
    message = update.effective_message
    for entity in message.entities or ():
        if entity.type == MessageEntityType.BOT_COMMAND and entity.offset == 0:
            command = message.parse_entity(entity)
            _, _, target = command.partition("@")
            return bool(target) and target.lower() != bot_username.lower()
    return False


async def unknown_command(update: Update, context: Context) -> None:
    if _addressed_to_other_bot(update, context.bot.username):
        return
    t = tr(update)
    command = (update.effective_message.text or "").split()[0].split("@")[0][:40]
    await update.effective_message.reply_text(
        t(
            "Den Befehl {command} kenne ich nicht. Mit /hilfe sehen Sie, was ich kann.",
            command=command,
        )
    )


async def not_text(update: Update, context: Context) -> None:
    t = tr(update)
    await update.effective_message.reply_text(
        t("Ich verstehe nur Textnachrichten. Schreiben Sie Ihre Frage oder tippen Sie /hilfe.")
    )


async def stale_button(update: Update, context: Context) -> None:
    """Any callback nobody claimed: forged, outdated or from another bot version."""
    t = tr(update)
    await update.callback_query.answer(
        t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True
    )


FEATURE = Feature(
    commands=(
        Command(
            "abbrechen",
            N_("Laufende Eingabe abbrechen"),
            Audience.PUBLIC,
            cancel,
            Where.BOTH,
            ("cancel",),
        ),
    ),
)
