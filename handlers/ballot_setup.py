"""/abstimmung_neu: the office's dialog for a new ballot of any kind (buttons `bn:…`).

Steps: kind → question (for a decision: a proposal or a free question) → the kind's options
(single/multiple choice: typed options, then the maximum for multiple choice; date poll:
typed German dates, echoed as understood; scoring: open proposals to pick or typed names) →
open or secret → for decisions only: meeting or written procedure → unless written, the meeting
and its agenda item the ballot belongs to (asked only while meetings lie ahead) → deadline →
confirm.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from handlers.commands import Audience, Command, Feature, Where
from handlers.common import (
    NUMBER,
    Context,
    cancel_dialog_by_button,
    e,
    private_only,
    require_coordinator,
    runtime,
    tr,
)
from handlers.input_problems import DATE_REASONS
from rakbot.domain.ballot_input import (
    OptionError,
    OptionInputError,
    examples,
    option_entries,
    parse_date_options,
    parse_max_choices,
    parse_options,
)
from rakbot.domain.dates import (
    DateParseError,
    format_short,
    parse_german_datetime,
)
from rakbot.domain.text_input import clean_text
from rakbot.domain.voting import BallotKind
from rakbot.i18n import GROUP_LANGUAGE, N_, Translator, translator
from rakbot.services import ballots, dialogs
from rakbot.services.ballot_render import (
    MeetingLink,
    ballot_keyboard,
    ballot_text,
    meeting_line,
    procedure,
)
from rakbot.services.ballot_render_kinds import KIND_LABELS, date_option_label
from rakbot.services.dialogs import DialogState
from rakbot.services.people import Person

log = logging.getLogger(__name__)
KIND = ballots.DIALOG_KIND
KINDS = list(BallotKind)

OPTION_HINTS = {
    OptionError.TOO_FEW: N_("Bitte mindestens 2 Optionen angeben."),
    OptionError.TOO_MANY: N_("Höchstens 10 Optionen sind möglich."),
    OptionError.TOO_LONG: N_("Jede Option darf höchstens 60 Zeichen lang sein."),
    OptionError.DUPLICATE: N_("Jede Option darf nur einmal vorkommen."),
    OptionError.PAST: N_("Ein Termin liegt in der Vergangenheit."),
    OptionError.TOO_FAR: N_("Ein Termin liegt zu weit in der Zukunft."),
}
QUESTION_PROMPTS = {
    BallotKind.SINGLE: N_("Wie lautet die Frage? Zum Beispiel: Wo findet die Klausur statt?"),
    BallotKind.MULTI: N_(
        "Wie lautet die Frage? Zum Beispiel: Welche Themen kommen auf die nächste Tagesordnung?"
    ),
    BallotKind.DATE_POLL: N_(
        "Wofür wird ein Termin gesucht? Zum Beispiel: Termin der nächsten Sitzung"
    ),
    BallotKind.SCORE: N_("Was wird bewertet? Zum Beispiel: Wettbewerbsrunde Förderbereich A"),
}


def _markup(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


async def begin(update: Update, context: Context) -> None:
    who = await require_coordinator(update, context)
    if who is None:
        return
    t = tr(update)
    rt = runtime(context)
    if not await private_only(update, t("Abstimmungen bitte im privaten Chat anlegen.")):
        return
    if not await ballots.has_group(rt, who.committee_id):
        await update.effective_message.reply_text(
            t("Es ist noch keine Gruppe des RAK verbunden. Bitte zuerst die Gruppe verbinden.")
        )
        return
    await dialogs.save(
        rt, update.effective_chat.id, update.effective_user.id, DialogState(KIND, "kind", {})
    )
    await update.effective_message.reply_text(
        t("Neue Abstimmung – mit /abbrechen jederzeit aufhören.\n\nWelche Art von Abstimmung?"),
        reply_markup=_markup(
            [[(t(KIND_LABELS[kind]), f"bn:k:{i}")] for i, kind in enumerate(KINDS)]
        ),
    )


async def _ask_subject(update: Update, context: Context, who: Person, t: Translator) -> None:
    rows = [
        [(t("Antrag Nr. {id}: {title}", id=pid, title=title)[:60], f"bn:p:{pid}")]
        for pid, title in (await ballots.open_proposals(runtime(context), who.committee_id))[:20]
    ]
    await update.effective_message.reply_text(
        t(
            "Neue Abstimmung (Ja / Nein / Enthaltung) – mit /abbrechen jederzeit aufhören.\n\n"
            "Über welchen Antrag wird abgestimmt? Oder tippen Sie eine freie Frage."
        ),
        reply_markup=_markup(rows) if rows else None,
    )


async def _ask_secret(update: Update, t: Translator) -> None:
    await update.effective_message.reply_text(
        t(
            "Offen oder geheim abstimmen?\n"
            "Offen: alle sehen, wer wie gestimmt hat. Geheim: niemand sieht, wie eine "
            "Institution gestimmt hat; Zahlen erst nach dem Ende. Zwischenstand verbergen: offen, "
            "aber Stimmen und Zahlen erst nach dem Ende."
        ),
        reply_markup=_markup(
            [
                [(t("Offen"), "bn:s:0"), (t("Geheim"), "bn:s:1")],
                [(t("Offen, Zwischenstand verbergen"), "bn:s:2")],
            ]
        ),
    )


def _score_markup(t: Translator, proposals: list[tuple[int, str]], picked: list[int]) -> Any:
    rows = [
        [(("● " if pid in picked else "") + f"{pid}: {title}"[:60], f"bn:sp:{pid}")]
        for pid, title in proposals[:10]
    ]
    rows.append([(t("✅ Auswahl übernehmen"), "bn:sd:0")])
    return _markup(rows)


async def _ask_options(
    update: Update, context: Context, who: Person, t: Translator, kind: BallotKind
) -> None:
    message = update.effective_message
    if kind is BallotKind.DATE_POLL:
        await message.reply_text(
            t(
                "Welche Termine stehen zur Wahl? 2 bis 10 Termine, getrennt durch Komma oder "
                "je Zeile, z. B.: {dates}",
                dates=_date_examples(context),
            )
        )
        return
    prompt = t(
        "Welche Optionen stehen zur Wahl? 2 bis 10 Optionen, eine je Zeile (oder durch "
        "Semikolon getrennt), je höchstens 60 Zeichen."
    )
    if kind is BallotKind.SCORE:
        proposals = await ballots.open_proposals(runtime(context), who.committee_id)
        if proposals:
            await message.reply_text(
                t(
                    "Welche Anträge werden bewertet? Bitte antippen und dann übernehmen – oder "
                    "tippen Sie die Namen der Optionen, eine je Zeile."
                ),
                reply_markup=_score_markup(t, proposals, []),
            )
            return
    await message.reply_text(prompt)


def _option_hint(t: Translator, error: OptionInputError) -> str:
    return t(OPTION_HINTS[error.reason])


async def on_text(update: Update, context: Context, state: DialogState) -> None:
    t = tr(update)
    rt = runtime(context)
    message = update.effective_message
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    value = (message.text or "").strip()
    data = dict(state.data)
    kind = BallotKind(data.get("kind", BallotKind.DECISION))

    async def go(step: str) -> None:
        await dialogs.save(rt, chat_id, user_id, DialogState(KIND, step, data))

    who = await require_coordinator(update, context)
    if who is None:
        return
    if state.step in ("subject", "question"):
        question = clean_text(value)
        if not 5 <= len(question) <= 500:
            await message.reply_text(t("Bitte eine Frage mit 5 bis 500 Zeichen."))
            return
        data.update(question=question, proposal_id=None)
        if kind is BallotKind.DECISION:
            await go("secret")
            await _ask_secret(update, t)
        else:
            await go("options")
            await _ask_options(update, context, who, t, kind)
        return
    if state.step == "options":
        await _on_options(update, context, state, data, value)
        return
    if state.step == "max":
        try:
            data["max_choices"] = parse_max_choices(value, len(data["options"]))
        except ValueError:
            await message.reply_text(t("Bitte eine Zahl von 1 bis {n}.", n=len(data["options"])))
            return
        await go("secret")
        await _ask_secret(update, t)
        return
    if state.step != "deadline":
        await message.reply_text(t("Bitte eine der Schaltflächen oben antippen – oder /abbrechen."))
        return
    try:
        closes_at = parse_german_datetime(value, rt.clock.now())
    except DateParseError as error:
        hint = DATE_REASONS.get(error.reason)
        await message.reply_text(
            (t(hint) + "\n" if hint else "")
            + t(
                "Bitte so: {example}, morgen 18 Uhr oder Freitag 12 Uhr.",
                example=examples(rt.clock.now()).deadline,
            )
        )
        return
    data["closes_at"] = closes_at.isoformat()
    await go("confirm")
    await message.reply_html(
        _summary(t, data),
        reply_markup=_markup(
            [
                [(t("✅ In der Gruppe starten"), "bn:go:0")],
                [(t("✅ Starten, endet wenn alle abgestimmt haben"), "bn:go:1")],
                [(t("✖ Abbrechen"), "bn:x")],
            ]
        ),
    )


async def _on_options(
    update: Update, context: Context, state: DialogState, data: dict[str, Any], value: str
) -> None:
    t = tr(update)
    rt = runtime(context)
    message = update.effective_message
    kind = BallotKind(data["kind"])
    try:
        if kind is BallotKind.DATE_POLL:
            dates = parse_date_options(value, rt.clock.now())
            group = translator(GROUP_LANGUAGE)
            labels = [date_option_label(group, o.at, o.all_day) for o in dates]
            options = [
                {**entry, "at": o.at.isoformat(), "all_day": o.all_day}
                for entry, o in zip(option_entries(labels), dates, strict=True)
            ]
        else:
            options = option_entries(parse_options(value))
    except DateParseError as error:
        hint = DATE_REASONS.get(error.reason)
        problem = t(hint) + "\n" if hint else ""
        if problem and error.entry is not None:
            problem = t("Termin {n}: {problem}", n=error.entry, problem=problem)
        await message.reply_text(
            problem + t("Bitte Termine so: {dates}", dates=_date_examples(context))
        )
        return
    except OptionInputError as error:
        await message.reply_text(_option_hint(t, error))
        return
    data["options"] = options
    await _after_options(update, context, data, echo=kind is BallotKind.DATE_POLL)


async def _after_options(
    update: Update, context: Context, data: dict[str, Any], *, echo: bool
) -> None:
    t = tr(update)
    rt = runtime(context)
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    kind = BallotKind(data["kind"])
    message = update.effective_message
    if echo:
        understood = "\n".join(
            f"{i}. {e(o['label'])}" for i, o in enumerate(data["options"], start=1)
        )
        await message.reply_html(t("Verstanden:\n{dates}", dates=understood))
    if kind is BallotKind.MULTI:
        await dialogs.save(rt, chat_id, user_id, DialogState(KIND, "max", data))
        count = len(data["options"])
        await message.reply_text(
            t("Wie viele Optionen darf jede Institution höchstens ankreuzen?"),
            reply_markup=_markup(
                [
                    [(str(n), f"bn:mx:{n}") for n in range(1, count + 1)][i : i + 5]
                    for i in range(0, count, 5)
                ]
            ),
        )
        return
    await dialogs.save(rt, chat_id, user_id, DialogState(KIND, "secret", data))
    await _ask_secret(update, t)


def _summary(t: Translator, data: dict[str, Any]) -> str:
    kind = BallotKind(data.get("kind", BallotKind.DECISION))
    lines = [t("<b>Bitte prüfen:</b>"), e(data["question"])]
    lines.append(
        procedure(
            t,
            kind,
            written=bool(data.get("written")),
            secret=bool(data["secret"]),
            hide_interim=bool(data.get("hide_interim")),
        )
    )
    for i, option in enumerate(data.get("options") or [], start=1):
        lines.append(f"{i}. {e(option['label'])}")
    if data.get("max_choices"):
        lines.append(t("Höchstens {n} Optionen je Institution", n=data["max_choices"]))
    if (link := _link(data)) is not None:
        lines.append(meeting_line(t, link))
    when = format_short(datetime.fromisoformat(data["closes_at"]), t.lang)
    lines.append(t("Frist: {when}", when=e(when)))
    return "\n".join(lines)


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
        await cancel_dialog_by_button(update, context)
        return
    if state is None or state.kind != KIND or len(parts) != 3 or not NUMBER.fullmatch(parts[2]):
        await query.answer(stale, show_alert=True)
        return
    action, value = parts[1], int(parts[2])
    data = dict(state.data)

    async def go(step: str) -> None:
        await dialogs.save(rt, chat_id, user_id, DialogState(KIND, step, data))
        await query.answer()

    step = state.step
    if action == "k" and step == "kind" and value < len(KINDS):
        data = {"kind": KINDS[value].value}
        if KINDS[value] is BallotKind.DECISION:
            await go("subject")
            await _ask_subject(update, context, who, t)
        else:
            await go("question")
            await update.effective_message.reply_text(t(QUESTION_PROMPTS[KINDS[value]]))
    elif action == "p" and step == "subject":
        title = await ballots.proposal_title(rt, who.committee_id, value)
        if title is None:
            await query.answer(stale, show_alert=True)
            return
        data.update(
            proposal_id=value,
            question=t(
                "Soll der Antrag Nr. {id} „{title}“ gefördert werden?", id=value, title=title
            ),
        )
        await go("secret")
        await _ask_secret(update, t)
    elif action == "sp" and step == "options" and data.get("kind") == BallotKind.SCORE:
        proposals = await ballots.open_proposals(rt, who.committee_id)
        if value not in {pid for pid, _title in proposals}:
            await query.answer(stale, show_alert=True)
            return
        picked = list(data.get("picked", []))
        picked = [p for p in picked if p != value] if value in picked else [*picked, value]
        if len(picked) > 10:
            await query.answer(t(OPTION_HINTS[OptionError.TOO_MANY]), show_alert=True)
            return
        data["picked"] = picked
        await go("options")
        await query.edit_message_reply_markup(_score_markup(t, proposals, picked))
    elif action == "sd" and step == "options" and data.get("kind") == BallotKind.SCORE:
        titles = dict(await ballots.open_proposals(rt, who.committee_id))
        picked = [p for p in data.get("picked", []) if p in titles]
        if len(picked) < 2:
            await query.answer(t("Bitte mindestens 2 Anträge antippen."), show_alert=True)
            return
        data["options"] = [
            {"key": f"p{pid}", "label": titles[pid][:60], "proposal_id": pid} for pid in picked
        ]
        await go("options")
        await _after_options(update, context, data, echo=False)
    elif action == "mx" and step == "max" and 1 <= value <= len(data.get("options", [])):
        data["max_choices"] = value
        await go("secret")
        await _ask_secret(update, t)
    elif action == "s" and step == "secret" and value <= 2:
        data["secret"] = value == 1
        data["hide_interim"] = value == 2
        if BallotKind(data.get("kind", BallotKind.DECISION)) in ballots.WRITTEN_KINDS:
            await go("mode")
            await update.effective_message.reply_text(
                t("In der Sitzung oder im Umlaufverfahren (schriftlich)?"),
                reply_markup=_markup(
                    [[(t("In der Sitzung"), "bn:m:0"), (t("Umlaufverfahren"), "bn:m:1")]]
                ),
            )
        else:
            data["written"] = False
            await _ask_meeting(update, context, who, data, go)
    elif action == "m" and step == "mode":
        data["written"] = bool(value)
        if data["written"]:
            await _ask_deadline(update, context, go)
        else:
            await _ask_meeting(update, context, who, data, go)
    elif action == "mt" and step == "meeting":
        await _on_meeting(update, context, who, data, go, value)
    elif action == "ai" and step == "item" and 0 <= value <= len(data.get("agenda", [])):
        data["agenda_item"] = value - 1 if value else None
        await _ask_deadline(update, context, go)
    elif action == "go" and step == "confirm":
        if datetime.fromisoformat(data["closes_at"]) <= rt.clock.now():
            # Started now, it would close at once as "nicht beschlussfähig" and change the
            # proposal's status: ask for a new deadline, as the meeting dialog asks for a date.
            await go("deadline")
            await update.effective_message.reply_text(
                t(
                    "Die Frist liegt inzwischen in der Vergangenheit. Bitte eine neue Frist "
                    "eingeben, zum Beispiel: morgen 18 Uhr"
                )
            )
            return
        data["close_when_all_voted"] = bool(value)
        await dialogs.save(rt, chat_id, user_id, DialogState(KIND, "confirm", data))
        await _publish(update, context, who)
    else:
        await query.answer(stale, show_alert=True)


async def _ask_meeting(
    update: Update, context: Context, who: Person, data: dict[str, Any], go: Any
) -> None:
    """A ballot "in der Sitzung" is linked explicitly to a meeting (and then to an agenda item),
    so that the meeting's minutes list it in its place; without meetings ahead, no question."""
    t = tr(update)
    data.update(meeting_id=None, agenda_item=None)
    choices = await ballots.meeting_choices(runtime(context), who.committee_id)
    if not choices:
        await _ask_deadline(update, context, go)
        return
    await go("meeting")
    rows = [
        [
            (
                t(
                    "Sitzung Nr. {id} am {when}",
                    id=choice.id,
                    when=format_short(choice.starts_at, t.lang),
                )[:60],
                f"bn:mt:{choice.id}",
            )
        ]
        for choice in choices
    ]
    rows.append([(t("Keiner Sitzung zuordnen"), "bn:mt:0")])
    await update.effective_message.reply_text(
        t(
            "Zu welcher Sitzung gehört die Abstimmung? Die Niederschrift der Sitzung führt sie "
            "unter dem Tagesordnungspunkt, den Sie als Nächstes wählen."
        ),
        reply_markup=_markup(rows),
    )


