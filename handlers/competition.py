"""Competition rounds: /runde_neu (dialog), /runden, /runde <Nr.>, and the round's two ballots:
/runde_bewerten (scoring) and /runde_auswahl (the decision on the selection)."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers.ballot_setup import post_to_group
from handlers.commands import Audience, Command, Feature, Where
from handlers.common import (
    Context,
    coordinator_confirmation,
    coordinator_dialog_press,
    e,
    number_arg,
    private_only,
    require_coordinator,
    require_member,
    runtime,
    split_message,
    tr,
    yes_no_keyboard,
)
from handlers.input_problems import date_problem
from rakbot.domain.budget import BudgetParseError, BudgetProblem, parse_budgets
from rakbot.domain.dates import DateParseError, example_starts, format_long, parse_german_datetime
from rakbot.domain.field_limits import ROUND_NAME
from rakbot.domain.money import format_euro
from rakbot.domain.text_input import check_length, clean_line, clean_text
from rakbot.i18n import N_, Translator
from rakbot.services import competition, competition_ballots, competition_texts, dialogs
from rakbot.services.dialogs import DialogState
from rakbot.services.proposal_input import MONEY_HINTS
from rakbot.views import callbacks

KIND = "round_new"

BUDGET_PROBLEMS = {
    BudgetProblem.EMPTY: N_("Bitte mindestens einen Förderbereich mit Budget angeben."),
    BudgetProblem.FORMAT: N_("Zeile {line}: erst der Förderbereich, dann der Betrag."),
    BudgetProblem.UNKNOWN_AREA: N_("Zeile {line}: Diesen Förderbereich gibt es nicht."),
    BudgetProblem.DUPLICATE_AREA: N_("Zeile {line}: Dieser Förderbereich steht schon da."),
    BudgetProblem.AMOUNT: N_("Zeile {line}: Der Betrag stimmt nicht."),
    BudgetProblem.ZERO: N_("Zeile {line}: Das Budget muss größer als 0 € sein."),
}


def budget_problem(t: Translator, error: BudgetParseError) -> str:
    text = t(BUDGET_PROBLEMS[error.problem], line=error.line)
    if error.money is not None:
        text += " " + t(MONEY_HINTS[error.money])
    return text + "\n" + t("So geht es: eine Zeile je Bereich, z. B. „A 250.000 €“.")


async def begin(update: Update, context: Context) -> None:
    t = tr(update)
    if not await private_only(
        update, t("Wettbewerbe lege ich im privaten Chat an. Schreiben Sie mir direkt.")
    ):
        return
    if await require_coordinator(update, context) is None:
        return
    await dialogs.save(
        runtime(context),
        update.effective_chat.id,
        update.effective_user.id,
        DialogState(KIND, "name", {}),
    )
    await update.effective_message.reply_text(
        t("Neuer Wettbewerb. Mit /abbrechen können Sie jederzeit aufhören.")
        + "\n\n"
        + t("Wie heißt der Wettbewerb? Zum Beispiel „Wettbewerb 2027, 1. Aufruf“.")
    )


async def on_text(update: Update, context: Context, state: DialogState) -> None:
    t = tr(update)
    rt = runtime(context)
    message = update.effective_message
    text = clean_text(message.text or "")
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    if state.step == "name":
        name = clean_line(text)
        if check_length(name, ROUND_NAME) is not None:
            await message.reply_text(t("Bitte einen Namen mit 3 bis 200 Zeichen."))
            return
        await dialogs.save(rt, chat_id, user_id, DialogState(KIND, "budgets", {"name": name}))
        areas = ", ".join(area.code for area in rt.content.funding_areas)
        await message.reply_text(
            t(
                "Budgets je Förderbereich, eine Zeile je Bereich (oder durch Semikolon "
                "getrennt), z. B.:\nA 250.000 €\nC 120.000 €\nFörderbereiche: {areas}",
                areas=areas,
            )
        )
        return
    if state.step == "budgets":
        codes = [area.code for area in rt.content.funding_areas]
        try:
            budgets = parse_budgets(text, codes)
        except BudgetParseError as error:
            await message.reply_text(budget_problem(t, error))
            return
        data = {**state.data, "budgets": budgets}
        await dialogs.save(rt, chat_id, user_id, DialogState(KIND, "confirm", data))
        lines = [
            t("<b>Bitte prüfen Sie den neuen Wettbewerb:</b>"),
            e(data["name"]),
            *(
                t("Förderbereich {area}: {budget}", area=a, budget=format_euro(c, t.lang))
                for a, c in budgets.items()
            ),
            t(
                "Alle eingereichten Anträge dieser Bereiche, die noch in keinem Wettbewerb "
                "sind, kommen hinzu."
            ),
        ]
        await message.reply_html(
            "\n".join(lines),
            reply_markup=InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            t("✅ Anlegen"), callback_data=callbacks.ROUND_DIALOG.data("save")
                        ),
                        InlineKeyboardButton(
                            t("✖ Abbrechen"), callback_data=callbacks.ROUND_DIALOG.data("cancel")
                        ),
                    ]
                ]
            ),
        )
        return
    await message.reply_text(
        t("Bitte tippen Sie auf „Anlegen“ oder „Abbrechen“ unter der Zusammenfassung.")
    )


async def on_button(update: Update, context: Context) -> None:
    press = await coordinator_dialog_press(
        update, context, KIND, callbacks.ROUND_DIALOG, ("save", "cancel")
    )
    if press is None:
        return
    query, who, state = update.callback_query, press.who, press.state
    t = tr(update)
    rt = runtime(context)
    await dialogs.end(rt, update.effective_chat.id, update.effective_user.id)
    await query.answer()
    if press.action == "cancel" or state.step != "confirm":
        await query.edit_message_text(t("Abgebrochen. Nichts wurde gespeichert."))
        return
    view = await competition.create_round(
        rt,
        who.committee_id,
        str(state.data["name"]),
        {str(a): int(c) for a, c in dict(state.data["budgets"]).items()},
        actor_member_id=who.member_id,
    )
    await query.edit_message_reply_markup(None)
    await update.effective_message.reply_html(
        t.plural(
            "Wettbewerb Nr. {id} angelegt, {n} Antrag ist dabei.",
            "Wettbewerb Nr. {id} angelegt, {n} Anträge sind dabei.",
            view.proposal_count,
            id=view.id,
        )
        + "\n"
        + t("Übersicht: /runde {id}", id=view.id)
    )


async def list_rounds(update: Update, context: Context) -> None:
    t = tr(update)
    who = await require_member(update, context)
    if who is None:
        return
    found = await competition.rounds(runtime(context), who.committee_id)
    if not found:
        await update.effective_message.reply_text(t("Noch keine Wettbewerbe."))
        return
    lines = [t("<b>Wettbewerbe:</b>"), *(competition_texts.list_line(t, r) for r in found)]
    lines.append(t("Einzelheiten zum Beispiel mit /runde {id}", id=found[0].id))
    await update.effective_message.reply_html("\n".join(lines))


async def show_round(update: Update, context: Context) -> None:
    t = tr(update)
    who = await require_member(update, context)
    if who is None:
        return
    round_id = number_arg(context)
    view = None
    if round_id is not None:
        view = await competition.overview(runtime(context), who.committee_id, round_id)
    if view is None:
        await update.effective_message.reply_text(
            t("Diesen Wettbewerb gibt es nicht. So geht es: /runde 1 (Nummern: /runden).")
        )
        return
    for part in split_message(competition_texts.overview(t, view)):
        await update.effective_message.reply_html(part)


# ----- the round's ballots: scoring, then the decision on the selection -----------------------

STEPS = {
    "b": (
        N_("Bewertung für Wettbewerb Nr. {id} starten, Frist {when}?"),
        N_("So geht es: /runde_bewerten 1 {example} (Nummern: /runden)."),
    ),
    "a": (
        N_("Auswahl im Wettbewerb Nr. {id} zur Abstimmung stellen, Frist {when}?"),
        N_("So geht es: /runde_auswahl 1 {example} (Nummern: /runden)."),
    ),
}


async def _ask_to_open(update: Update, context: Context, step: str) -> None:
    """`/runde_bewerten 1 <Frist>` or `/runde_auswahl 1 <Frist>`: echo the deadline, confirm."""
    t = tr(update)
    if await require_coordinator(update, context) is None:
        return
    question, usage = STEPS[step]
    round_id = number_arg(context)
    typed = " ".join((context.args or [])[1:])
    if round_id is None or not typed:
        example, _words = example_starts(runtime(context).clock.now())
        await update.effective_message.reply_text(t(usage, example=example))
        return
    try:
        closes_at = parse_german_datetime(typed, runtime(context).clock.now())
    except DateParseError as error:
        problem = date_problem(t, error, runtime(context).clock.now())
        await update.effective_message.reply_text(problem)
        return
    stamp = int(closes_at.timestamp() // 60)
    await update.effective_message.reply_text(
        t(question, id=round_id, when=format_long(closes_at, t.lang)),
        reply_markup=yes_no_keyboard(
            t,
            callbacks.ROUND_OPEN.data("yes", step, round_id, stamp),
            callbacks.ROUND_OPEN.data("no"),
        ),
    )


async def start_scoring(update: Update, context: Context) -> None:
    await _ask_to_open(update, context, "b")


async def start_confirmation(update: Update, context: Context) -> None:
    await _ask_to_open(update, context, "a")


async def on_open_button(update: Update, context: Context) -> None:
    """`wo:<b|a>:<round>:<deadline in minutes>`, checked again by the service."""
    confirmed = await coordinator_confirmation(update, context, callbacks.ROUND_OPEN)
    if confirmed is None:
        return
    who, pressed = confirmed
    query = update.callback_query
    t = tr(update)
    step, round_number, minutes = pressed.word(0), pressed.number(1), pressed.number(2)
    if step not in STEPS:
        await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
        return
    opener = {
        "b": competition_ballots.open_scoring,
        "a": competition_ballots.open_confirmation,
    }[step]
    opened = await opener(
        runtime(context),
        who.committee_id,
        round_number,
        datetime.fromtimestamp(minutes * 60, UTC),
        member_id=who.member_id,
    )
    if opened.created is None:
        assert opened.refusal is not None
        status = t(competition_texts.STATUS_LABELS[opened.status]) if opened.status else ""
        await query.answer(
            t(competition_texts.ROUND_REFUSALS[opened.refusal], status=status)[:200],
            show_alert=True,
        )
        return
    await query.answer()
    await query.edit_message_reply_markup(None)
    if await post_to_group(context, opened.created) is None:
        await update.effective_message.reply_text(
            t(
                "Die Abstimmung Nr. {id} ist gespeichert, aber ich konnte nicht in die Gruppe "
                "schreiben.",
                id=opened.created.ballot_id,
            )
        )
        return
    await update.effective_message.reply_text(
        t("Abstimmung Nr. {id} läuft in der Gruppe.", id=opened.created.ballot_id)
    )
    runtime(context).wake_outbox()


FEATURE = Feature(
    commands=(
        Command(
            "runden",
            N_("Wettbewerbe mit Budget und Stand"),
            Audience.MEMBER,
            list_rounds,
            Where.BOTH,
        ),
        Command(
            "runde",
            N_("Ein Wettbewerb: Rangfolge und Auswahl je Förderbereich"),
            Audience.MEMBER,
            show_round,
            Where.BOTH,
        ),
        Command(
            "runde_neu",
            N_("Neuen Wettbewerb mit Budgets anlegen"),
            Audience.COORDINATOR,
            begin,
            Where.PRIVATE,
        ),
        Command(
            "runde_bewerten",
            N_("Anträge eines Wettbewerbs bewerten lassen (0–10 Punkte)"),
            Audience.COORDINATOR,
            start_scoring,
            Where.PRIVATE,
        ),
        Command(
            "runde_auswahl",
            N_("Auswahl eines Wettbewerbs zur Abstimmung stellen"),
            Audience.COORDINATOR,
            start_confirmation,
            Where.PRIVATE,
        ),
    ),
    buttons=(
        (callbacks.ROUND_DIALOG.pattern, on_button),
        (callbacks.ROUND_OPEN.pattern, on_open_button),
    ),
    dialogs={KIND: on_text},
)
