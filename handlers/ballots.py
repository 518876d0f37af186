"""/abstimmung_neu (office dialog), the vote buttons `v:<ballot>:<option>`, /befangen,
/abstimmung_schliessen and /ergebnisse."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import Forbidden, TelegramError

from handlers.commands import Audience, Command, Feature, Where
from handlers.common import (
    Context,
    e,
    is_private,
    require_coordinator,
    require_member,
    runtime,
    split_message,
    tr,
)
from rakbot.domain.dates import DateError, DateParseError, format_short, parse_german_datetime
from rakbot.domain.voting import VoteRefusal
from rakbot.i18n import N_, Translator, translator
from rakbot.services import ballots, dialogs
from rakbot.services.ballot_delivery import GROUP_LANGUAGE
from rakbot.services.ballot_render import CHOICE_LABELS, ballot_keyboard, ballot_text, result_line
from rakbot.services.ballots import Answer, Reply
from rakbot.services.dialogs import DialogState

log = logging.getLogger(__name__)
KIND = ballots.DIALOG_KIND

REFUSALS = {
    VoteRefusal.NOT_MEMBER: N_("Abstimmen können nur Mitglieder des RAK."),
    VoteRefusal.GUEST: N_("Gäste haben kein Stimmrecht."),
    VoteRefusal.NO_VOTING_RIGHT: N_("Sie haben bei dieser Abstimmung kein Stimmrecht."),
    VoteRefusal.EXCLUDED_CONFLICT: N_(
        "Ihre Institution ist bei diesem Punkt befangen und stimmt nicht mit."
    ),
    VoteRefusal.BALLOT_CLOSED: N_("Diese Abstimmung ist bereits geschlossen."),
}
ANSWERS = {
    Answer.UNKNOWN_BALLOT: N_("Diese Schaltfläche ist nicht mehr gültig."),
    Answer.CONSENT_FIRST: N_("Erst muss jede Institution dem Umlaufverfahren zustimmen."),
    Answer.NOT_IN_CONSENT: N_("Die Zustimmungsphase ist vorbei."),
    Answer.ALREADY_VOTED: N_(
        "Ihre Institution hat schon abgestimmt. Befangenheit bitte vor der Stimmabgabe erklären."
    ),
    Answer.ALREADY_EXCLUDED: N_("Ihre Institution ist bei diesem Punkt bereits befangen."),
    Answer.NOT_COORDINATOR: N_("Das darf nur die Regionale Koordination."),
    Answer.CLOSED: N_("Diese Abstimmung ist bereits geschlossen."),
}
DATE_HINTS = {
    DateError.PAST: N_("Dieser Zeitpunkt liegt in der Vergangenheit."),
    DateError.MISSING_TIME: N_("Bitte auch die Uhrzeit angeben, z. B. 25.11.2026 12:00."),
    DateError.TOO_FAR: N_("Das liegt zu weit in der Zukunft."),
}


def _refusal_text(t: Translator, reply: Reply) -> str:
    if reply.answer is Answer.REFUSED and reply.refusal is not None:
        return t(REFUSALS[reply.refusal])
    return t(ANSWERS.get(reply.answer, ANSWERS[Answer.UNKNOWN_BALLOT]))


# ----- /abstimmung_neu ---------------------------------------------------------------------------


async def begin(update: Update, context: Context) -> None:
    if await require_coordinator(update, context) is None:
        return
    t = tr(update)
    rt = runtime(context)
    if not is_private(update):
        await update.effective_message.reply_text(t("Abstimmungen bitte im privaten Chat anlegen."))
        return
    if not await ballots.has_group(rt):
        await update.effective_message.reply_text(
            t("Es ist noch keine Gruppe des RAK verbunden. Bitte zuerst die Gruppe verbinden.")
        )
        return
    await dialogs.save(
        rt, update.effective_chat.id, update.effective_user.id, DialogState(KIND, "subject", {})
    )
    rows = [
        [
            InlineKeyboardButton(
                t("Antrag Nr. {id}: {title}", id=pid, title=title)[:60], callback_data=f"bn:p:{pid}"
            )
        ]
        for pid, title in (await ballots.open_proposals(rt))[:20]
    ]
    await update.effective_message.reply_text(
        t(
            "Neue Abstimmung (Ja / Nein / Enthaltung) – mit /abbrechen jederzeit aufhören.\n\n"
            "Über welchen Antrag wird abgestimmt? Oder tippen Sie eine freie Frage."
        ),
        reply_markup=InlineKeyboardMarkup(rows) if rows else None,
    )


def _choice_keyboard(pairs: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in pairs]]
    )


async def _ask_secret(update: Update, t: Translator) -> None:
    await update.effective_message.reply_text(
        t("Offen oder geheim abstimmen?"),
        reply_markup=_choice_keyboard([(t("Offen"), "bn:s:0"), (t("Geheim"), "bn:s:1")]),
    )


async def on_text(update: Update, context: Context, state: DialogState) -> None:
    t = tr(update)
    rt = runtime(context)
    message = update.effective_message
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    value = (message.text or "").strip()
    if state.step == "subject":
        if not 5 <= len(value) <= 500:
            await message.reply_text(t("Bitte eine Frage mit 5 bis 500 Zeichen."))
            return
        data = {"question": value, "proposal_id": None}
        await dialogs.save(rt, chat_id, user_id, DialogState(KIND, "secret", data))
        await _ask_secret(update, t)
        return
    if state.step != "deadline":
        await message.reply_text(t("Bitte eine der Schaltflächen oben antippen – oder /abbrechen."))
        return
    try:
        closes_at = parse_german_datetime(value, rt.clock.now())
    except DateParseError as error:
        hint = DATE_HINTS.get(error.reason)
        await message.reply_text(
            (t(hint) + "\n" if hint else "")
            + t("Bitte so: 25.11.2026 12:00, morgen 18 Uhr oder Freitag 12 Uhr.")
        )
        return
    data = {**state.data, "closes_at": closes_at.isoformat()}
    await dialogs.save(rt, chat_id, user_id, DialogState(KIND, "confirm", data))
    mode = t("Umlaufverfahren") if data["written"] else t("Abstimmung in der Sitzung")
    secrecy = t("geheim") if data["secret"] else t("offen")
    await message.reply_html(
        "\n".join(
            [
                t("<b>Bitte prüfen:</b>"),
                e(data["question"]),
                f"{mode}, {secrecy}",
                t("Frist: {when}", when=e(format_short(closes_at, t.lang))),
            ]
        ),
        reply_markup=InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(t("✅ In der Gruppe starten"), callback_data="bn:go:0")],
                [
                    InlineKeyboardButton(
                        t("✅ Starten, endet wenn alle abgestimmt haben"), callback_data="bn:go:1"
                    )
                ],
                [InlineKeyboardButton(t("✖ Abbrechen"), callback_data="bn:x")],
            ]
        ),
    )


async def on_setup_button(update: Update, context: Context) -> None:
    query = update.callback_query
    who = await require_coordinator(update, context)
    if who is None:
        return
    t = tr(update)
    rt = runtime(context)
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    parts = (query.data or "").split(":")
    state = await dialogs.current(rt, chat_id, user_id)
    stale = t("Diese Schaltfläche ist nicht mehr gültig.")
    if parts == ["bn", "x"]:
        ended = await dialogs.end(rt, chat_id, user_id)
        await query.answer()
        await query.edit_message_text(
            t("Abgebrochen. Nichts wurde gespeichert.") if ended else t("Da war nichts mehr offen.")
        )
        return
    if state is None or state.kind != KIND or len(parts) != 3 or not parts[2].isdigit():
        await query.answer(stale, show_alert=True)
        return
    action, value = parts[1], int(parts[2])
    data = dict(state.data)
    if action == "p" and state.step == "subject":
        title = await ballots.proposal_title(rt, value)
        if title is None:
            await query.answer(stale, show_alert=True)
            return
        data = {
            "proposal_id": value,
            "question": t(
                "Soll der Antrag Nr. {id} „{title}“ gefördert werden?", id=value, title=title
            ),
        }
        await dialogs.save(rt, chat_id, user_id, DialogState(KIND, "secret", data))
        await query.answer()
        await _ask_secret(update, t)
    elif action == "s" and state.step == "secret":
        data["secret"] = bool(value)
        await dialogs.save(rt, chat_id, user_id, DialogState(KIND, "mode", data))
        await query.answer()
        await update.effective_message.reply_text(
            t("In der Sitzung oder im Umlaufverfahren (schriftlich)?"),
            reply_markup=_choice_keyboard(
                [(t("In der Sitzung"), "bn:m:0"), (t("Umlaufverfahren"), "bn:m:1")]
            ),
        )
    elif action == "m" and state.step == "mode":
        data["written"] = bool(value)
        await dialogs.save(rt, chat_id, user_id, DialogState(KIND, "deadline", data))
        await query.answer()
        await update.effective_message.reply_text(
            t("Bis wann läuft die Abstimmung? Zum Beispiel: 25.11.2026 12:00 oder morgen 18 Uhr")
        )
    elif action == "go" and state.step == "confirm":
        data["close_when_all_voted"] = bool(value)
        await dialogs.save(rt, chat_id, user_id, DialogState(KIND, "confirm", data))
        await _publish(update, context, who.member_id)
    else:
        await query.answer(stale, show_alert=True)


async def _publish(update: Update, context: Context, member_id: int | None) -> None:
    query = update.callback_query
    t = tr(update)
    rt = runtime(context)
    created = await ballots.create_from_dialog(
        rt,
        chat_id=update.effective_chat.id,
        user_id=update.effective_user.id,
        member_id=member_id,
    )
    if created is None:
        await query.answer(t("Diese Abstimmung ist bereits gestartet oder abgebrochen."))
        return
    group = translator(GROUP_LANGUAGE)
    try:
        posted = await context.bot.send_message(
            created.chat_id,
            ballot_text(group, created.view),
            parse_mode="HTML",
            reply_markup=ballot_keyboard(group, created.view),
        )
    except TelegramError as error:
        log.warning("ballot %s could not be posted: %s", created.ballot_id, error)
        await query.answer()
        await query.edit_message_text(
            t(
                "Die Abstimmung Nr. {id} ist gespeichert, aber ich konnte nicht in die Gruppe "
                "schreiben.",
                id=created.ballot_id,
            )
        )
        return
    await ballots.attach_message(rt, created.ballot_id, posted.message_id)
    await query.answer(t("Gestartet"))
    await query.edit_message_text(
        t("Abstimmung Nr. {id} läuft in der Gruppe.", id=created.ballot_id)
    )


# ----- voting ------------------------------------------------------------------------------------


async def on_vote_button(update: Update, context: Context) -> None:
    """`v:<ballot>:<option>`; everything is checked again in the database by the service."""
    query = update.callback_query
    t = tr(update)
    rt = runtime(context)
    parts = (query.data or "").split(":")
    if len(parts) != 3 or not parts[1].isdigit():
        await query.answer(t(ANSWERS[Answer.UNKNOWN_BALLOT]), show_alert=True)
        return
    ballot_id, option = int(parts[1]), parts[2]
    user_id = update.effective_user.id
    if option == "b":
        reply = await ballots.declare_conflict(rt, ballot_id, user_id)
        done = t("Befangenheit erklärt. Ihre Institution stimmt bei diesem Punkt nicht mit.")
    elif option == "x":
        reply = await ballots.close_early(rt, ballot_id, user_id)
        done = t("Abstimmung geschlossen.")
    elif option in ("k", "o"):
        reply = await ballots.answer_consent(rt, ballot_id, user_id, agree=option == "k")
        done = (
            t("Zustimmung zum Umlaufverfahren erfasst.")
            if option == "k"
            else t("Widerspruch erfasst. Das Umlaufverfahren ist beendet.")
        )
    else:
        reply = await ballots.cast(rt, ballot_id, user_id, option)
        done = ""
    if reply.answer not in (Answer.RECORDED, Answer.UNCHANGED):
        await query.answer(_refusal_text(t, reply)[:200], show_alert=True)
        return
    if reply.choice is not None:
        done = t("Ihre Stimme: {choice}", choice=t(CHOICE_LABELS[reply.choice]))
        if reply.answer is Answer.RECORDED:
            await _confirm_privately(update, context, t, reply)
    await query.answer(done[:200])
    rt.wake_outbox()


async def _confirm_privately(update: Update, context: Context, t: Translator, reply: Reply) -> None:
    """The voter's own record of what the bot stored; silently skipped if they never started
    a private chat with the bot."""
    assert reply.choice is not None
    text = t(
        "Ich habe Ihre Stimme erfasst: {choice}\nAbstimmung Nr. {id}: {question}\n"
        "Sie können sie bis zum Ende der Abstimmung ändern.",
        choice=t(CHOICE_LABELS[reply.choice]),
        id=reply.ballot_id,
        question=e(reply.question),
    )
    try:
        await context.bot.send_message(update.effective_user.id, text, parse_mode="HTML")
    except Forbidden:
        log.info("no private chat with voter %s", update.effective_user.id)


async def conflict_command(update: Update, context: Context) -> None:
    """/befangen <Nr.>: declare a conflict of interest before voting."""
    if await require_member(update, context) is None:
        return
    t = tr(update)
    args = context.args or []
    if len(args) != 1 or not args[0].isdigit():
        await update.effective_message.reply_text(
            t("Bitte mit der Nummer der Abstimmung, z. B. /befangen 3")
        )
        return
    reply = await ballots.declare_conflict(runtime(context), int(args[0]), update.effective_user.id)
    if reply.answer is not Answer.RECORDED:
        await update.effective_message.reply_text(_refusal_text(t, reply))
        return
    await update.effective_message.reply_text(
        t(
            "Befangenheit erklärt. Ihre Institution stimmt bei Abstimmung Nr. {id} nicht mit.",
            id=reply.ballot_id,
        )
    )
    runtime(context).wake_outbox()


async def close_command(update: Update, context: Context) -> None:
    """/abstimmung_schliessen <Nr.>: close early (office only)."""
    if await require_coordinator(update, context) is None:
        return
    t = tr(update)
    args = context.args or []
    if len(args) != 1 or not args[0].isdigit():
        await update.effective_message.reply_text(
            t("Bitte mit der Nummer der Abstimmung, z. B. /abstimmung_schliessen 3")
        )
        return
    reply = await ballots.close_early(runtime(context), int(args[0]), update.effective_user.id)
    if reply.answer is not Answer.RECORDED:
        await update.effective_message.reply_text(_refusal_text(t, reply))
        return
    await update.effective_message.reply_text(
        t(
            "Abstimmung Nr. {id} ist geschlossen; das Ergebnis geht an die Gruppe.",
            id=reply.ballot_id,
        )
    )
    runtime(context).wake_outbox()


async def results(update: Update, context: Context) -> None:
    """/ergebnisse: the archive of closed ballots, newest first."""
    if await require_member(update, context) is None:
        return
    t = tr(update)
    items = await ballots.archive(runtime(context))
    if not items:
        await update.effective_message.reply_text(
            t("Es gibt noch keine abgeschlossenen Abstimmungen.")
        )
        return
    lines = [t("<b>Abgeschlossene Abstimmungen</b>")]
    for item in items:
        when = format_short(item.closed_at, t.lang) if item.closed_at else "–"
        lines.append(
            "\n"
            + t(
                "<b>Nr. {id}</b> ({when}): {question}",
                id=item.id,
                when=e(when),
                question=e(item.question),
            )
        )
        if item.result:
            lines.append(result_line(t, item.result))
    for part in split_message("\n".join(lines)):
        await update.effective_message.reply_html(part)


async def minutes_command(update: Update, context: Context) -> None:
    """/niederschrift <Nr.>: the record of a ballot's decision as a Markdown file (office)."""
    if await require_coordinator(update, context) is None:
        return
    t = tr(update)
    args = context.args or []
    text = None
    if len(args) == 1 and args[0].isdigit():
        text = await ballots.minutes_of(runtime(context), int(args[0]), t.lang)
    if text is None:
        await update.effective_message.reply_text(
            t("Bitte mit der Nummer einer Abstimmung, z. B. /niederschrift 3")
        )
        return
    await update.effective_message.reply_document(
        text.encode("utf-8"),
        filename=f"niederschrift-abstimmung-{args[0]}.md",
        caption=t("Niederschrift zu Abstimmung Nr. {id}", id=args[0]),
    )


FEATURE = Feature(
    commands=(
        Command(
            "abstimmung_neu",
            N_("Neue Abstimmung starten"),
            Audience.COORDINATOR,
            begin,
            Where.PRIVATE,
        ),
        Command(
            "abstimmung_schliessen",
            N_("Abstimmung vorzeitig schließen"),
            Audience.COORDINATOR,
            close_command,
            Where.BOTH,
        ),
        Command(
            "befangen",
            N_("Befangenheit bei einer Abstimmung erklären"),
            Audience.MEMBER,
            conflict_command,
            Where.BOTH,
        ),
        Command(
            "niederschrift",
            N_("Niederschrift einer Abstimmung als Datei"),
            Audience.COORDINATOR,
            minutes_command,
            Where.PRIVATE,
        ),
        Command(
            "ergebnisse",
            N_("Ergebnisse abgeschlossener Abstimmungen"),
            Audience.MEMBER,
            results,
            Where.BOTH,
        ),
    ),
    buttons=((r"^v:", on_vote_button), (r"^bn:", on_setup_button)),
    dialogs={KIND: on_text},
)
