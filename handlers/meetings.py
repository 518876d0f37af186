"""Meetings: /sitzung_neu (dialog), /termine, /naechste_sitzung, the group card, answers, .ics.

Coordinators' changes to a planned meeting live in `handlers.meeting_changes`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.error import Forbidden

from handlers.commands import Audience, Command, Feature, Where
from handlers.common import (
    Context,
    coordinator_dialog_press,
    e,
    edit_query_message,
    is_private,
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
from handlers.meeting_cards import announce
from rakbot import ics
from rakbot.domain.dates import (
    DateParseError,
    as_berlin,
    example_series,
    example_starts,
    format_date,
    format_long,
    format_time,
    localize,
    parse_german_datetime,
)
from rakbot.domain.field_limits import MEETING_PLACE
from rakbot.domain.meeting_rules import is_past
from rakbot.domain.public_holidays import holiday_name
from rakbot.domain.recurrence import (
    Recurrence,
    RecurrenceParseError,
    describe,
    on_weekends,
    parse_recurrence,
    rule_fits_start,
)
from rakbot.domain.text_input import (
    NONE_WORDS,
    AgendaTooLong,
    check_length,
    clean_line,
    parse_agenda,
)
from rakbot.i18n import N_, Translator
from rakbot.runtime import Runtime
from rakbot.services import dialogs, meeting_card, meeting_texts, meetings
from rakbot.services.dialogs import DialogState
from rakbot.services.meeting_texts import agenda_problem
from rakbot.services.meeting_views import Answer
from rakbot.telegram_markup import inline_keyboard
from rakbot.views import callbacks

KIND = "meeting_new"
ANSWER_CODES = {"y": Answer.YES, "n": Answer.NO, "p": Answer.PROXY}
_END_TIME = re.compile(r"^(?:bis\s+)?(\d{1,2})(?:[:.](\d{2}))?\s*(?:uhr)?$", re.IGNORECASE)


# ----- /sitzung_neu ---------------------------------------------------------------------------


async def begin(update: Update, context: Context) -> None:
    t = tr(update)
    if not await private_only(
        update, t("Sitzungen lege ich im privaten Chat an. Schreiben Sie mir direkt.")
    ):
        return
    if await require_coordinator(update, context) is None:
        return
    rt = runtime(context)
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    await dialogs.save(rt, chat_id, user_id, DialogState(KIND, "date", {}))
    example, words = example_starts(rt.clock.now())
    await update.effective_message.reply_text(
        t("Neue Sitzung. Mit /abbrechen können Sie jederzeit aufhören.")
        + "\n\n"
        + t(
            "Wann beginnt die Sitzung? Zum Beispiel „{example}“, „{words}“ oder "
            "„nächsten Mittwoch 9:30“.",
            example=example,
            words=words,
        )
    )


async def on_text(update: Update, context: Context, state: DialogState) -> None:
    """A typed answer to the step the dialog stands at (`_TEXT_STEPS`); at the confirmation
    only the buttons answer."""
    t = tr(update)
    step = _TEXT_STEPS.get(state.step)
    if step is None:
        await update.effective_message.reply_text(
            t("Bitte tippen Sie auf „Speichern“ oder „Abbrechen“ unter der Zusammenfassung.")
        )
        return
    text = (update.effective_message.text or "").strip()
    await step(update, runtime(context), dict(state.data), text)


async def _on_date(update: Update, rt: Runtime, data: dict[str, object], text: str) -> None:
    t = tr(update)
    try:
        start = parse_german_datetime(text, rt.clock.now())
    except DateParseError as error:
        problem = date_problem(t, error, rt.clock.now())
        await update.effective_message.reply_text(problem + "\n" + t("Bitte noch einmal."))
        return
    data["starts_at"] = start.astimezone(UTC).isoformat()
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    await dialogs.save(rt, chat_id, user_id, DialogState(KIND, "date_confirm", data))
    understood = t("Verstanden: {when}. Stimmt das?", when=format_long(start, t.lang))
    await update.effective_message.reply_text(
        "\n".join([understood, *_holiday_hints(t, [start])]),
        reply_markup=yes_no_keyboard(
            t, callbacks.MEETING_DIALOG.data("dok"), callbacks.MEETING_DIALOG.data("dno")
        ),
    )


async def _on_place(update: Update, rt: Runtime, data: dict[str, object], text: str) -> None:
    t = tr(update)
    place = clean_line(text)
    if check_length(place, MEETING_PLACE) is not None:
        await update.effective_message.reply_text(
            t("Bitte einen Ort oder Video-Link mit 2 bis 300 Zeichen.")
        )
        return
    data["place"] = place
    await _ask(update, rt, data, "agenda")


async def _on_agenda(update: Update, rt: Runtime, data: dict[str, object], text: str) -> None:
    try:
        data["agenda"] = list(parse_agenda(text))
    except AgendaTooLong as error:
        await update.effective_message.reply_text(agenda_problem(tr(update), error))
        return
    await _ask(update, rt, data, "end")


PROMPTS = {
    "place": N_("Wo findet die Sitzung statt? Ort oder Video-Link."),
    "agenda": N_("Tagesordnung: ein Punkt pro Zeile (oder „-“ für keine)."),
    "end": N_("Bis wann geht die Sitzung? Zum Beispiel „12:30“ (oder „-“ für offen)."),
    "recurrence": N_(
        "Wiederholt sich die Sitzung? Zum Beispiel „alle 6 Wochen“, "
        "„jeden ersten Mittwoch im Quartal“ oder eine Liste von Daten "
        "(„{dates}“). „-“ für einen einzelnen Termin."
    ),
}


async def _ask(update: Update, rt: Runtime, data: dict[str, object], step: str) -> None:
    t = tr(update)
    await dialogs.save(
        rt,
        update.effective_chat.id,
        update.effective_user.id,
        DialogState(KIND, step, data),
    )
    await update.effective_message.reply_text(
        t(PROMPTS[step], dates=example_series(rt.clock.now()))
    )


async def _on_end(update: Update, rt: Runtime, data: dict[str, object], text: str) -> None:
    t = tr(update)
    start = as_berlin(datetime.fromisoformat(str(data["starts_at"])))
    if text.lower() in NONE_WORDS:
        data["ends_at"] = None
    else:
        match = _END_TIME.match(text)
        hour, minute = (int(match[1]), int(match[2] or 0)) if match else (99, 0)
        if hour > 23 or minute > 59:
            await update.effective_message.reply_text(
                t("Diese Uhrzeit verstehe ich nicht. Beispiele: „12:30“ oder „13 Uhr“.")
            )
            return
        try:
            end = localize(start.date(), time(hour, minute))
        except DateParseError as error:
            problem = date_problem(t, error, rt.clock.now())
            await update.effective_message.reply_text(problem)
            return
        if end <= start:
            await update.effective_message.reply_text(
                t("Das Ende muss nach dem Beginn ({start}) liegen.", start=format_time(start))
            )
            return
        data["ends_at"] = end.astimezone(UTC).isoformat()
    await _ask(update, rt, data, "recurrence")


async def _on_recurrence(update: Update, rt: Runtime, data: dict[str, object], text: str) -> None:
    t = tr(update)
    start = datetime.fromisoformat(str(data["starts_at"]))
    if text.lower() in NONE_WORDS:
        data["recurrence"] = None
    else:
        try:
            parse_recurrence(text, start)
        except RecurrenceParseError:
            await update.effective_message.reply_text(
                t(
                    "Diese Wiederholung verstehe ich nicht. Beispiele: „alle 6 Wochen“ oder "
                    "„jeden ersten Mittwoch im Quartal“ – oder „-“ für einen einzelnen Termin."
                )
            )
            return
        data["recurrence"] = text
    try:
        draft = _draft(data)
        starts = meetings.meeting_starts(draft)
    except RecurrenceParseError:
        await update.effective_message.reply_text(t("Diese Wiederholung verstehe ich nicht."))
        return
    past = [moment for moment in starts if is_past(moment, rt.clock.now())]
    if past:
        await update.effective_message.reply_text(
            t(
                "{when} liegt in der Vergangenheit. Bitte nur künftige Termine angeben – oder "
                "„-“ für einen einzelnen Termin.",
                when=format_long(past[0], t.lang),
            )
        )
        return
    await dialogs.save(
        rt,
        update.effective_chat.id,
        update.effective_user.id,
        DialogState(KIND, "confirm", data),
    )
    lines = [t("<b>Bitte prüfen Sie die neue Sitzung:</b>")]
    lines.append(meeting_texts.when_line(t, draft.starts_at, draft.ends_at))
    lines += meeting_texts.where_line(t, draft.place, draft.video_url)
    lines += meeting_texts.agenda_lines(t, draft.agenda)
    if draft.recurrence is not None:
        rec = parse_recurrence(draft.recurrence, draft.starts_at)
        if rec.rule is None:
            lines.append(t("Termine der Reihe ({n}):", n=len(starts)))
        else:
            rule = e(describe(rec, t.lang))
            lines.append(t("Wiederholung: {rule} – {n} Termine:", rule=rule, n=len(starts)))
        lines += [f"• {e(format_long(moment, t.lang))}" for moment in starts]
        lines += _series_hints(t, rec, draft.starts_at, starts)
    await update.effective_message.reply_html(
        "\n".join(lines)[:4000],
        reply_markup=InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        t("✅ Speichern"), callback_data=callbacks.MEETING_DIALOG.data("save")
                    ),
                    InlineKeyboardButton(
                        t("✖ Abbrechen"), callback_data=callbacks.MEETING_DIALOG.data("cancel")
                    ),
                ]
            ]
        ),
    )


def _holiday_hints(t: Translator, starts: list[datetime]) -> list[str]:
    return [
        t(
            "Hinweis: Der {day} ist ein Feiertag ({name}).",
            day=format_date(moment, t.lang),
            name=name,
        )
        for moment in starts
        if (name := holiday_name(moment, t.lang)) is not None
    ]


def _series_hints(
    t: Translator, rec: Recurrence, start: datetime, starts: list[datetime]
) -> list[str]:
    """What the office may not have meant: a first date outside the rule, weekend dates."""
    hints = []
    if not rule_fits_start(rec, start):
        hints.append(
            t(
                "Hinweis: Der erste Termin gehört nicht zur Regel; die Reihe geht danach mit "
                "den Terminen der Regel weiter."
            )
        )
    hints += _holiday_hints(t, starts)
    weekend = on_weekends(starts)
    if weekend:
        hints.append(
            t.plural(
                "Hinweis: {n} Termin fällt auf ein Wochenende.",
                "Hinweis: {n} Termine fallen auf ein Wochenende.",
                len(weekend),
            )
        )
    return hints


def _draft(data: dict[str, object]) -> meetings.MeetingDraft:
    place = str(data.get("place") or "")
    is_link = place.lower().startswith(("http://", "https://"))
    ends = data.get("ends_at")
    return meetings.MeetingDraft(
        starts_at=datetime.fromisoformat(str(data["starts_at"])),
        ends_at=datetime.fromisoformat(str(ends)) if ends else None,
        place=None if is_link else place or None,
        video_url=place if is_link else None,
        agenda=tuple(str(item) for item in data.get("agenda") or ()),  # type: ignore[attr-defined]
        recurrence=str(data["recurrence"]) if data.get("recurrence") else None,
    )


#: the typed answers of the dialog, by the step they answer (the date again while it is being
#: confirmed)
_TEXT_STEPS: dict[str, Callable[[Update, Runtime, dict[str, object], str], Awaitable[None]]] = {
    "date": _on_date,
    "date_confirm": _on_date,
    "place": _on_place,
    "agenda": _on_agenda,
    "end": _on_end,
    "recurrence": _on_recurrence,
}


async def on_dialog_button(update: Update, context: Context) -> None:
    expected = {"dok": "date_confirm", "dno": "date_confirm", "save": "confirm", "cancel": None}
    press = await coordinator_dialog_press(
        update, context, KIND, callbacks.MEETING_DIALOG, expected
    )
    if press is None:
        return
    query, who, state, action = update.callback_query, press.who, press.state, press.action
    t = tr(update)
    rt = runtime(context)
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    if action == "cancel":
        await dialogs.end(rt, chat_id, user_id)
        await query.answer()
        await query.edit_message_text(t("Abgebrochen. Nichts wurde gespeichert."))
        return
    if state.step != expected[action]:
        await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
        return
    await query.answer()
    if action == "dno":
        await dialogs.save(rt, chat_id, user_id, DialogState(KIND, "date", state.data))
        await query.edit_message_text(t("Bitte geben Sie Datum und Uhrzeit noch einmal ein."))
        return
    if action == "dok":
        await query.edit_message_reply_markup(None)
        await _ask(update, rt, dict(state.data), "place")
        return
    draft = _draft(state.data)
    if is_past(draft.starts_at, rt.clock.now()):
        await dialogs.save(rt, chat_id, user_id, DialogState(KIND, "date", state.data))
        await query.edit_message_text(
            t("Der Beginn liegt inzwischen in der Vergangenheit. Bitte ein neues Datum eingeben.")
        )
        return
    await dialogs.end(rt, chat_id, user_id)
    created = await meetings.create(rt, who.committee_id, draft, actor_member_id=who.member_id)
    await query.edit_message_text(
        t.plural("Gespeichert: {n} Sitzung.", "Gespeichert: {n} Sitzungen.", len(created.meetings))
    )
    if created.group_chat_id is None:
        await update.effective_message.reply_text(
            t(
                "Es ist noch keine Gruppe verbunden (/gruppe_verbinden in der Gruppe), daher "
                "gibt es keine Ankündigung dort. Die Sitzungen stehen unter /termine."
            )
        )
    else:
        for view in created.meetings:
            await announce(context, view, created.group_chat_id)
    rt.wake_outbox()


# ----- the group card and answers --------------------------------------------------------------


async def on_answer(update: Update, context: Context) -> None:
    query = update.callback_query
    t = tr(update)
    pressed = callbacks.MEETING_ANSWER.parse(query.data)
    if pressed is None or pressed.word(1) not in ANSWER_CODES:
        await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
        return
    who = await require_member(update, context)
    if who is None:
        return
    answer = ANSWER_CODES[pressed.word(1)]
    result = await meetings.answer(
        runtime(context), who.committee_id, pressed.number(0), who.member_id, answer
    )
    outcome = meetings.AnswerOutcome
    if result.outcome is outcome.UNKNOWN:
        await query.answer(t("Diese Sitzung gibt es nicht mehr."), show_alert=True)
        return
    if result.outcome is outcome.CLOSED:
        await query.answer(
            t("Für diese Sitzung sind keine Antworten mehr möglich."), show_alert=True
        )
        return
    if result.outcome is outcome.NO_PROXY:
        await query.answer(
            t(
                "„Stellvertretung kommt“ sagt die Vertretung einer Institution (die "
                "stimmberechtigte Person), wenn an ihrer Stelle die Stellvertretung kommt. "
                "Bitte antworten Sie mit Zusage oder Absage."
            ),
            show_alert=True,
        )
        return
    labels = {
        Answer.YES: t("Zusage gespeichert."),
        Answer.NO: t("Absage gespeichert."),
        Answer.PROXY: t("Gespeichert: Ihre Stellvertretung kommt."),
    }
    await query.answer(labels[answer])
    if result.outcome is outcome.SAVED:
        runtime(context).wake_outbox()
        if is_private(update) and result.meeting is not None:
            # a card from /naechste_sitzung: the group card is edited by the outbox, this
            # copy here and now
            await edit_query_message(
                query,
                meeting_texts.card(t.lang, result.meeting),
                parse_mode="HTML",
                reply_markup=inline_keyboard(meeting_card.card_keyboard(t, result.meeting)),
            )


async def on_ics(update: Update, context: Context) -> None:
    query = update.callback_query
    t = tr(update)
    pressed = callbacks.MEETING_FILE.parse(query.data)
    if pressed is None:
        await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
        return
    who = await require_member(update, context)
    if who is None:
        return
    sent = await send_ics(context, who.committee_id, pressed.number(), update.effective_user.id, t)
    if sent is None:
        await query.answer(t("Diese Sitzung gibt es nicht mehr."), show_alert=True)
    elif not sent:
        await query.answer(
            t("Bitte schreiben Sie mir zuerst privat (/start), dann schicke ich die Datei."),
            show_alert=True,
        )
    else:
        await query.answer(t("Die Kalenderdatei ist in Ihrem privaten Chat."))


async def send_ics(
    context: Context, committee_id: int, meeting_id: int, chat_id: int, t: Translator
) -> bool | None:
    """Send the meeting's .ics; None if there is no such meeting, False if the chat refused."""
    data = await meetings.ics_file(runtime(context), committee_id, meeting_id, t("Sitzung des RAK"))
    if data is None:
        return None
    try:
        await context.bot.send_document(
            chat_id,
            InputFile(data, filename=ics.filename(meeting_id)),
            caption=t("Zum Import in Outlook oder einen anderen Kalender."),
        )
    except Forbidden:
        return False
    return True


