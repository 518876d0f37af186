"""Coordinators change a planned meeting: /sitzung_verschieben, /sitzung_ort,
/sitzung_tagesordnung, /sitzung_absagen; and when reminders go out: /erinnerungen. Everyone who
confirmed is told privately and the group card is updated (the service queues the notices in the
same unit of work). /sitzung_vorsitz enters who chairs a meeting, for its minutes only."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from handlers.commands import Audience, Command, Feature, Where
from handlers.common import (
    Context,
    coordinator_confirmation,
    number_arg,
    require_coordinator,
    runtime,
    tr,
    yes_no_keyboard,
)
from handlers.input_problems import date_problem
from rakbot.domain.dates import DateParseError, example_starts, format_long, parse_german_datetime
from rakbot.domain.field_limits import MEETING_CHAIR, MEETING_PLACE
from rakbot.domain.meeting_rules import is_open
from rakbot.domain.reminders import OffsetParseError, OffsetProblem, parse_offsets
from rakbot.domain.text_input import (
    NONE_WORDS,
    AgendaTooLong,
    TextProblem,
    check_length,
    clean_text,
    parse_agenda,
)
from rakbot.i18n import N_, Translator
from rakbot.services import dialogs, meeting_chair, meeting_reminders, meeting_texts, meetings
from rakbot.services.dialogs import DialogState
from rakbot.services.meeting_texts import agenda_problem
from rakbot.services.meeting_views import MeetingView
from rakbot.services.people import Person
from rakbot.views import callbacks
from rakbot.views.offsets import offsets_text

AGENDA_KIND = "meeting_agenda"


async def _report_change(
    update: Update, context: Context, result: meetings.ChangeResult, done: str
) -> None:
    t = tr(update)
    outcome = meetings.ChangeOutcome
    if result.outcome is outcome.UNKNOWN:
        await update.effective_message.reply_text(
            t("Diese Sitzung gibt es nicht. Die Nummern zeigt /termine.")
        )
        return
    if result.outcome is outcome.CLOSED:
        await update.effective_message.reply_text(
            t("Diese Sitzung ist abgesagt oder hat schon begonnen.")
        )
        return
    if result.outcome is outcome.PAST:
        await update.effective_message.reply_text(t("Dieser Zeitpunkt liegt in der Vergangenheit."))
        return
    if result.outcome is outcome.UNCHANGED:
        await update.effective_message.reply_text(
            t("Die Sitzung beginnt schon zu diesem Zeitpunkt; nichts geändert.")
        )
        return
    lines = [
        done,
        t.plural(
            "{n} Person wird benachrichtigt.",
            "{n} Personen werden benachrichtigt.",
            result.notified,
        ),
    ]
    if result.group_told:
        lines.append(t("Die Gruppe erfährt es mit einer eigenen Nachricht."))
    await update.effective_message.reply_text("\n".join(lines))
    runtime(context).wake_outbox()


async def _apply(
    update: Update, context: Context, who: Person, meeting_id: int, what: meetings.Change
) -> meetings.ChangeResult:
    return await meetings.change(
        runtime(context), who.committee_id, meeting_id, what, actor_member_id=who.member_id
    )


async def _changeable(
    update: Update, context: Context, who: Person, meeting_id: int
) -> MeetingView | None:
    """The meeting if it can still be moved or cancelled; otherwise say why and None."""
    t = tr(update)
    rt = runtime(context)
    found = await meetings.view(rt, who.committee_id, meeting_id)
    if found is None:
        await update.effective_message.reply_text(
            t("Diese Sitzung gibt es nicht. Die Nummern zeigt /termine.")
        )
        return None
    if not is_open(found.status, found.starts_at, rt.clock.now()):
        await update.effective_message.reply_text(
            t("Diese Sitzung ist abgesagt oder hat schon begonnen.")
        )
        return None
    return found


async def cancel_meeting(update: Update, context: Context) -> None:
    """`/sitzung_absagen 3` asks first: cancelling cannot be undone."""
    t = tr(update)
    who = await require_coordinator(update, context)
    if who is None:
        return
    meeting_id = number_arg(context)
    if meeting_id is None:
        await update.effective_message.reply_text(
            t("Bitte die Nummer der Sitzung angeben, z. B. /sitzung_absagen 3 (Nummern: /termine).")
        )
        return
    found = await _changeable(update, context, who, meeting_id)
    if found is None:
        return
    await update.effective_message.reply_text(
        t(
            "Sitzung Nr. {id} am {when} absagen? Wer zugesagt hat, wird benachrichtigt, und "
            "die Gruppe erfährt es.",
            id=meeting_id,
            when=format_long(found.starts_at, t.lang),
        ),
        reply_markup=InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        t("Ja, absagen"),
                        callback_data=callbacks.MEETING_CANCEL.data("yes", meeting_id),
                    ),
                    InlineKeyboardButton(
                        t("Nein"), callback_data=callbacks.MEETING_CANCEL.data("no")
                    ),
                ]
            ]
        ),
    )


async def on_cancel_button(update: Update, context: Context) -> None:
    confirmed = await coordinator_confirmation(update, context, callbacks.MEETING_CANCEL)
    if confirmed is None:
        return
    who, pressed = confirmed
    t = tr(update)
    await update.callback_query.answer()
    result = await _apply(update, context, who, pressed.number(), meetings.Change(cancel=True))
    await update.callback_query.edit_message_reply_markup(None)
    await _report_change(update, context, result, t("Die Sitzung ist abgesagt."))


async def move_meeting(update: Update, context: Context) -> None:
    t = tr(update)
    who = await require_coordinator(update, context)
    if who is None:
        return
    meeting_id = number_arg(context)
    text = " ".join((context.args or [])[1:])
    now = runtime(context).clock.now()
    if meeting_id is None or not text:
        example, _words = example_starts(now)
        await update.effective_message.reply_text(
            t("So geht es: /sitzung_verschieben 3 {example} (Nummern: /termine).", example=example)
        )
        return
    try:
        start = parse_german_datetime(text, now)
    except DateParseError as error:
        await update.effective_message.reply_text(date_problem(t, error, now))
        return
    if await _changeable(update, context, who, meeting_id) is None:
        return
    stamp = int(start.timestamp() // 60)
    await update.effective_message.reply_text(
        t(
            "Sitzung Nr. {id} verschieben auf {when}. Stimmt das?",
            id=meeting_id,
            when=format_long(start, t.lang),
        ),
        reply_markup=yes_no_keyboard(
            t,
            callbacks.MEETING_MOVE.data("yes", meeting_id, stamp),
            callbacks.MEETING_MOVE.data("no"),
        ),
    )


async def on_move_button(update: Update, context: Context) -> None:
    confirmed = await coordinator_confirmation(update, context, callbacks.MEETING_MOVE)
    if confirmed is None:
        return
    who, pressed = confirmed
    query = update.callback_query
    t = tr(update)
    meeting_number, minutes = pressed.number(0), pressed.number(1)
    await query.answer()
    start = datetime.fromtimestamp(minutes * 60, UTC)
    change = meetings.Change(starts_at=start)
    result = await _apply(update, context, who, meeting_number, change)
    await query.edit_message_reply_markup(None)
    await _report_change(
        update,
        context,
        result,
        t("Verschoben auf {when}.", when=format_long(start, t.lang)),
    )


async def edit_place(update: Update, context: Context) -> None:
    t = tr(update)
    who = await require_coordinator(update, context)
    if who is None:
        return
    meeting_id = number_arg(context)
    place = clean_text(" ".join((context.args or [])[1:]))
    if meeting_id is None or check_length(place, MEETING_PLACE) is not None:
        await update.effective_message.reply_text(
            t("So geht es: /sitzung_ort 3 Landratsamt, Raum 101 (Nummern: /termine).")
        )
        return
    result = await _apply(update, context, who, meeting_id, meetings.Change(place=place))
    await _report_change(update, context, result, t("Der Ort ist geändert."))


async def set_chair(update: Update, context: Context) -> None:
    """`/sitzung_vorsitz 3 Dr. Maria Beispiel (IHK)` enters who chairs meeting 3, for its
    Niederschrift; `-` removes the entry; the number alone shows it."""
    t = tr(update)
    who = await require_coordinator(update, context)
    if who is None:
        return
    meeting_id = number_arg(context)
    name = clean_text(" ".join((context.args or [])[1:]))
    if meeting_id is None or check_length(name, MEETING_CHAIR) is TextProblem.TOO_LONG:
        await update.effective_message.reply_text(
            t(
                "So geht es: /sitzung_vorsitz 3 Dr. Maria Beispiel (IHK) – höchstens {n} "
                "Zeichen; /sitzung_vorsitz 3 - löscht den Eintrag (Nummern: /termine alt).",
                n=MEETING_CHAIR.maximum,
            )
        )
        return
    rt = runtime(context)
    if not name:
        result = await meeting_chair.chair_of(rt, who.committee_id, meeting_id)
    else:
        chair = None if name.lower() in NONE_WORDS else name
        if chair is not None and check_length(chair, MEETING_CHAIR) is TextProblem.TOO_SHORT:
            await update.effective_message.reply_text(
                t("Bitte den Namen der Person, die die Sitzung leitet, z. B. Dr. Maria Beispiel.")
            )
            return
        result = await meeting_chair.set_chair(
            rt, who.committee_id, meeting_id, chair, actor_member_id=who.member_id
        )
    await update.effective_message.reply_text(_chair_text(t, meeting_id, result))


def _chair_text(t: Translator, meeting_id: int, result: meeting_chair.ChairResult) -> str:
    outcome = meeting_chair.ChairOutcome
    if result.outcome is outcome.UNKNOWN:
        return t(
            "Diese Sitzung gibt es nicht. Die Nummern zeigt /termine (vergangene: /termine alt)."
        )
    if result.outcome is outcome.CANCELLED:
        return t("Diese Sitzung ist abgesagt.")
    if result.chair is None:
        return t(
            "Für Sitzung Nr. {id} ist kein Vorsitz eingetragen; die Niederschrift nennt dann "
            "die Regionale Koordination.",
            id=meeting_id,
        )
    return t("Vorsitz der Sitzung Nr. {id}: {chair}", id=meeting_id, chair=result.chair)


async def edit_agenda(update: Update, context: Context) -> None:
    """`/sitzung_tagesordnung 3` asks for the new agenda; items on the lines below the command
    in the same message are taken at once."""
    t = tr(update)
    who = await require_coordinator(update, context)
    if who is None:
        return
    meeting_id = number_arg(context)
    if meeting_id is None:
        await update.effective_message.reply_text(
            t(
                "So geht es: /sitzung_tagesordnung 3 – danach die Punkte, einer pro Zeile "
                "(Nummern: /termine)."
            )
        )
        return
    _command, _newline, items = (update.effective_message.text or "").partition("\n")
    if items.strip():
        await _save_agenda(update, context, who, meeting_id, items)
        return
    rt = runtime(context)
    view = await meetings.view(rt, who.committee_id, meeting_id)
    if view is None or not is_open(view.status, view.starts_at, rt.clock.now()):
        await update.effective_message.reply_text(
            t("Diese Sitzung gibt es nicht oder sie ist vorbei. Die Nummern zeigt /termine.")
        )
        return
    await dialogs.save(
        rt,
        update.effective_chat.id,
        update.effective_user.id,
        DialogState(AGENDA_KIND, "agenda", {"meeting_id": meeting_id}),
    )
    current = meeting_texts.agenda_lines(t, view.agenda) or [t("Bisher keine Tagesordnung.")]
    await update.effective_message.reply_html(
        "\n".join(
            [
                *current,
                "",
                t(
                    "Neue Tagesordnung für Sitzung Nr. {id}: ein Punkt pro Zeile "
                    "(oder „-“ für keine). /abbrechen lässt alles, wie es ist.",
                    id=meeting_id,
                ),
            ]
        )
    )


async def on_agenda_text(update: Update, context: Context, state: DialogState) -> None:
    who = await require_coordinator(update, context)
    if who is None:
        return
    text = update.effective_message.text or ""
    if await _save_agenda(update, context, who, int(state.data["meeting_id"]), text):
        await dialogs.end(runtime(context), update.effective_chat.id, update.effective_user.id)


async def _save_agenda(
    update: Update, context: Context, who: Person, meeting_id: int, text: str
) -> bool:
    """Save the typed agenda; False (and why) when it is too long, so it can be sent again."""
    t = tr(update)
    try:
        agenda = parse_agenda(text)
    except AgendaTooLong as error:
        await update.effective_message.reply_text(agenda_problem(t, error))
        return False
    result = await _apply(update, context, who, meeting_id, meetings.Change(agenda=agenda))
    done = (
        t.plural(
            "Die Tagesordnung ist geändert ({n} Punkt).",
            "Die Tagesordnung ist geändert ({n} Punkte).",
            len(agenda),
        )
        if agenda
        else t("Die Tagesordnung ist geleert.")
    )
    await _report_change(update, context, result, done)
    return True


OFFSET_PROBLEMS = {
    OffsetProblem.EMPTY: N_("Bitte die Zeiten angeben."),
    OffsetProblem.UNKNOWN: N_("Diese Angabe verstehe ich nicht."),
    OffsetProblem.TOO_SHORT: N_("Eine Erinnerung muss mindestens 15 Minuten vorher kommen."),
    OffsetProblem.TOO_LONG: N_("Eine Erinnerung darf höchstens 60 Tage vorher kommen."),
    OffsetProblem.TOO_MANY: N_("Höchstens fünf Erinnerungen je Sitzung."),
}


async def reminder_offsets(update: Update, context: Context) -> None:
    """/erinnerungen shows when meeting reminders go out; with times it sets them for the
    committee and re-plans every upcoming meeting."""
    t = tr(update)
    who = await require_coordinator(update, context)
    if who is None:
        return
    rt = runtime(context)
    typed = " ".join(context.args or [])
    how = t("Ändern zum Beispiel mit: /erinnerungen 7 Tage, 1 Tag, 2 Stunden (oder „Standard“).")
    if not typed:
        current = await meeting_reminders.current_offsets(rt, who.committee_id)
        await update.effective_message.reply_text(
            t("Erinnerungen an Sitzungen: {offsets} vorher.", offsets=offsets_text(t, current))
            + "\n"
            + how
        )
        return
    try:
        chosen = parse_offsets(typed)
    except OffsetParseError as error:
        await update.effective_message.reply_text(t(OFFSET_PROBLEMS[error.problem]) + "\n" + how)
        return
    replanned = await meeting_reminders.set_offsets(
        rt, who.committee_id, chosen, actor_member_id=who.member_id
    )
    await update.effective_message.reply_text(
        t(
            "Gespeichert: Erinnerungen {offsets} vor jeder Sitzung.",
            offsets=offsets_text(t, chosen),
        )
        + "\n"
        + t.plural(
            "{n} geplante Sitzung ist angepasst.",
            "{n} geplante Sitzungen sind angepasst.",
            replanned,
        )
    )
    rt.wake_outbox()


FEATURE = Feature(
    commands=(
        Command(
            "sitzung_verschieben",
            N_("Sitzung verschieben"),
            Audience.COORDINATOR,
            move_meeting,
            Where.PRIVATE,
        ),
        Command(
            "sitzung_ort",
            N_("Ort einer Sitzung ändern"),
            Audience.COORDINATOR,
            edit_place,
            Where.PRIVATE,
        ),
        Command(
            "sitzung_tagesordnung",
            N_("Tagesordnung einer Sitzung ändern"),
            Audience.COORDINATOR,
            edit_agenda,
            Where.PRIVATE,
        ),
        Command(
            "sitzung_vorsitz",
            N_("Vorsitz einer Sitzung eintragen (für die Niederschrift)"),
            Audience.COORDINATOR,
            set_chair,
            Where.PRIVATE,
        ),
        Command(
            "erinnerungen",
            N_("Wann an Sitzungen erinnert wird (für das ganze Gremium)"),
            Audience.COORDINATOR,
            reminder_offsets,
            Where.PRIVATE,
        ),
        Command(
            "sitzung_absagen",
            N_("Sitzung absagen"),
            Audience.COORDINATOR,
            cancel_meeting,
            Where.PRIVATE,
        ),
    ),
    buttons=(
        (callbacks.MEETING_MOVE.pattern, on_move_button),
        (callbacks.MEETING_CANCEL.pattern, on_cancel_button),
    ),
    dialogs={AGENDA_KIND: on_agenda_text},
)
