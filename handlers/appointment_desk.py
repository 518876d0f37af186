"""The office's work on appointment requests (/anfragen, reply, propose a date, done) and the
applicant's side (/meine_anfragen, "Zusagen"/"Absagen" on a proposed date)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC

from telegram import CallbackQuery, Update
from telegram.error import Forbidden

from handlers.commands import Audience, Command, Feature, Where
from handlers.common import (
    Context,
    e,
    edit_query_message,
    is_private,
    private_only,
    require_coordinator,
    runtime,
    tr,
    yes_no_keyboard,
)
from handlers.input_problems import date_problem
from rakbot.domain.appointment_desk import AnswerProblem
from rakbot.domain.dates import (
    DateParseError,
    example_starts,
    format_long,
    format_short,
    parse_german_datetime,
)
from rakbot.domain.field_limits import APPOINTMENT_REPLY
from rakbot.domain.public_holidays import holiday_name
from rakbot.domain.text_input import TextProblem, check_length, clean_text
from rakbot.i18n import N_, Translator
from rakbot.services import appointment_desk as desk
from rakbot.services import dialogs
from rakbot.services.appointment_desk import AlreadyDone, Refusal, RequestView
from rakbot.services.dialogs import DialogState
from rakbot.services.people import Person
from rakbot.telegram_markup import inline_keyboard
from rakbot.views import callbacks

STALE = N_("Diese Schaltfläche ist nicht mehr gültig.")
REFUSALS = {
    Refusal.GONE: N_("Diese Terminanfrage gibt es nicht (mehr)."),
    Refusal.DONE: N_(
        "Diese Terminanfrage ist bereits erledigt; es geht nichts mehr an die Person."
    ),
    Refusal.UNREACHABLE: N_(
        "Die Person hat ihre Daten gelöscht; eine Nachricht kann sie nicht mehr erreichen."
    ),
    Refusal.NOT_ASKED: STALE,
}
ANSWER_PROBLEMS = {
    AnswerProblem.NOT_YOURS: STALE,
    AnswerProblem.SUPERSEDED: N_(
        "Dieser Vorschlag gilt nicht mehr – die Regionale Koordination hat Ihnen inzwischen "
        "einen anderen Termin vorgeschlagen oder geantwortet."
    ),
    AnswerProblem.CLOSED: N_("Diese Anfrage ist bereits erledigt."),
}


# ----- /anfragen -----------------------------------------------------------------------------


async def list_open(update: Update, context: Context) -> None:
    t = tr(update)
    who = await require_coordinator(update, context)
    if who is None:
        return
    rt = runtime(context)
    views, total = await desk.open_requests(rt, who.committee_id)
    if not views:
        await update.effective_message.reply_text(t("Keine offenen Terminanfragen."))
        return
    head = t.plural(
        "{n} offene Terminanfrage, die älteste zuerst:",
        "{n} offene Terminanfragen, die älteste zuerst:",
        total,
    )
    if total > len(views):
        head += " " + t("(hier die {shown} ältesten)", shown=len(views))
    await update.effective_message.reply_text(head)
    now = rt.clock.now()
    for view in views:
        heading = t("Terminanfrage {reference}", reference=view.reference)
        await update.effective_message.reply_html(
            desk.office_text(t, view, heading, now),
            reply_markup=inline_keyboard(desk.office_keyboard(t, view)),
        )


# ----- the office's buttons --------------------------------------------------------------------


async def _prompt_privately(update: Update, context: Context, text: str) -> bool:
    """The reply or date is typed in the coordinator's private chat (a group's messages do not
    reach a dialog); False when that chat refuses the bot."""
    if is_private(update):
        await update.effective_message.reply_text(text)
        return True
    try:
        await context.bot.send_message(chat_id=update.effective_user.id, text=text)
    except Forbidden:
        return False
    return True


async def _begin(update: Update, context: Context, who: Person, request_id: int, kind: str) -> None:
    query = update.callback_query
    t = tr(update)
    rt = runtime(context)
    started = await desk.begin(rt, who.committee_id, request_id, update.effective_user.id, kind)
    if isinstance(started, Refusal):
        await query.answer(t(REFUSALS[started]), show_alert=True)
        return
    if kind == desk.REPLY_DIALOG:
        prompt = t(
            "Ihre Antwort an {name} ({reference}): Schreiben Sie den Text als nächste Nachricht; "
            "er geht so an die Person. /abbrechen bricht ab.",
            name=started.name,
            reference=started.reference,
        )
    else:
        example, _words = example_starts(rt.clock.now())
        prompt = t(
            "An welchem Tag und um wie viel Uhr schlagen Sie {name} ({reference}) einen Termin "
            "vor? Zum Beispiel „{example}“ oder „nächsten Mittwoch 9:30“. /abbrechen bricht ab.",
            name=started.name,
            reference=started.reference,
            example=example,
        )
    if not await _prompt_privately(update, context, prompt):
        await dialogs.end(rt, update.effective_user.id, update.effective_user.id)
        await query.answer(
            t("Bitte schreiben Sie mir zuerst privat (/start), dann geht es dort weiter."),
            show_alert=True,
        )
        return
    await query.answer(None if is_private(update) else t("Weiter im privaten Chat."))


async def _reply(update: Update, context: Context, who: Person, request_id: int) -> None:
    await _begin(update, context, who, request_id, desk.REPLY_DIALOG)


async def _propose(update: Update, context: Context, who: Person, request_id: int) -> None:
    await _begin(update, context, who, request_id, desk.PROPOSAL_DIALOG)


async def _done(update: Update, context: Context, who: Person, request_id: int) -> None:
    query = update.callback_query
    t = tr(update)
    assert who.member_id is not None
    result = await desk.mark_done(runtime(context), who.committee_id, request_id, who.member_id)
    if isinstance(result, Refusal):
        await query.answer(t(REFUSALS[result]), show_alert=True)
        return
    if isinstance(result, AlreadyDone):
        done_at = result.view.done_at
        await query.answer(
            t(
                "Schon erledigt: {reference} wurde am {when} als erledigt markiert.",
                reference=result.view.reference,
                when=format_short(done_at, t.lang) if done_at else "–",
            ),
            show_alert=True,
        )
        await _show(query, t, result.view)
        return
    await query.answer(t("Als erledigt markiert."))
    await _show(query, t, result)


async def _show(query: CallbackQuery, t: Translator, view: RequestView) -> None:
    """The pressed message shows the request as it now stands (no buttons once done)."""
    heading = t("Terminanfrage {reference}", reference=view.reference)
    await edit_query_message(
        query,
        desk.office_text(t, view, heading),
        parse_mode="HTML",
        reply_markup=inline_keyboard(desk.office_keyboard(t, view)),
    )


OfficeAction = Callable[[Update, Context, Person, int], Awaitable[None]]
OFFICE_ACTIONS: dict[str, OfficeAction] = {"reply": _reply, "propose": _propose, "done": _done}


async def on_office_button(update: Update, context: Context) -> None:
    """Reply, propose, done under a request; send or change under a typed date. The cards
    stand in the office's chat (`COORDINATOR_CHAT_ID`, a group bound to no committee) or in
    private chats, so a coordinator of the bot's committee may press them in any group
    (`binding`); what they type next is asked for in their private chat."""
    who = await require_coordinator(update, context, binding=True)
    if who is None:
        return
    query = update.callback_query
    t = tr(update)
    pressed = callbacks.APPOINTMENT_OFFICE.parse(query.data)
    if pressed is not None and pressed.form in ("send", "change"):
        await _confirm_proposal(update, context, who, pressed.form == "send")
        return
    action = OFFICE_ACTIONS.get(pressed.form) if pressed is not None else None
    if pressed is None or action is None:
        await query.answer(t(STALE), show_alert=True)
        return
    await action(update, context, who, pressed.number())


async def _confirm_proposal(update: Update, context: Context, who: Person, send: bool) -> None:
    query = update.callback_query
    t = tr(update)
    rt = runtime(context)
    user_id = update.effective_user.id
    state = await dialogs.current(rt, user_id, user_id)
    if state is None or state.kind != desk.PROPOSAL_DIALOG or state.step != "confirm":
        await query.answer(t(STALE), show_alert=True)
        return
    if not send:
        await dialogs.save(rt, user_id, user_id, DialogState(state.kind, "date", state.data))
        await query.answer()
        await edit_query_message(
            query, t("Dann bitte noch einmal: an welchem Tag und um wie viel Uhr?")
        )
        return
    assert who.member_id is not None
    sent = await desk.send_proposal(rt, who.committee_id, user_id, who.member_id)
    if isinstance(sent, Refusal):
        await query.answer(t(REFUSALS[sent]), show_alert=True)
        return
    await query.answer(t("Gesendet"))
    await edit_query_message(
        query,
        t(
            "Der Vorschlag {when} ist an {name} ({reference}) unterwegs. Sagt die Person zu oder "
            "ab, erfahren Sie es hier.",
            when=format_short(sent.proposed_start, t.lang) if sent.proposed_start else "–",
            name=sent.name,
            reference=sent.reference,
        ),
    )
    rt.wake_outbox()


# ----- the office's typed reply and date -------------------------------------------------------


async def on_reply_text(update: Update, context: Context, state: DialogState) -> None:
    t = tr(update)
    who = await require_coordinator(update, context)
    if who is None:
        return
    text = clean_text(update.effective_message.text or "")
    problem = check_length(text, APPOINTMENT_REPLY)
    if problem is not None:
        await update.effective_message.reply_text(_length_problem(t, problem, len(text)))
        return
    rt = runtime(context)
    assert who.member_id is not None
    sent = await desk.send_reply(
        rt, who.committee_id, update.effective_user.id, who.member_id, text
    )
    if isinstance(sent, Refusal):
        await update.effective_message.reply_text(t(REFUSALS[sent]))
        return
    await update.effective_message.reply_text(
        t(
            "Ihre Antwort geht an {name} ({reference}). Stand: {status}.",
            name=sent.name,
            reference=sent.reference,
            status=desk.status_text(t, sent),
        )
    )
    rt.wake_outbox()  # after the confirmation, so the office reads it first


def _length_problem(t: Translator, problem: TextProblem, length: int) -> str:
    if problem is TextProblem.TOO_LONG:
        text = t(
            "Das ist zu lang ({length} Zeichen). Bitte höchstens {maximum} Zeichen.",
            length=length,
            maximum=APPOINTMENT_REPLY.maximum,
        )
    else:
        text = t("Das ist zu kurz. Bitte mindestens {minimum} Zeichen.", minimum=2)
    return text + "\n" + t("Bitte noch einmal – oder /abbrechen.")


async def on_proposal_text(update: Update, context: Context, state: DialogState) -> None:
    t = tr(update)
    if await require_coordinator(update, context) is None:
        return
    message = update.effective_message
    if state.step == "confirm":
        await message.reply_text(t("Bitte tippen Sie auf „Ja“ oder „Nein“ unter dem Termin."))
        return
    rt = runtime(context)
    now = rt.clock.now()
    try:
        start = parse_german_datetime((message.text or "").strip(), now)
    except DateParseError as error:
        await message.reply_text(
            date_problem(t, error, now) + "\n" + t("Bitte noch einmal – oder /abbrechen.")
        )
        return
    data = {**state.data, "starts_at": start.astimezone(UTC).isoformat()}
    user_id = update.effective_user.id
    await dialogs.save(rt, user_id, user_id, DialogState(state.kind, "confirm", data))
    lines = [t("Verstanden: {when}. Diesen Termin vorschlagen?", when=format_long(start, t.lang))]
    holiday = holiday_name(start, t.lang)
    if holiday is not None:
        lines.append(
            t("Hinweis: Das ist ein Feiertag in Sachsen-Anhalt ({name}).", name=e(holiday))
        )
    await message.reply_text(
        "\n".join(lines),
        reply_markup=yes_no_keyboard(
            t,
            callbacks.APPOINTMENT_OFFICE.data("send"),
            callbacks.APPOINTMENT_OFFICE.data("change"),
        ),
    )


# ----- the applicant ---------------------------------------------------------------------------


async def on_applicant_button(update: Update, context: Context) -> None:
    """Accept or decline under a proposed date (request, proposal); the service checks that the
    presser is the request's applicant and the proposal the latest."""
    query = update.callback_query
    t = tr(update)
    pressed = callbacks.APPOINTMENT_ANSWER.parse(query.data)
    if pressed is None:
        await query.answer(t(STALE), show_alert=True)
        return
    result = await desk.answer_proposal(
        runtime(context),
        update.effective_user.id,
        pressed.number(0),
        pressed.number(1),
        pressed.form == "accept",
    )
    if isinstance(result, desk.NotAnswered):
        await query.answer(_not_answered(t, result), show_alert=True)
        return
    when = format_short(result.view.proposed_start, t.lang) if result.view.proposed_start else ""
    await query.answer(t("Gespeichert"))
    if result.accepted:
        text = t(
            "Sie haben den Termin {when} zugesagt. Die Kalenderdatei kommt gleich hier im Chat.",
            when=when,
        )
    else:
        text = t(
            "Sie haben den Termin {when} abgesagt. Die Regionale Koordination meldet sich bei "
            "Ihnen.",
            when=when,
        )
    await edit_query_message(query, text)
    runtime(context).wake_outbox()