# ----- lists ------------------------------------------------------------------------------------


async def list_meetings(update: Update, context: Context) -> None:
    t = tr(update)
    who = await require_member(update, context)
    if who is None:
        return
    old = bool(context.args) and context.args[0].lower() in ("alt", "alte", "vergangen", "past")
    views = await meetings.listing(runtime(context), who.committee_id, past=old)
    if not views:
        text = t("Keine vergangenen Sitzungen.") if old else t("Keine Sitzungen geplant.")
        await update.effective_message.reply_text(text)
        return
    head = t("<b>Vergangene Sitzungen:</b>") if old else t("<b>Kommende Sitzungen:</b>")
    lines = [head, *(meeting_texts.list_line(t.lang, view) for view in views)]
    if not old:
        lines.append(t("Vergangene Sitzungen: /termine alt"))
    for part in split_message("\n".join(lines)):
        await update.effective_message.reply_html(part)


async def next_meeting(update: Update, context: Context) -> None:
    t = tr(update)
    who = await require_member(update, context)
    if who is None:
        return
    view = await meetings.next_meeting(runtime(context), who.committee_id)
    if view is None:
        await update.effective_message.reply_text(t("Keine Sitzungen geplant."))
        return
    await update.effective_message.reply_html(
        meeting_texts.card(t.lang, view),
        reply_markup=inline_keyboard(meeting_card.card_keyboard(t, view)),
    )


