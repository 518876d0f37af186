"""Name and phone number of a roster entry, corrected by the office from the member card
(`me:` buttons); the person's Telegram name for coordinators the settings created."""

from __future__ import annotations

from telegram import Update

from handlers.commands import Feature
from handlers.common import (
    Context,
    e,
    edit_query_message,
    require_coordinator,
    runtime,
    tr,
)
from rakbot.i18n import N_, Translator
from rakbot.services import dialogs, member_details, roster
from rakbot.services.dialogs import DialogState
from rakbot.services.roster import RosterError
from rakbot.views import callbacks

KIND = "member_edit"
PROMPTS = {
    "n": N_("Neuer Name für {name}? Bitte schreiben Sie ihn mir (oder /abbrechen)."),
    "t": N_(
        "Neue Telefonnummer für {name}? Bitte schreiben Sie sie mir, „-“ entfernt sie "
        "(oder /abbrechen)."
    ),
}
PROBLEMS = {
    "bad_name": N_("Bitte einen Namen mit 2 bis 200 Zeichen."),
    "bad_phone": N_("Das sieht nicht nach einer Telefonnummer aus. Beispiel: 03904 7240-0"),
    "unknown_member": N_("Diese Person ist nicht (mehr) aktiv in Ihrem Gremium."),
}


def _problem(t: Translator, reason: str) -> str:
    return t(PROBLEMS.get(reason, N_("Das ging nicht: {reason}")), reason=reason)


async def adopt_name(update: Update, context: Context) -> None:
    """Before the other handlers: a coordinator from COORDINATOR_IDS still named by the
    placeholder gets their Telegram name (only ids from the setting are looked at)."""
    user = update.effective_user
    rt = runtime(context)
    if user is None or user.is_bot or user.id not in rt.settings.coordinator_ids:
        return
    await member_details.adopt_telegram_name(rt, user.id, user.full_name)


async def on_button(update: Update, context: Context) -> None:
    """`me:<n|t>:<member>`: ask for the new name or phone number of that person."""
    query = update.callback_query
    t = tr(update)
    who = await require_coordinator(update, context, own_committee=True)
    if who is None:
        return
    pressed = callbacks.MEMBER_DETAILS.parse(query.data)
    if pressed is None:
        await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
        return
    rt = runtime(context)
    field, member_id = pressed.form, pressed.number()
    target = await roster.member(rt, who.committee_id, member_id)
    if target is None:
        await query.answer(_problem(t, "unknown_member"), show_alert=True)
        return
    state = DialogState(KIND, field, {"member_id": member_id})
    await dialogs.save(rt, update.effective_chat.id, update.effective_user.id, state)
    await query.answer()
    await edit_query_message(query, t(PROMPTS[field], name=e(target.name)), parse_mode="HTML")


async def on_text(update: Update, context: Context, state: DialogState) -> None:
    t = tr(update)
    who = await require_coordinator(update, context, own_committee=True)
    rt = runtime(context)
    if who is None:
        await dialogs.end(rt, update.effective_chat.id, update.effective_user.id)
        return
    change = member_details.rename if state.step == "n" else member_details.set_phone
    try:
        changed = await change(
            rt,
            who.committee_id,
            int(state.data["member_id"]),
            update.effective_message.text or "",
            actor_member_id=who.member_id or 0,
        )
    except RosterError as error:
        again = "" if error.reason == "unknown_member" else "\n" + t("Bitte noch einmal.")
        if not again:
            await dialogs.end(rt, update.effective_chat.id, update.effective_user.id)
        await update.effective_message.reply_text(_problem(t, error.reason) + again)
        return
    await dialogs.end(rt, update.effective_chat.id, update.effective_user.id)
    rt.wake_outbox()  # group cards that show the name
    await update.effective_message.reply_html(
        t(
            "Gespeichert: {name}, Telefon: {phone}. Die Karte: /mitglied",
            name=e(changed.name),
            phone=e(changed.phone or "–"),
        )
    )


FEATURE = Feature(buttons=((callbacks.MEMBER_DETAILS.pattern, on_button),), dialogs={KIND: on_text})
