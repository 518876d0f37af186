"""/meine_daten (Art. 15/20 DSGVO) and /daten_loeschen (erasure by pseudonymisation)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update

from handlers.commands import Audience, Command, Feature
from handlers.common import Context, edit_query_message, private_only, runtime, tr
from handlers.roles import refresh_menu
from rakbot.i18n import N_
from rakbot.services import dialogs, privacy
from rakbot.views import callbacks

LAST_COORDINATOR = N_(
    "Sie sind die letzte Person der Regionalen Koordination. Bitte übertragen Sie die "
    "Koordination zuerst an jemand anderen (/mitglied); danach können Sie Ihre Daten löschen."
)


async def my_data(update: Update, context: Context) -> None:
    t = tr(update)
    if not await private_only(
        update, t("Ihre Daten schicke ich Ihnen nur im privaten Chat – schreiben Sie mir direkt.")
    ):
        return
    data = await privacy.export(runtime(context), update.effective_user.id)
    await update.effective_message.reply_document(
        InputFile(data, filename="my_data.json" if t.lang == "en" else "meine_daten.json"),
        caption=t("Alles, was der Bot über Sie gespeichert hat (Art. 15 und 20 DSGVO)."),
    )


async def erase(update: Update, context: Context) -> None:
    t = tr(update)
    if not await private_only(
        update, t("Das geht nur im privaten Chat – schreiben Sie mir direkt.")
    ):
        return
    erasure = await privacy.ask_erasure(
        runtime(context), update.effective_chat.id, update.effective_user.id
    )
    if erasure is privacy.Erasure.LAST_COORDINATOR:
        await update.effective_message.reply_text(t(LAST_COORDINATOR))
        return
    if erasure is privacy.Erasure.MEMBER:
        question = t(
            "Wollen Sie Ihre Daten löschen lassen? Name, Kontaktdaten und die Verbindung zu Ihrem "
            "Telegram-Konto werden entfernt, Ihre Rolle endet. Abstimmungsergebnisse und das "
            "Protokoll bleiben erhalten und zeigen dann „ehemaliges Mitglied (Institution)“. "
            "Das lässt sich nicht rückgängig machen."
        )
    else:
        question = t(
            "Wollen Sie Ihre Daten löschen lassen? Ihre Terminanfragen werden anonymisiert und "
            "offene Eingaben verworfen. Das lässt sich nicht rückgängig machen."
        )
    await update.effective_message.reply_text(
        question,
        reply_markup=InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        t("Ja, Daten löschen"), callback_data=callbacks.ERASE.data("yes")
                    ),
                    InlineKeyboardButton(t("Nein"), callback_data=callbacks.ERASE.data("no")),
                ]
            ]
        ),
    )


async def on_erase_button(update: Update, context: Context) -> None:
    """Acts only on the presser's own data, whatever the message or its data says, and only
    as the answer to the question /daten_loeschen asked in this chat."""
    query = update.callback_query
    t = tr(update)
    rt = runtime(context)
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    pressed = callbacks.ERASE.parse(query.data)
    if pressed is not None and pressed.form == "no":
        await dialogs.end(rt, chat_id, user_id)
        await query.answer()
        await edit_query_message(query, t("In Ordnung, nichts wurde gelöscht."))
        return
    if pressed is None:
        await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
        return
    changed = await privacy.confirm_erasure(rt, chat_id, user_id)
    if changed is privacy.EraseRefused.NOT_ASKED:
        await query.answer(
            t("Nichts gelöscht. Zum Löschen senden Sie /daten_loeschen und bestätigen die Frage."),
            show_alert=True,
        )
        return
    rt.wake_outbox()  # the group messages that showed the name
    await query.answer()
    if changed is privacy.EraseRefused.LAST_COORDINATOR:
        await edit_query_message(query, t(LAST_COORDINATOR))
        return
    done = (
        t(
            "Erledigt. Ihre persönlichen Daten sind gelöscht; Sie sind nicht mehr im "
            "Mitgliederverzeichnis."
        )
        if changed
        else t("Erledigt. Ihre gespeicherten Angaben sind gelöscht.")
    )
    await edit_query_message(query, done)
    await refresh_menu(context.bot, context, user_id)


FEATURE = Feature(
    commands=(
        Command(
            "meine_daten",
            N_("Meine gespeicherten Daten (DSGVO)"),
            Audience.PUBLIC,
            my_data,
            aliases=("my_data",),
        ),
        Command(
            "daten_loeschen",
            N_("Meine Daten löschen (DSGVO)"),
            Audience.PUBLIC,
            erase,
            aliases=("delete_my_data",),
        ),
    ),
    buttons=((callbacks.ERASE.pattern, on_erase_button),),
)
