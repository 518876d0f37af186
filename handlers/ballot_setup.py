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
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError

from handlers.commands import Audience, Command, Feature, Where
from handlers.common import (
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
    MAX_OPTIONS,
    MIN_OPTIONS,
    OPTION_MAX_LENGTH,
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
from rakbot.domain.kinds.registry import rules_of
from rakbot.domain.majority import Majority
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
from rakbot.services.dialogs import DialogState
from rakbot.services.people import Person
from rakbot.telegram_markup import inline_keyboard
from rakbot.views import callbacks
from rakbot.views.ballot_kinds.base import MAJORITY_LABELS, date_option_label
from rakbot.views.ballot_kinds.registry import look_of
from rakbot.views.callbacks import SetupAction
from rakbot.views.markup import Button, Keyboard

log = logging.getLogger(__name__)
KIND = ballots.DIALOG_KIND
KINDS = list(BallotKind)
STALE = N_("Diese Schaltfläche ist nicht mehr gültig.")
#: the length of a free question, in characters
QUESTION_MIN, QUESTION_MAX = 5, 500

OPTION_HINTS = {
    OptionError.TOO_FEW: N_("Bitte mindestens 2 Optionen angeben."),
    OptionError.TOO_MANY: N_("Höchstens 10 Optionen sind möglich."),
    OptionError.TOO_LONG: N_("Jede Option darf höchstens 60 Zeichen lang sein."),
    OptionError.DUPLICATE: N_("Jede Option darf nur einmal vorkommen."),
    OptionError.PAST: N_("Ein Termin liegt in der Vergangenheit."),
    OptionError.TOO_FAR: N_("Ein Termin liegt zu weit in der Zukunft."),
}


def _markup(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup | None:
    return inline_keyboard(
        Keyboard.of([Button(label, data) for label, data in row] for row in rows)
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
            [
                [(t(look_of(kind).label), callbacks.setup(SetupAction.KIND, i))]
                for i, kind in enumerate(KINDS)
            ]
        ),
    )


async def _ask_subject(update: Update, context: Context, who: Person, t: Translator) -> None:
    rows = [
        [
            (
                t("Antrag Nr. {id}: {title}", id=pid, title=title)[:60],
                callbacks.setup(SetupAction.PROPOSAL, pid),
            )
        ]
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
                [
                    (t("Offen"), callbacks.setup(SetupAction.SECRET, 0)),
                    (t("Geheim"), callbacks.setup(SetupAction.SECRET, 1)),
                ],
                [(t("Offen, Zwischenstand verbergen"), callbacks.setup(SetupAction.SECRET, 2))],
            ]
        ),
    )


def _score_markup(t: Translator, proposals: list[tuple[int, str]], picked: list[int]) -> Any:
    rows = [
        [
            (
                ("● " if pid in picked else "") + f"{pid}: {title}"[:60],
                callbacks.setup(SetupAction.SCORE_PICK, pid),
            )
        ]
        for pid, title in proposals[:MAX_OPTIONS]
    ]
    rows.append([(t("✅ Auswahl übernehmen"), callbacks.setup(SetupAction.SCORE_DONE, 0))])
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


@dataclass
class _Turn:
    """One step of the dialog: who answers, with what, and the dialog's data so far."""

    update: Update
    context: Context
    who: Person
    t: Translator
    data: dict[str, Any]
    value: int = 0
    answered: bool = False

    @property
    def message(self) -> Message:
        return self.update.effective_message

    async def go(self, step: str) -> None:
        """Save the dialog at `step`; a pressed button is answered (once)."""
        chat_id, user_id = self.update.effective_chat.id, self.update.effective_user.id
        await dialogs.save(
            runtime(self.context), chat_id, user_id, DialogState(KIND, step, data=self.data)
        )
        if self.update.callback_query is not None and not self.answered:
            self.answered = True
            await self.update.callback_query.answer()

    async def ask_secret(self) -> None:
        await self.go("secret")
        await _ask_secret(self.update, self.t)

    @property
    def kind(self) -> BallotKind:
        return BallotKind(self.data.get("kind", BallotKind.DECISION))


