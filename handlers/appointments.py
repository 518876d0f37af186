"""/termin_anfragen: a short dialog, saved at each step, ending in a stored, forwarded request."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardRemove, Update

from handlers.commands import Audience, Command, Feature, Where
from handlers.common import Context, e, edit_query_message, private_only, runtime, tr
from rakbot.domain.dates import format_short
from rakbot.domain.field_limits import APPOINTMENT_FIELDS
from rakbot.domain.text_input import (
    Bounds,
    TextProblem,
    check_length,
    clean_text,
    looks_like_contact,
)
from rakbot.i18n import N_, Translator
from rakbot.services import appointments, dialogs
from rakbot.services.dialogs import DialogState
from rakbot.views import callbacks

KIND = appointments.DIALOG_KIND
STEPS: tuple[str, ...] = appointments.DRAFT_FIELDS
PROMPTS = {
    "name": N_("Wie ist Ihr Name?"),
    "topic": N_("Worum geht es? Beschreiben Sie Ihr Anliegen bitte in ein, zwei Sätzen."),
    "contact": N_("Wie können wir Sie erreichen? Bitte eine Telefonnummer oder E-Mail-Adresse."),
    "preferred_days": N_("An welchen Tagen oder zu welchen Zeiten passt es Ihnen am besten?"),
}


async def begin(update: Update, context: Context) -> None:
    t = tr(update)
    if not await private_only(
        update, t("Terminanfragen nehme ich im privaten Chat entgegen. Schreiben Sie mir direkt.")
    ):
        return
    rt = runtime(context)
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    too_many = await appointments.check_limit(rt, user_id)
    if too_many is not None:
        await update.effective_message.reply_text(_too_many_text(t, too_many))
        return
    await dialogs.save(rt, chat_id, user_id, DialogState(KIND, STEPS[0], {}))
    await update.effective_message.reply_text(
        t(
            "Gern leite ich Ihre Terminanfrage an die Regionale Koordination weiter. "
            "Vier kurze Fragen – mit /abbrechen können Sie jederzeit aufhören."
        )
        + "\n"
        # where personal data is collected, the person learns what happens to it first
        + rt.content.privacy.short.get(t.lang)
        + "\n\n"
        + t("1/4: {prompt}", prompt=t(PROMPTS[STEPS[0]])),
        reply_markup=ReplyKeyboardRemove(),
    )


def _too_many_text(t: Translator, too_many: appointments.TooMany) -> str:
    return t(
        "Sie haben in den letzten 24 Stunden schon {count} Terminanfragen gestellt – die "
        "Regionale Koordination meldet sich bei Ihnen. Eine weitere Anfrage nehme ich ab "
        "{when} an. Eilt es, erreichen Sie die Koordination direkt: /kontakt",
        count=appointments.REQUEST_LIMIT.count,
        when=format_short(too_many.until, t.lang),
    )


def _problem_text(t: Translator, problem: TextProblem, bounds: Bounds, length: int) -> str:
    if problem is TextProblem.NO_CONTACT:
        return t(
            "Das sieht nicht nach einer Telefonnummer oder E-Mail-Adresse aus. Beispiele: "
            "03904 123456 oder name@beispiel.de"
        )
    if problem is TextProblem.TOO_LONG:
        return t(
            "Das ist zu lang ({length} Zeichen). Bitte höchstens {maximum} Zeichen.",
            length=length,
            maximum=bounds.maximum,
        )
    return t("Das ist zu kurz. Bitte mindestens {minimum} Zeichen.", minimum=bounds.minimum)


async def on_text(update: Update, context: Context, state: DialogState) -> None:
    t = tr(update)
    rt = runtime(context)
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    if state.step == "confirm":
        await update.effective_message.reply_text(
            t("Bitte tippen Sie auf „Absenden“ oder „Abbrechen“ unter der Zusammenfassung.")
        )
        return
    value = clean_text(update.effective_message.text or "")
    bounds = APPOINTMENT_FIELDS[state.step]
    problem = check_length(value, bounds)
    if problem is None and state.step == "contact" and not looks_like_contact(value):
        problem = TextProblem.NO_CONTACT
    if problem is not None:
        await update.effective_message.reply_text(
            _problem_text(t, problem, bounds, len(value))
            + "\n"
            + t("Bitte noch einmal – oder /abbrechen.")
        )
        return
    data = {**state.data, state.step: value}
    index = STEPS.index(state.step) + 1
    if index < len(STEPS):
        step = STEPS[index]
        await dialogs.save(rt, chat_id, user_id, DialogState(KIND, step, data))
        await update.effective_message.reply_text(
            t("{n}/4: {prompt}", n=index + 1, prompt=t(PROMPTS[step]))
        )
        return
    await dialogs.save(rt, chat_id, user_id, DialogState(KIND, "confirm", data))
    await update.effective_message.reply_html(_summary(t, data), reply_markup=_confirm_keyboard(t))


def _summary(t: Translator, data: dict[str, str]) -> str:
    return "\n".join(
        [
            t("<b>Bitte prüfen Sie Ihre Anfrage:</b>"),
            t("Name: {name}", name=e(data["name"])),
            t("Anliegen: {topic}", topic=e(data["topic"])),
            t("Erreichbar: {contact}", contact=e(data["contact"])),
            t("Wunschtage: {days}", days=e(data["preferred_days"])),
        ]
    )


def _confirm_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("✅ Absenden"), callback_data=callbacks.APPOINTMENT.data("send")
                ),
                InlineKeyboardButton(
                    t("✖ Abbrechen"), callback_data=callbacks.APPOINTMENT.data("cancel")
                ),
            ]
        ]
    )


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    t = tr(update)
    rt = runtime(context)
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    pressed = callbacks.APPOINTMENT.parse(query.data)
    action = pressed.form if pressed is not None else None
    if action == "begin":
        # offered by the desk when someone asks for an appointment in their own words
        await query.answer()
        await begin(update, context)
        return
    if action == "cancel":
        ended = await dialogs.end(rt, chat_id, user_id)
        await query.answer()
        await edit_query_message(
            query,
            t("Die Terminanfrage wurde abgebrochen.") if ended else t("Da war nichts mehr offen."),
        )
        return
    if action != "send":
        await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
        return
    submitted = await appointments.submit(
        rt, chat_id=chat_id, telegram_user_id=user_id, language=t.lang
    )
    if submitted is None:
        await query.answer(t("Diese Anfrage ist bereits abgeschickt oder abgebrochen."))
        return
    if isinstance(submitted, appointments.TooMany):
        await query.answer()
        await edit_query_message(query, _too_many_text(t, submitted))
        return
    await query.answer(t("Gesendet"))
    await edit_query_message(
        query,
        t(
            "Vielen Dank! Ihre Anfrage ist eingegangen.\n"
            "Ihre Vorgangsnummer: {reference}\n"
            "Die Regionale Koordination meldet sich bei Ihnen.",
            reference=submitted.reference,
        ),
    )
    rt.wake_outbox()


FEATURE = Feature(
    commands=(
        Command(
            "termin_anfragen",
            N_("Termin bei der Regionalen Koordination anfragen"),
            Audience.PUBLIC,
            begin,
            Where.PRIVATE,
            ("appointment",),
        ),
    ),
    buttons=((callbacks.APPOINTMENT.pattern, on_button),),
    dialogs={KIND: on_text},
)
