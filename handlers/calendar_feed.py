"""/kalender: a member's personal calendar subscription (a secret URL), renewed or ended by
button (`kal:`)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers.commands import Audience, Command, Feature
from handlers.common import Context, edit_query_message, private_only, require_member, runtime, tr
from rakbot.i18n import N_, Translator
from rakbot.services import calendar_feed
from rakbot.services.calendar_feed import FeedError
from rakbot.views import callbacks

PROBLEMS = {
    FeedError.NO_ADDRESS: N_(
        "Kalender-Abos sind auf diesem Server noch nicht eingerichtet (es fehlt die öffentliche "
        "Adresse, PUBLIC_URL). Die Kalenderdatei einer Sitzung gibt es mit /sitzung_ics."
    ),
    FeedError.NOT_MEMBER: N_("Das steht nur Mitgliedern des RAK zur Verfügung."),
}


def _buttons(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("Neue Adresse"), callback_data=callbacks.CALENDAR_FEED.data("neu")
                ),
                InlineKeyboardButton(
                    t("Abo beenden"), callback_data=callbacks.CALENDAR_FEED.data("aus")
                ),
            ]
        ]
    )


def _address_text(t: Translator, url: str) -> str:
    return t(
        "Ihr persönliches Kalender-Abo mit allen Sitzungen des RAK:\n{url}\n\n"
        "In Outlook: Kalender hinzufügen → Aus dem Internet; auf dem Telefon: Kalenderabo "
        "hinzufügen. Verschiebungen und Absagen erscheinen dort von selbst. Die Adresse ist "
        "geheim und gilt nur für Sie – ich zeige sie nur jetzt. Eine neue Adresse macht die "
        "alte ungültig.",
        url=url,
    )


async def calendar(update: Update, context: Context) -> None:
    t = tr(update)
    if not await private_only(
        update, t("Ihr Kalender-Abo schicke ich Ihnen nur im privaten Chat – schreiben Sie mir.")
    ):
        return
    who = await require_member(update, context)
    if who is None or who.member_id is None:
        return
    rt = runtime(context)
    if await calendar_feed.has_feed(rt, who.member_id):
        await update.effective_message.reply_text(
            t(
                "Ihr Kalender-Abo ist eingerichtet. Die Adresse habe ich Ihnen beim Einrichten "
                "gezeigt; hier bekommen Sie eine neue (die alte gilt dann nicht mehr) oder "
                "beenden das Abo."
            ),
            reply_markup=_buttons(t),
        )
        return
    url = await calendar_feed.renew(rt, who.member_id)
    if isinstance(url, FeedError):
        await update.effective_message.reply_text(t(PROBLEMS[url]))
        return
    await update.effective_message.reply_text(_address_text(t, url), reply_markup=_buttons(t))


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    t = tr(update)
    pressed = callbacks.CALENDAR_FEED.parse(query.data)
    if pressed is None:
        await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
        return
    who = await require_member(update, context)
    if who is None or who.member_id is None:
        return
    rt = runtime(context)
    await query.answer()
    if pressed.form == "aus":
        ended = await calendar_feed.revoke(rt, who.member_id)
        text = (
            t("Ihr Kalender-Abo ist beendet; die Adresse liefert nichts mehr.")
            if ended
            else t("Sie haben kein Kalender-Abo.")
        )
        await edit_query_message(query, text)
        return
    url = await calendar_feed.renew(rt, who.member_id)
    if isinstance(url, FeedError):
        await edit_query_message(query, t(PROBLEMS[url]))
        return
    await edit_query_message(query, _address_text(t, url), reply_markup=_buttons(t))


FEATURE = Feature(
    commands=(
        Command(
            "kalender",
            N_("Persönliches Kalender-Abo aller Sitzungen (Outlook, Telefon)"),
            Audience.MEMBER,
            calendar,
        ),
    ),
    buttons=((callbacks.CALENDAR_FEED.pattern, on_button),),
)