async def on_text(update: Update, context: Context, state: DialogState) -> None:
    who = await require_coordinator(update, context)
    if who is None:
        return
    t = tr(update)
    turn = _Turn(update, context, who, t, dict(state.data))
    step = _TEXT_STEPS.get(state.step)
    if step is None:
        await turn.message.reply_text(
            t("Bitte eine der Schaltflächen oben antippen – oder /abbrechen.")
        )
        return
    await step(turn, (turn.message.text or "").strip())


async def _on_question(turn: _Turn, value: str) -> None:
    question = clean_text(value)
    if not QUESTION_MIN <= len(question) <= QUESTION_MAX:
        await turn.message.reply_text(turn.t("Bitte eine Frage mit 5 bis 500 Zeichen."))
        return
    turn.data.update(question=question, proposal_id=None)
    if turn.kind is BallotKind.DECISION:
        await turn.ask_secret()
        return
    await turn.go("options")
    await _ask_options(turn.update, turn.context, turn.who, turn.t, turn.kind)


async def _on_max_text(turn: _Turn, value: str) -> None:
    count = len(turn.data["options"])
    try:
        turn.data["max_choices"] = parse_max_choices(value, count)
    except ValueError:
        await turn.message.reply_text(turn.t("Bitte eine Zahl von 1 bis {n}.", n=count))
        return
    await turn.ask_secret()


async def _on_deadline(turn: _Turn, value: str) -> None:
    t = turn.t
    now = runtime(turn.context).clock.now()
    try:
        closes_at = parse_german_datetime(value, now)
    except DateParseError as error:
        hint = DATE_REASONS.get(error.reason)
        await turn.message.reply_text(
            (t(hint) + "\n" if hint else "")
            + t(
                "Bitte so: {example}, morgen 18 Uhr oder Freitag 12 Uhr.",
                example=examples(now).deadline,
            )
        )
        return
    turn.data["closes_at"] = closes_at.isoformat()
    await turn.go("confirm")
    await turn.message.reply_html(
        _summary(t, turn.data), reply_markup=_confirm_markup(t, turn.data)
    )


def _confirm_markup(t: Translator, data: dict[str, Any]) -> InlineKeyboardMarkup | None:
    """Start (or start to end once all have voted), for a decision the majority it needs, or
    cancel."""
    rows = [
        [(t("✅ In der Gruppe starten"), callbacks.setup(SetupAction.GO, 0))],
        [(t("✅ Starten, endet wenn alle abgestimmt haben"), callbacks.setup(SetupAction.GO, 1))],
    ]
    if rules_of(_kind(data)).qualified:
        qualified = _majority(data) is not Majority.SIMPLE
        label = t("Einfache Mehrheit genügt") if qualified else t("Zweidrittelmehrheit verlangen")
        rows.append([(label, callbacks.setup(SetupAction.MAJORITY, int(not qualified)))])
    rows.append([(t("✖ Abbrechen"), callbacks.SETUP_CANCEL)])
    return _markup(rows)


def _kind(data: dict[str, Any]) -> BallotKind:
    return BallotKind(data.get("kind", BallotKind.DECISION))


def _majority(data: dict[str, Any]) -> Majority:
    return Majority(data.get("majority", Majority.SIMPLE))


async def _on_options_text(turn: _Turn, value: str) -> None:
    await _on_options(turn, value)


async def _on_options(turn: _Turn, value: str) -> None:
    update, context, t, data = turn.update, turn.context, turn.t, turn.data
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
    await _after_options(turn, echo=kind is BallotKind.DATE_POLL)