async def _on_meeting(
    update: Update, context: Context, who: Person, data: dict[str, Any], go: Any, value: int
) -> None:
    t = tr(update)
    if value == 0:
        await _ask_deadline(update, context, go)
        return
    choices = await ballots.meeting_choices(runtime(context), who.committee_id)
    choice = next((c for c in choices if c.id == value), None)
    if choice is None:
        await update.callback_query.answer(
            t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True
        )
        return
    data.update(meeting_id=choice.id, starts_at=choice.starts_at.isoformat())
    data["agenda"] = list(choice.agenda)
    if not choice.agenda:
        await _ask_deadline(update, context, go)
        return
    await go("item")
    rows = [
        [(t("TOP {n}: {title}", n=n, title=title)[:60], f"bn:ai:{n}")]
        for n, title in enumerate(choice.agenda, start=1)
    ]
    rows.append([(t("Ohne Tagesordnungspunkt (Weitere Beschlüsse)"), "bn:ai:0")])
    await update.effective_message.reply_text(
        t("Unter welchem Tagesordnungspunkt wird abgestimmt?"), reply_markup=_markup(rows)
    )


def _link(data: dict[str, Any]) -> MeetingLink | None:
    """The meeting and agenda item picked in the dialog, as the ballot message will show it."""
    if not data.get("meeting_id"):
        return None
    item = data.get("agenda_item")
    return MeetingLink(
        data["meeting_id"],
        datetime.fromisoformat(data["starts_at"]),
        None if item is None else item + 1,
        None if item is None else data["agenda"][item],
    )


