"""/einstellungen (/settings): a member turns single reminders on or off by button
(`callbacks.REMINDER_CHOICE`): a meeting reminder that many minutes before (one of the
committee's), the private reminders of ballot deadlines, or done (the buttons go, the summary
stays)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers.commands import Audience, Command, Feature
from handlers.common import (
    Context,
    edit_query_message,
    is_private,
    private_only,
    require_member,
    runtime,
    tr,
)
from rakbot.domain.reminder_choices import minutes_of
from rakbot.i18n import N_, Translator
from rakbot.services import reminder_choices
from rakbot.services.reminder_choices import ChoiceRefused, ReminderSettings
from rakbot.views import callbacks
from rakbot.views.offsets import offset_text, offsets_text

CODEC = callbacks.REMINDER_CHOICE
DONE = "done"
BALLOTS = "ballots"


def _mark(on: bool) -> str:
    return "✅" if on else "🔕"


def _keyboard(t: Translator, shown: ReminderSettings) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                t(
                    "{mark} Sitzung: {offset} vorher",
                    mark=_mark(on),
                    offset=offset_text(t, offset),
                ),
                callback_data=CODEC.data("meeting", minutes_of(offset)),
            )
        ]
        for offset, on in shown.meetings
    ]
    rows.append(
        [
            InlineKeyboardButton(
                t("{mark} Abstimmung: vor Fristende", mark=_mark(shown.ballots)),
                callback_data=CODEC.data(BALLOTS),
            )
        ]
    )
    rows.append([InlineKeyboardButton(t("Fertig"), callback_data=CODEC.data(DONE))])
    return InlineKeyboardMarkup(rows)


def _summary(t: Translator, shown: ReminderSettings) -> str:
    meetings = [offset for offset, on in shown.meetings if on]
    lines = [
        t("<b>Ihre Erinnerungen</b> (privat)"),
        t("Sitzungen: {offsets} vorher", offsets=offsets_text(t, meetings))
        if meetings
        else t("Sitzungen: keine"),
        t("Abstimmungen: vor Fristende, solange Ihre Institution nicht abgestimmt hat")
        if shown.ballots
        else t("Abstimmungen: keine"),
    ]
    if not shown.holds_seat:
        lines.append(
            t(
                "Private Erinnerungen bekommen die Vertretung und die Stellvertretung einer "
                "Institution; in Ihrer jetzigen Rolle bekommen Sie keine."
            )
        )
    return "\n".join(lines)


def _text(t: Translator, shown: ReminderSettings) -> str:
    return (
        _summary(t, shown)
        + "\n\n"
        + t(
            "Tippen Sie auf eine Erinnerung, um sie ab- oder wieder einzuschalten. Wann erinnert "
            "wird, legt die Regionale Koordination für das ganze Gremium fest."
        )
    )


async def settings(update: Update, context: Context) -> None:
    t = tr(update)
    if not await private_only(
        update,
        t("Ihre Erinnerungen stellen Sie im privaten Chat ein – schreiben Sie mir /einstellungen."),
    ):
        return
    who = await require_member(update, context)
    if who is None or who.member_id is None:
        return
    shown = await reminder_choices.current(runtime(context), who.member_id)
    if isinstance(shown, ChoiceRefused):
        await update.effective_message.reply_text(
            t("Das steht nur Mitgliedern des RAK zur Verfügung.")
        )
        return
    await update.effective_message.reply_html(_text(t, shown), reply_markup=_keyboard(t, shown))


def _parsed(data: str | None) -> str | int | None:
    """Done, ballots or the minutes of a meeting reminder; None for anything else."""
    pressed = CODEC.parse(data)
    if pressed is None:
        return None
    return pressed.number() if pressed.form == "meeting" else pressed.form


async def on_button(update: Update, context: Context) -> None:
    """Acts only on the presser's own choices, and only in the private chat."""
    query = update.callback_query
    t = tr(update)
    action = _parsed(query.data)
    if action is None:
        await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
        return
    if not is_private(update):
        await query.answer(t("Das geht nur im privaten Chat: /einstellungen"), show_alert=True)
        return
    who = await require_member(update, context)
    if who is None or who.member_id is None:
        return
    rt = runtime(context)
    if action == DONE:
        shown = await reminder_choices.current(rt, who.member_id)
    elif action == BALLOTS:
        shown = await reminder_choices.switch_ballots(rt, who.member_id)
    else:
        assert isinstance(action, int)
        shown = await reminder_choices.switch_meeting(rt, who.member_id, action)
    await _answer(update, t, action, shown)


async def _answer(
    update: Update, t: Translator, action: str | int, shown: ReminderSettings | ChoiceRefused
) -> None:
    query = update.callback_query
    if shown is ChoiceRefused.NOT_MEMBER:
        await query.answer(t("Das steht nur Mitgliedern des RAK zur Verfügung."), show_alert=True)
        return
    if shown is ChoiceRefused.NOT_OFFERED:
        await query.answer(
            t(
                "Diese Erinnerung verschickt der RAK nicht. Senden Sie /einstellungen für die "
                "aktuelle Auswahl."
            ),
            show_alert=True,
        )
        return
    assert isinstance(shown, ReminderSettings)
    if action == DONE:
        await query.answer()
        await edit_query_message(query, _summary(t, shown), parse_mode="HTML")
        return
    await query.answer(t("Gespeichert."))
    await edit_query_message(
        query, _text(t, shown), parse_mode="HTML", reply_markup=_keyboard(t, shown)
    )


FEATURE = Feature(
    commands=(
        Command(
            "einstellungen",
            N_("Welche Erinnerungen ich bekomme (Sitzungen, Abstimmungen)"),
            Audience.MEMBER,
            settings,
            aliases=("settings",),
        ),
    ),
    buttons=((CODEC.pattern, on_button),),
)