async def _after_options(turn: _Turn, *, echo: bool) -> None:
    t, data, message = turn.t, turn.data, turn.message
    if echo:
        understood = "\n".join(
            f"{i}. {e(o['label'])}" for i, o in enumerate(data["options"], start=1)
        )
        await message.reply_html(t("Verstanden:\n{dates}", dates=understood))
    if turn.kind is BallotKind.MULTI:
        await turn.go("max")
        count = len(data["options"])
        await message.reply_text(
            t("Wie viele Optionen darf jede Institution höchstens ankreuzen?"),
            reply_markup=_markup(
                [
                    [
                        (str(n), callbacks.setup(SetupAction.MAX_CHOICES, n))
                        for n in range(1, count + 1)
                    ][i : i + 5]
                    for i in range(0, count, 5)
                ]
            ),
        )
        return
    await turn.ask_secret()


def _summary(t: Translator, data: dict[str, Any]) -> str:
    kind = _kind(data)
    lines = [t("<b>Bitte prüfen:</b>"), e(data["question"])]
    lines.append(
        procedure(
            t,
            kind,
            written=bool(data.get("written")),
            secret=bool(data["secret"]),
            hide_interim=bool(data.get("hide_interim")),
            majority=_majority(data),
        )
    )
    if rules_of(kind).qualified:
        lines.append(
            t(
                "Nötige Mehrheit: {majority} der Ja- und Nein-Stimmen (Enthaltungen zählen nicht)",
                majority=t(MAJORITY_LABELS[_majority(data)]),
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
    if query.data == callbacks.SETUP_CANCEL:
        await cancel_dialog_by_button(update, context)
        return
    t = tr(update)
    button = callbacks.parse_setup(query.data)
    state = await dialogs.current(
        runtime(context), update.effective_chat.id, update.effective_user.id
    )
    known = _BUTTON_STEPS.get(button.action) if button is not None else None
    if state is None or state.kind != KIND or known is None or known[0] != state.step:
        await query.answer(t(STALE), show_alert=True)
        return
    assert button is not None
    turn = _Turn(update, context, who, t, dict(state.data), button.value)
    if not await known[1](turn):
        await query.answer(t(STALE), show_alert=True)


async def _pick_kind(turn: _Turn) -> bool:
    if turn.value >= len(KINDS):
        return False
    kind = KINDS[turn.value]
    turn.data = {"kind": kind.value}
    if kind is BallotKind.DECISION:
        await turn.go("subject")
        await _ask_subject(turn.update, turn.context, turn.who, turn.t)
    else:
        await turn.go("question")
        await turn.message.reply_text(turn.t(look_of(kind).question_prompt or ""))
    return True


async def _pick_proposal(turn: _Turn) -> bool:
    rt = runtime(turn.context)
    title = await ballots.proposal_title(rt, turn.who.committee_id, turn.value)
    if title is None:
        return False
    turn.data.update(
        proposal_id=turn.value,
        question=turn.t(
            "Soll der Antrag Nr. {id} „{title}“ gefördert werden?", id=turn.value, title=title
        ),
    )
    await turn.ask_secret()
    return True


async def _pick_scored(turn: _Turn) -> bool:
    """Tick or untick an open proposal to be scored."""
    if turn.kind is not BallotKind.SCORE:
        return False
    proposals = await ballots.open_proposals(runtime(turn.context), turn.who.committee_id)
    if turn.value not in {pid for pid, _title in proposals}:
        return False
    picked = list(turn.data.get("picked", []))
    picked = (
        [p for p in picked if p != turn.value] if turn.value in picked else [*picked, turn.value]
    )
    if len(picked) > MAX_OPTIONS:
        await turn.update.callback_query.answer(
            turn.t(OPTION_HINTS[OptionError.TOO_MANY]), show_alert=True
        )
        return True
    turn.data["picked"] = picked
    await turn.go("options")
    await turn.update.callback_query.edit_message_reply_markup(
        _score_markup(turn.t, proposals, picked)
    )
    return True


async def _scored_done(turn: _Turn) -> bool:
    if turn.kind is not BallotKind.SCORE:
        return False
    titles = dict(await ballots.open_proposals(runtime(turn.context), turn.who.committee_id))
    picked = [p for p in turn.data.get("picked", []) if p in titles]
    if len(picked) < MIN_OPTIONS:
        await turn.update.callback_query.answer(
            turn.t("Bitte mindestens 2 Anträge antippen."), show_alert=True
        )
        return True
    turn.data["options"] = [
        {"key": f"p{pid}", "label": titles[pid][:OPTION_MAX_LENGTH], "proposal_id": pid}
        for pid in picked
    ]
    await turn.go("options")
    await _after_options(turn, echo=False)
    return True


async def _pick_max(turn: _Turn) -> bool:
    if not 1 <= turn.value <= len(turn.data.get("options", [])):
        return False
    turn.data["max_choices"] = turn.value
    await turn.ask_secret()
    return True


async def _pick_secrecy(turn: _Turn) -> bool:
    if turn.value > 2:
        return False
    t, data = turn.t, turn.data
    data["secret"] = turn.value == 1
    data["hide_interim"] = turn.value == 2
    if turn.kind in ballots.WRITTEN_KINDS:
        await turn.go("mode")
        await turn.message.reply_text(
            t("In der Sitzung oder im Umlaufverfahren (schriftlich)?"),
            reply_markup=_markup(
                [
                    [
                        (t("In der Sitzung"), callbacks.setup(SetupAction.MODE, 0)),
                        (t("Umlaufverfahren"), callbacks.setup(SetupAction.MODE, 1)),
                    ]
                ]
            ),
        )
    else:
        data["written"] = False
        await _ask_meeting(turn)
    return True


async def _pick_mode(turn: _Turn) -> bool:
    turn.data["written"] = bool(turn.value)
    if turn.data["written"]:
        await _ask_deadline(turn)
    else:
        await _ask_meeting(turn)
    return True


async def _pick_item(turn: _Turn) -> bool:
    if not 0 <= turn.value <= len(turn.data.get("agenda", [])):
        return False
    turn.data["agenda_item"] = turn.value - 1 if turn.value else None
    await _ask_deadline(turn)
    return True


async def _pick_majority(turn: _Turn) -> bool:
    """The confirmation's switch between a simple and a two-thirds majority (decisions)."""
    if turn.value > 1 or not rules_of(turn.kind).qualified:
        return False
    turn.data["majority"] = (Majority.TWO_THIRDS if turn.value else Majority.SIMPLE).value
    await turn.go("confirm")
    await turn.update.callback_query.edit_message_text(
        _summary(turn.t, turn.data),
        parse_mode="HTML",
        reply_markup=_confirm_markup(turn.t, turn.data),
    )
    return True


async def _start(turn: _Turn) -> bool:
    rt = runtime(turn.context)
    if datetime.fromisoformat(turn.data["closes_at"]) <= rt.clock.now():
        # Started now, it would close at once as "nicht beschlussfähig" and change the
        # proposal's status: ask for a new deadline, as the meeting dialog asks for a date.
        await turn.go("deadline")
        await turn.message.reply_text(
            turn.t(
                "Die Frist liegt inzwischen in der Vergangenheit. Bitte eine neue Frist "
                "eingeben, zum Beispiel: morgen 18 Uhr"
            )
        )
        return True
    turn.data["close_when_all_voted"] = bool(turn.value)
    update = turn.update
    await dialogs.save(
        rt,
        update.effective_chat.id,
        update.effective_user.id,
        DialogState(KIND, "confirm", turn.data),
    )
    await _publish(update, turn.context, turn.who)
    return True


async def _ask_meeting(turn: _Turn) -> None:
    """A ballot "in der Sitzung" is linked explicitly to a meeting (and then to an agenda item),
    so that the meeting's minutes list it in its place; without meetings ahead, no question."""
    t = turn.t
    turn.data.update(meeting_id=None, agenda_item=None)
    choices = await ballots.meeting_choices(runtime(turn.context), turn.who.committee_id)
    if not choices:
        await _ask_deadline(turn)
        return
    await turn.go("meeting")
    rows = [
        [
            (
                t(
                    "Sitzung Nr. {id} am {when}",
                    id=choice.id,
                    when=format_short(choice.starts_at, t.lang),
                )[:60],
                callbacks.setup(SetupAction.MEETING, choice.id),
            )
        ]
        for choice in choices
    ]
    rows.append([(t("Keiner Sitzung zuordnen"), callbacks.setup(SetupAction.MEETING, 0))])
    await turn.message.reply_text(
        t(
            "Zu welcher Sitzung gehört die Abstimmung? Die Niederschrift der Sitzung führt sie "
            "unter dem Tagesordnungspunkt, den Sie als Nächstes wählen."
        ),
        reply_markup=_markup(rows),
    )


async def _pick_meeting(turn: _Turn) -> bool:
    t, data = turn.t, turn.data
    if turn.value == 0:
        await _ask_deadline(turn)
        return True
    choices = await ballots.meeting_choices(runtime(turn.context), turn.who.committee_id)
    choice = next((c for c in choices if c.id == turn.value), None)
    if choice is None:
        return False
    data.update(meeting_id=choice.id, starts_at=choice.starts_at.isoformat())
    data["agenda"] = list(choice.agenda)
    if not choice.agenda:
        await _ask_deadline(turn)
        return True
    await turn.go("item")
    rows = [
        [
            (
                t("TOP {n}: {title}", n=n, title=title)[:60],
                callbacks.setup(SetupAction.AGENDA_ITEM, n),
            )
        ]
        for n, title in enumerate(choice.agenda, start=1)
    ]
    rows.append(
        [
            (
                t("Ohne Tagesordnungspunkt (Weitere Beschlüsse)"),
                callbacks.setup(SetupAction.AGENDA_ITEM, 0),
            )
        ]
    )
    await turn.message.reply_text(
        t("Unter welchem Tagesordnungspunkt wird abgestimmt?"), reply_markup=_markup(rows)
    )
    return True


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


async def _ask_deadline(turn: _Turn) -> None:
    await turn.go("deadline")
    await turn.message.reply_text(
        turn.t(
            "Bis wann läuft die Abstimmung? Zum Beispiel: {example} oder morgen 18 Uhr",
            example=examples(runtime(turn.context).clock.now()).deadline,
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
            reply_markup=inline_keyboard(ballot_keyboard(group, created.view)),
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


#: the typed answers of the dialog, by the step they answer
_TEXT_STEPS: dict[str, Callable[[_Turn, str], Awaitable[None]]] = {
    "subject": _on_question,
    "question": _on_question,
    "options": _on_options_text,
    "max": _on_max_text,
    "deadline": _on_deadline,
}
#: the buttons of the dialog: the step they belong to and what they do (False: a stale press)
_BUTTON_STEPS: dict[SetupAction, tuple[str, Callable[[_Turn], Awaitable[bool]]]] = {
    SetupAction.KIND: ("kind", _pick_kind),
    SetupAction.PROPOSAL: ("subject", _pick_proposal),
    SetupAction.SCORE_PICK: ("options", _pick_scored),
    SetupAction.SCORE_DONE: ("options", _scored_done),
    SetupAction.MAX_CHOICES: ("max", _pick_max),
    SetupAction.SECRET: ("secret", _pick_secrecy),
    SetupAction.MODE: ("mode", _pick_mode),
    SetupAction.MEETING: ("meeting", _pick_meeting),
    SetupAction.AGENDA_ITEM: ("item", _pick_item),
    SetupAction.MAJORITY: ("confirm", _pick_majority),
    SetupAction.GO: ("confirm", _start),
}

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
    buttons=((rf"^{callbacks.SETUP_PREFIX}", on_setup_button),),
    dialogs={KIND: on_text},
)