async def ics_command(update: Update, context: Context) -> None:
    t = tr(update)
    who = await require_member(update, context)
    if who is None:
        return
    args = context.args or []
    meeting_id = number_arg(context)
    if args and (meeting_id is None or len(args) > 1):
        await update.effective_message.reply_text(
            t("So geht es: /sitzung_ics 3 – oder /sitzung_ics für die nächste Sitzung.")
        )
        return
    if meeting_id is None:
        view = await meetings.next_meeting(runtime(context), who.committee_id)
        meeting_id = view.id if view is not None else None
    # always into the private chat: typed in the group, the file must not land there
    sent = None
    if meeting_id is not None:
        sent = await send_ics(context, who.committee_id, meeting_id, update.effective_user.id, t)
    if sent is None:
        await update.effective_message.reply_text(t("Keine passende Sitzung gefunden."))
    elif not sent:
        await update.effective_message.reply_text(
            t("Bitte schreiben Sie mir zuerst privat (/start), dann schicke ich die Datei.")
        )
    elif not is_private(update):
        await update.effective_message.reply_text(
            t("Die Kalenderdatei ist in Ihrem privaten Chat.")
        )


FEATURE = Feature(
    commands=(
        Command(
            "termine",
            N_("Kommende Sitzungen (/termine alt: vergangene)"),
            Audience.MEMBER,
            list_meetings,
            Where.BOTH,
            ("meetings",),
        ),
        Command(
            "naechste_sitzung",
            N_("Die nächste Sitzung mit Tagesordnung und Zusagen"),
            Audience.MEMBER,
            next_meeting,
            Where.BOTH,
            ("next_meeting",),
        ),
        Command(
            "sitzung_ics",
            N_("Kalenderdatei (.ics) einer Sitzung"),
            Audience.MEMBER,
            ics_command,
            Where.PRIVATE,
        ),
        Command(
            "sitzung_neu", N_("Neue Sitzung planen"), Audience.COORDINATOR, begin, Where.PRIVATE
        ),
    ),
    buttons=(
        (callbacks.MEETING_DIALOG.pattern, on_dialog_button),
        (callbacks.MEETING_ANSWER.pattern, on_answer),
        (callbacks.MEETING_FILE.pattern, on_ics),
    ),
    dialogs={KIND: on_text},
)