def _not_answered(t: Translator, result: desk.NotAnswered) -> str:
    if result.problem is AnswerProblem.ALREADY and result.view is not None:
        confirmed = result.view.status == "confirmed"
        return (
            t("Sie haben diesen Termin bereits zugesagt.")
            if confirmed
            else t("Sie haben diesen Termin bereits abgesagt.")
        )
    return t(ANSWER_PROBLEMS[result.problem])


async def my_requests(update: Update, context: Context) -> None:
    t = tr(update)
    if not await private_only(
        update, t("Ihre Anfragen zeige ich Ihnen nur im privaten Chat – schreiben Sie mir direkt.")
    ):
        return
    views = await desk.requests_of(runtime(context), update.effective_user.id)
    if not views:
        await update.effective_message.reply_text(
            t(
                "Von Ihnen liegt keine Terminanfrage vor (erledigte werden nach Ablauf der "
                "Frist gelöscht, siehe /datenschutz). Eine neue stellen Sie mit /termin_anfragen."
            )
        )
        return
    lines = [t("<b>Ihre Terminanfragen</b>")]
    for view in views:
        lines += [
            "",
            t(
                "<b>{reference}</b> vom {when}",
                reference=e(view.reference),
                when=format_short(view.created_at, t.lang),
            ),
            t("Stand: {status}", status=e(desk.status_text(t, view))),
            t("Anliegen: {topic}", topic=e(view.topic)),
        ]
    await update.effective_message.reply_html("\n".join(lines))


FEATURE = Feature(
    commands=(
        Command(
            "meine_anfragen",
            N_("Meine Terminanfragen und ihr Stand"),
            Audience.PUBLIC,
            my_requests,
            Where.PRIVATE,
            ("my_requests",),
        ),
        Command(
            "anfragen",
            N_("Offene Terminanfragen (älteste zuerst)"),
            Audience.COORDINATOR,
            list_open,
            Where.PRIVATE,
            ("requests",),
        ),
    ),
    buttons=(
        (callbacks.APPOINTMENT_OFFICE.pattern, on_office_button),
        (callbacks.APPOINTMENT_ANSWER.pattern, on_applicant_button),
    ),
    dialogs={desk.REPLY_DIALOG: on_reply_text, desk.PROPOSAL_DIALOG: on_proposal_text},
)