def _date_examples(context: Context) -> str:
    return ", ".join(examples(runtime(context).clock.now()).dates)


async def _ask_deadline(update: Update, context: Context, go: Any) -> None:
    t = tr(update)
    await go("deadline")
    await update.effective_message.reply_text(
        t(
            "Bis wann läuft die Abstimmung? Zum Beispiel: {example} oder morgen 18 Uhr",
            example=examples(runtime(context).clock.now()).deadline,
        )
    )


async def post_to_group(context: Context, created: ballots.Created) -> int | None:
    """Post a new ballot's live message in the group and remember it; the message id, or None
    if the group could not be reached. Usable for ballots created by `ballots.new_ballot`."""
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
        return None
    committee_id = created.committee_id
    await ballots.attach_message(
        runtime(context), committee_id, created.ballot_id, posted.message_id
    )
    return posted.message_id


async def _publish(update: Update, context: Context, who: Person) -> None:
    query = update.callback_query
    t = tr(update)
    created = await ballots.create_from_dialog(
        runtime(context),
        who.committee_id,
        chat_id=update.effective_chat.id,
        user_id=update.effective_user.id,
        member_id=who.member_id,
    )
    if created is None:
        await query.answer(t("Diese Abstimmung ist bereits gestartet oder abgebrochen."))
        return
    if await post_to_group(context, created) is None:
        await query.answer()
        await query.edit_message_text(
            t(
                "Die Abstimmung Nr. {id} ist gespeichert, aber ich konnte nicht in die Gruppe "
                "schreiben.",
                id=created.ballot_id,
            )
        )
        return
    await query.answer(t("Gestartet"))
    await query.edit_message_text(
        t("Abstimmung Nr. {id} läuft in der Gruppe.", id=created.ballot_id)
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
    ),
    buttons=((r"^bn:", on_setup_button),),
    dialogs={KIND: on_text},
)
