"""Voting: the buttons `v:<ballot>:<code>` on the group message and in the private chat,
/abstimmen (the ballot in the private chat), /befangen, /abstimmung_schliessen, /ergebnisse
and /niederschrift. The new-ballot dialog lives in `handlers.ballot_setup`."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.error import BadRequest, Forbidden, TelegramError

from handlers.commands import Audience, Command, Feature, Where
from handlers.common import (
    Context,
    e,
    is_private,
    number_arg,
    person,
    private_coordinator,
    private_only,
    require_coordinator,
    require_member,
    runtime,
    split_message,
    tr,
)
from rakbot.domain.ballot_press import Action, parse_press
from rakbot.domain.dates import format_date, format_short
from rakbot.domain.voting import VoteRefusal, VoterRole
from rakbot.i18n import N_, Translator
from rakbot.runtime import Runtime
from rakbot.services import ballots, meeting_minutes
from rakbot.services.ballot_minutes import minutes_of
from rakbot.services.ballot_render import Counting, result_line
from rakbot.services.ballot_render_kinds import describe_choice
from rakbot.services.ballot_render_private import (
    ROLE_LABELS,
    PrivateView,
    counting_line,
    first_open_option,
    private_keyboard,
    private_text,
)
from rakbot.services.ballots import Answer, Reply
from rakbot.services.meeting_minutes import Refusal
from rakbot.services.people import Person
from rakbot.telegram_markup import inline_keyboard
from rakbot.views import callbacks
from rakbot.views.callbacks import CONFLICT_CODES, VoteButton, VoteCode
from rakbot.views.markup import Button, Keyboard

log = logging.getLogger(__name__)
NO_SUCH_BALLOT = N_("Eine Abstimmung mit dieser Nummer gibt es nicht.")
#: `/start b<ballot>`: the deep link that opens a ballot in the private chat
START_PREFIX = "b"
_START = re.compile(rf"{START_PREFIX}(\d{{1,9}})")

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
    Answer.OWN_PROPOSAL: N_(
        "Ihre Institution hat diesen Antrag gestellt und bewertet ihn deshalb nicht."
    ),
    Answer.NOT_EXCLUDED: N_("Ihre Institution ist bei diesem Punkt nicht befangen."),
    Answer.APPLICANT: N_(
        "Ihre Institution hat den Antrag gestellt; diese Befangenheit lässt sich nicht "
        "zurücknehmen."
    ),
}


def _refusal_text(t: Translator, reply: Reply) -> str:
    if reply.answer is Answer.REFUSED and reply.refusal is not None:
        return t(REFUSALS[reply.refusal])
    if reply.answer is Answer.REPRESENTATIVE_VOTED and reply.counting is not None:
        return _counts(t, reply, reply.counting)
    if reply.answer is Answer.TOO_MANY:
        return t(
            "Höchstens {n} Optionen sind erlaubt. Bitte erst eine andere abwählen.",
            n=reply.limit,
        )
    return t(ANSWERS.get(reply.answer, ANSWERS[Answer.UNKNOWN_BALLOT]))


def _described(t: Translator, reply: Reply) -> str:
    return describe_choice(t, reply.kind, reply.options, reply.choice)


def _counts(t: Translator, reply: Reply, counting: Counting) -> str:
    """Whose vote counts for the presser's institution, and why (plain text)."""
    return html.unescape(counting_line(t, reply.kind, reply.options, counting, reply.role))


def _replaced(t: Translator, reply: Reply) -> str:
    """ "Sie ersetzt die Stimme von …" when this vote took the place of another member's."""
    if reply.replaced is None:
        return ""
    return t(
        "Sie ersetzt die Stimme von {name} ({role}).",
        name=reply.replaced.voter,
        role=t(ROLE_LABELS[reply.replaced.role]),
    )


# ----- the ballot in the private chat ------------------------------------------------------------


@dataclass(frozen=True)
class _Shown:
    text: str
    markup: InlineKeyboardMarkup | None = None
    refused: bool = False


async def _private_view(
    update: Update, context: Context, ballot_id: int, focus: int | None = None
) -> _Shown | None:
    """Text and buttons of the ballot for this member (or why they may not vote), or None if
    there is no such ballot in their committee."""
    t = tr(update)
    who = await person(update, context)
    assert who is not None
    found = await ballots.own_choice(
        runtime(context), who.committee_id, ballot_id, who.telegram_user_id, t.lang
    )
    if found is None:
        return None
    view, own, refusal = found.view, found.own, found.refusal
    if refusal is VoteRefusal.EXCLUDED_CONFLICT and found.declared:
        return _Shown(
            t(REFUSALS[refusal])
            + "\n"
            + t("Sie können die Befangenheit zurücknehmen, solange die Abstimmung läuft."),
            _withdraw_markup(t, ballot_id),
            refused=True,
        )
    if refusal is not None and refusal is not VoteRefusal.BALLOT_CLOSED:
        return _Shown(t(REFUSALS[refusal]), refused=True)
    count = max(1, len(view.options))
    chosen = focus if focus is not None and 1 <= focus <= count else first_open_option(view, own)
    pv = PrivateView(view, own, chosen, found.role, found.counting)
    return _Shown(private_text(t, pv), inline_keyboard(private_keyboard(t, pv)))


async def _send_private(update: Update, context: Context, ballot_id: int) -> bool:
    """Send the ballot to the member's private chat; False if Telegram does not let us."""
    t = tr(update)
    shown = await _private_view(update, context, ballot_id)
    text, markup = (shown.text, shown.markup) if shown else (t(NO_SUCH_BALLOT), None)
    try:
        await context.bot.send_message(
            update.effective_user.id, text, parse_mode="HTML", reply_markup=markup
        )
    except Forbidden:
        return False
    return True


async def _open_privately(update: Update, context: Context, ballot_id: int) -> None:
    query = update.callback_query
    t = tr(update)
    shown = await _private_view(update, context, ballot_id)
    if shown is None:
        await query.answer(t(ANSWERS[Answer.UNKNOWN_BALLOT]), show_alert=True)
        return
    if shown.refused and shown.markup is None:
        await query.answer(shown.text[:200], show_alert=True)
        return
    if await _send_private(update, context, ballot_id):
        if not is_private(update):
            await query.answer(t("Ich habe Ihnen die Abstimmung im privaten Chat geschickt."))
        else:
            await query.answer()
        return
    # No private chat yet: Telegram opens the bot with this start parameter.
    await query.answer(url=f"https://t.me/{context.bot.username}?start={START_PREFIX}{ballot_id}")


async def vote_command(update: Update, context: Context) -> None:
    """/abstimmen [Nr.]: a ballot in the private chat, or the list of running ballots."""
    who = await require_member(update, context)
    if who is None:
        return
    t = tr(update)
    message = update.effective_message
    if not await private_only(update, t("Bitte schreiben Sie mir dafür im privaten Chat.")):
        return
    args = context.args or []
    number = number_arg(context)
    if len(args) == 1 and number is not None:
        await _reply_private(update, context, number)
        return
    running = await ballots.open_ballots(runtime(context), who.committee_id)
    if args or not running:
        await message.reply_text(
            t("Gerade läuft keine Abstimmung.")
            if not args
            else t("Bitte mit der Nummer der Abstimmung, z. B. /abstimmen 3")
        )
        return
    rows = [
        [
            Button(
                t("Nr. {id}: {question}", id=bid, question=question)[:60],
                callbacks.vote(bid, VoteCode.OPEN_PRIVATE),
            )
        ]
        for bid, question in running[:20]
    ]
    await message.reply_text(
        t("Laufende Abstimmungen – bitte eine antippen:"),
        reply_markup=inline_keyboard(Keyboard.of(rows)),
    )


async def _reply_private(update: Update, context: Context, ballot_id: int) -> None:
    t = tr(update)
    shown = await _private_view(update, context, ballot_id)
    if shown is None:
        await update.effective_message.reply_text(t(NO_SUCH_BALLOT))
        return
    await update.effective_message.reply_html(shown.text, reply_markup=shown.markup)


def start_payload(args: list[str]) -> int | None:
    """The ballot of a `/start b<Nr.>` deep link, or None for any other start parameter."""
    match = _START.fullmatch(args[0]) if len(args) == 1 else None
    return int(match[1]) if match else None


async def open_from_link(update: Update, context: Context, ballot_id: int) -> None:
    """`/start b<Nr.>` from the link the group button hands out."""
    if await require_member(update, context) is None:
        return
    await _reply_private(update, context, ballot_id)


async def _refresh_private(
    update: Update, context: Context, ballot_id: int, focus: int | None
) -> None:
    shown = await _private_view(update, context, ballot_id, focus)
    if shown is None:
        return
    try:
        await update.callback_query.edit_message_text(
            shown.text, parse_mode="HTML", reply_markup=shown.markup
        )
    except BadRequest as error:  # the message shows exactly this already
        log.info("private ballot view unchanged: %s", error)


# ----- voting ------------------------------------------------------------------------------------


async def on_vote_button(update: Update, context: Context) -> None:
    """`v:<ballot>:<code>`; everything is checked again in the database by the service."""
    query = update.callback_query
    t = tr(update)
    button = callbacks.parse_vote(query.data)
    who = await person(update, context)
    assert who is not None
    if button is None:
        await query.answer(t(ANSWERS[Answer.UNKNOWN_BALLOT]), show_alert=True)
        return
    # A vote in the group: the service checks the message in the vote's own unit of work.
    posted_as = _group_vote_message(update, button)
    if posted_as is None and not await _fits_message(update, context, who.committee_id, button):
        await query.answer(t(ANSWERS[Answer.UNKNOWN_BALLOT]), show_alert=True)
        return
    if button.action is not None:
        await _ACTIONS[button.action](update, context, who.committee_id, button)
    elif button.focus is not None:
        await _on_focus(update, context, who.committee_id, button)
    else:
        await _on_press(update, context, who, button, posted_as)


async def _on_open(update: Update, context: Context, _committee: int, button: VoteButton) -> None:
    await _open_privately(update, context, button.ballot_id)


async def _on_focus(update: Update, context: Context, _committee: int, button: VoteButton) -> None:
    """`g<i>`: another option of the private scoring view; only there."""
    query = update.callback_query
    if not is_private(update):
        await query.answer(tr(update)(ANSWERS[Answer.UNKNOWN_BALLOT]), show_alert=True)
        return
    await query.answer()
    await _refresh_private(update, context, button.ballot_id, button.focus)


async def _on_close(update: Update, context: Context, committee: int, button: VoteButton) -> None:
    t = tr(update)
    reply = await ballots.close_early(
        runtime(context), committee, button.ballot_id, update.effective_user.id
    )
    await _answered(update, context, button.ballot_id, reply, t("Abstimmung geschlossen."))


async def _on_consent(update: Update, context: Context, committee: int, button: VoteButton) -> None:
    t = tr(update)
    agree = button.action is VoteCode.AGREE
    reply = await ballots.answer_consent(
        runtime(context), committee, button.ballot_id, update.effective_user.id, agree=agree
    )
    done = (
        t("Zustimmung zum Umlaufverfahren erfasst.")
        if agree
        else t("Widerspruch erfasst. Das Umlaufverfahren ist beendet.")
    )
    await _answered(update, context, button.ballot_id, reply, done)


async def _answered(
    update: Update, context: Context, ballot_id: int, reply: Reply, done: str
) -> None:
    """Close and consent: the refusal, or the confirmation and a nudge to the outbox; a private
    view shows the new state."""
    query = update.callback_query
    if reply.answer not in (Answer.RECORDED, Answer.UNCHANGED):
        await query.answer(_refusal_text(tr(update), reply)[:200], show_alert=True)
        return
    await query.answer(done[:200])
    runtime(context).wake_outbox()
    if is_private(update) and reply.answer is not Answer.UNCHANGED:
        await _refresh_private(update, context, ballot_id, None)


async def _on_press(
    update: Update, context: Context, who: Person, button: VoteButton, posted_as: int | None
) -> None:
    """A vote: record it, confirm it (in the group: privately too), refresh the private view.
    `posted_as` is the group message pressed, checked by the service in the vote's own unit."""
    query = update.callback_query
    t = tr(update)
    rt = runtime(context)
    code = button.code
    reply = await ballots.cast(
        rt,
        who.committee_id,
        button.ballot_id,
        update.effective_user.id,
        code,
        t.lang,
        who=who,
        posted_as=posted_as,
    )
    if reply.answer not in (Answer.RECORDED, Answer.UNCHANGED):
        await query.answer(_refusal_text(t, reply)[:200], show_alert=True)
        return
    await query.answer(_vote_answer(t, reply)[:200])
    rt.wake_outbox()
    private = is_private(update)
    if reply.choice is not None and reply.answer is Answer.RECORDED and not private:
        await _confirm_privately(update, context, t, reply)
    if private:
        focus = _next_focus(code, reply)
        press = parse_press(code)
        stays = focus is None or (press is not None and press.index == focus)
        if reply.answer is not Answer.UNCHANGED or not stays:
            # An unchanged vote on the same option would edit the view into itself.
            await _refresh_private(update, context, button.ballot_id, focus)


def _vote_answer(t: Translator, reply: Reply) -> str:
    """The short answer to a recorded press: the vote, and whose it replaced or what counts."""
    if reply.choice is None:
        return ""
    done = t("Ihre Stimme: {choice}", choice=_described(t, reply))
    if reply.replaced is not None:
        done += " – " + _replaced(t, reply)
    elif reply.role is VoterRole.DEPUTY and reply.counting is not None:
        done += " – " + _counts(t, reply, reply.counting)
    return done


def _group_vote_message(update: Update, button: VoteButton) -> int | None:
    """The message a vote pressed in the group sits on (None for other presses)."""
    message = update.callback_query.message
    if is_private(update) or message is None or button.press is None:
        return None
    return message.message_id


async def _fits_message(
    update: Update, context: Context, committee_id: int, button: VoteButton
) -> bool:
    """The press names the ballot of the message it sits on. In the group: the ballot's posted
    message. In the private chat (views, lists, confirmations, no database record of them): a
    ballot that the message's own buttons name."""
    message = update.callback_query.message
    if message is None:
        return False
    if not is_private(update):
        return await ballots.posted_as(
            runtime(context), committee_id, button.ballot_id, message.message_id
        )
    markup = getattr(message, "reply_markup", None)
    named = {
        callbacks.ballot_of(data)
        for row in (markup.inline_keyboard if markup else ())
        for shown in row
        if isinstance(data := shown.callback_data, str)
    }
    return button.ballot_id in named


def _withdraw_markup(t: Translator, ballot_id: int) -> InlineKeyboardMarkup | None:
    withdraw = callbacks.vote(ballot_id, VoteCode.CONFLICT_WITHDRAW)
    return inline_keyboard(Keyboard.of([[Button(t("Befangenheit zurücknehmen"), withdraw)]]))


async def _on_conflict_button(
    update: Update, context: Context, committee_id: int, button: VoteButton
) -> None:
    """ "Befangen erklären" asks first, in the private chat (the group message is everyone's);
    the confirmation stores it, and it can be taken back while the ballot runs."""
    query = update.callback_query
    t = tr(update)
    rt = runtime(context)
    user_id = update.effective_user.id
    ballot_id, code = button.ballot_id, button.action
    if code is VoteCode.CONFLICT_NO:
        await query.answer()
        await query.edit_message_text(
            t("Nicht erklärt – Ihre Institution stimmt bei diesem Punkt weiter mit.")
        )
        return
    if code is VoteCode.CONFLICT_WITHDRAW:
        reply = await ballots.withdraw_conflict(rt, committee_id, ballot_id, user_id)
    else:
        reply = await ballots.declare_conflict(
            rt, committee_id, ballot_id, user_id, confirmed=code is VoteCode.CONFLICT_YES
        )
    if reply.answer not in (Answer.RECORDED, Answer.CONFIRM):
        await query.answer(_refusal_text(t, reply)[:200], show_alert=True)
        return
    if reply.answer is Answer.CONFIRM:
        await _ask_conflict(update, context, reply)
        return
    rt.wake_outbox()
    await query.answer()
    if code is VoteCode.CONFLICT_WITHDRAW:
        await query.edit_message_text(
            t(
                "Befangenheit zurückgenommen. Ihre Institution kann bei Abstimmung Nr. {id} "
                "wieder abstimmen.",
                id=ballot_id,
            )
        )
        return
    await query.edit_message_text(
        t(
            "Befangenheit erklärt. Ihre Institution stimmt bei Abstimmung Nr. {id} nicht mit. "
            "Sie können das zurücknehmen, solange die Abstimmung läuft.",
            id=ballot_id,
        ),
        reply_markup=_withdraw_markup(t, ballot_id),
    )


async def _ask_conflict(update: Update, context: Context, reply: Reply) -> None:
    """The question "really befangen?" with Ja / Abbrechen, in the private chat; from the group
    without a private chat yet, the deep link opens the ballot there."""
    query = update.callback_query
    t = tr(update)
    ballot_id = reply.ballot_id
    text = t(
        "Befangenheit bei Abstimmung Nr. {id} „{question}“ erklären? Ihre Institution stimmt "
        "dann bei diesem Punkt nicht mit.",
        id=ballot_id,
        question=e(reply.question),
    )
    markup = inline_keyboard(
        Keyboard.of(
            [
                [
                    Button(t("Ja, befangen"), callbacks.vote(ballot_id, VoteCode.CONFLICT_YES)),
                    Button(t("Abbrechen"), callbacks.vote(ballot_id, VoteCode.CONFLICT_NO)),
                ]
            ]
        )
    )
    try:
        await context.bot.send_message(
            update.effective_user.id, text, parse_mode="HTML", reply_markup=markup
        )
    except Forbidden:
        await query.answer(
            url=f"https://t.me/{context.bot.username}?start={START_PREFIX}{ballot_id}"
        )
        return
    await query.answer(None if is_private(update) else t("Bitte bestätigen Sie im privaten Chat."))


def _next_focus(code: str, reply: Reply) -> int | None:
    """After scoring an option the private view moves on to the next one."""
    press = parse_press(code)
    if press is None or press.action is not Action.SCORE:
        return None
    return min(press.index + 1, len(reply.options))


async def _confirm_privately(update: Update, context: Context, t: Translator, reply: Reply) -> None:
    """The voter's own record of what the bot stored; silently skipped if they never started
    a private chat with the bot."""
    assert reply.choice is not None
    lines = [
        t(
            "Ich habe Ihre Stimme erfasst: {choice}\nAbstimmung Nr. {id}: {question}",
            choice=_described(t, reply),
            id=reply.ballot_id,
            question=e(reply.question),
        )
    ]
    if reply.counting is not None:
        lines.append(e(_counts(t, reply, reply.counting)))
    if reply.replaced is not None:
        lines.append(e(_replaced(t, reply)))
    if reply.closed_now:
        lines.append(t("Damit haben alle abgestimmt: Die Abstimmung ist geschlossen."))
    else:
        lines.append(t("Sie können sie bis zum Ende der Abstimmung ändern."))
    text = "\n".join(lines)
    try:
        await context.bot.send_message(update.effective_user.id, text, parse_mode="HTML")
    except Forbidden:
        log.info("no private chat with voter %s", update.effective_user.id)
    except TelegramError as error:
        # The vote is stored and the button press was answered; only the copy is missing.
        log.warning("vote confirmation to %s not sent: %s", update.effective_user.id, error)


#: a ballot action of `rakbot.services.ballots` taking (runtime, committee, ballot, user)
BallotAction = Callable[[Runtime, int, int, int], Awaitable[Reply]]


async def _act_on_ballot(
    update: Update,
    context: Context,
    committee_id: int,
    action: BallotAction,
    usage: str,
    done: Callable[[int | None], str],
) -> None:
    """The shared shape of `/befangen 3` and `/abstimmung_schliessen 3`: one number, the
    action, the refusal or the confirmation, then the outbox refreshes the group message."""
    number = number_arg(context)
    if len(context.args or []) != 1 or number is None:
        await update.effective_message.reply_text(usage)
        return
    reply = await action(runtime(context), committee_id, number, update.effective_user.id)
    if reply.answer is Answer.UNKNOWN_BALLOT:
        t = tr(update)
        await update.effective_message.reply_text(t(NO_SUCH_BALLOT))
        return
    if reply.answer is not Answer.RECORDED:
        await update.effective_message.reply_text(_refusal_text(tr(update), reply))
        return
    await update.effective_message.reply_text(done(reply.ballot_id))
    runtime(context).wake_outbox()


async def conflict_command(update: Update, context: Context) -> None:
    """/befangen <Nr.>: declare a conflict of interest before voting."""
    who = await require_member(update, context)
    if who is None:
        return
    t = tr(update)
    await _act_on_ballot(
        update,
        context,
        who.committee_id,
        ballots.declare_conflict,
        t("Bitte mit der Nummer der Abstimmung, z. B. /befangen 3"),
        lambda ballot_id: t(
            "Befangenheit erklärt. Ihre Institution stimmt bei Abstimmung Nr. {id} nicht mit. "
            "Zurücknehmen können Sie das im privaten Chat mit /abstimmen {id}.",
            id=ballot_id,
        ),
    )


async def close_command(update: Update, context: Context) -> None:
    """/abstimmung_schliessen <Nr.>: close early (office only)."""
    who = await require_coordinator(update, context)
    if who is None:
        return
    t = tr(update)
    await _act_on_ballot(
        update,
        context,
        who.committee_id,
        ballots.close_early,
        t("Bitte mit der Nummer der Abstimmung, z. B. /abstimmung_schliessen 3"),
        lambda ballot_id: t(
            "Abstimmung Nr. {id} ist geschlossen; das Ergebnis geht an die Gruppe.",
            id=ballot_id,
        ),
    )


async def results(update: Update, context: Context) -> None:
    """/ergebnisse: the archive of closed ballots, newest first."""
    who = await require_member(update, context)
    if who is None:
        return
    t = tr(update)
    items = await ballots.archive(runtime(context), who.committee_id)
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


_MINUTES_NUMBER = re.compile(r"[0-9]{1,9}")
#: `/niederschrift sitzung <Nr.>`: the word that selects a meeting instead of a ballot
MEETING_WORDS = frozenset({"sitzung", "meeting"})
#: the last word of `/niederschrift sitzung …` that picks the file: PDF and DOCX, or Markdown
MINUTES_FORMATS = {"pdf": "pdf", "docx": "pdf", "md": "md", "text": "md", "markdown": "md"}
MINUTES_REFUSALS = {
    Refusal.UNKNOWN: N_("Eine Sitzung Nr. {id} gibt es nicht. Vergangene Sitzungen: /termine alt"),
    Refusal.NOT_YET: N_(
        "Die Sitzung Nr. {id} hat noch nicht begonnen. Eine Niederschrift gibt es ab ihrem Beginn."
    ),
    Refusal.CANCELLED: N_("Die Sitzung Nr. {id} wurde abgesagt; dazu gibt es keine Niederschrift."),
}
NO_MEETING_HELD = N_("Es hat noch keine Sitzung stattgefunden.")


def _minutes_usage(t: Translator) -> str:
    return t(
        "So geht es:\n"
        "/niederschrift sitzung 3 – Niederschrift der Sitzung Nr. 3 (PDF und DOCX)\n"
        "/niederschrift sitzung 3 md – dieselbe als Text (Markdown)\n"
        "/niederschrift sitzung – Niederschrift der letzten Sitzung\n"
        "/niederschrift 5 – Niederschrift der Abstimmung Nr. 5"
    )


def _number(text: str) -> int | None:
    return int(text) if _MINUTES_NUMBER.fullmatch(text) else None


async def minutes_command(update: Update, context: Context) -> None:
    """/niederschrift <Nr.>: the record of a ballot; /niederschrift sitzung [<Nr.>]: the record
    of a meeting (without a number: the latest one held); without arguments: how it works, with
    a button for the latest meeting. A meeting's record comes as PDF and DOCX (Markdown with
    `md` at the end), a ballot's as Markdown; for the office, in its private chat only: they
    name who voted what."""
    t = tr(update)
    who = await private_coordinator(
        update,
        context,
        t("Niederschriften schicke ich nur im privaten Chat – schreiben Sie mir direkt."),
    )
    if who is None:
        return
    message = update.effective_message
    args = context.args or []
    if args and args[0].casefold() in MEETING_WORDS:
        await _meeting_minutes_command(update, context, who, args[1:])
        return
    ballot_id = _number(args[0]) if len(args) == 1 else None
    if ballot_id is None:
        await _offer_latest(update, context, who, t)
        return
    text = await minutes_of(runtime(context), who.committee_id, ballot_id, t.lang, who.member_id)
    if text is None:
        await message.reply_text(t(NO_SUCH_BALLOT) + "\n" + _minutes_usage(t))
        return
    await message.reply_document(
        text.encode("utf-8"),
        filename=f"niederschrift-abstimmung-{ballot_id}.md",
        caption=t("Niederschrift zu Abstimmung Nr. {id}", id=ballot_id),
    )


def _meeting_request(args: list[str]) -> tuple[int | None, str] | None:
    """`[<Nr.>] [pdf|md]` after `sitzung`: the meeting (None: the latest held) and the format;
    None when the words do not fit."""
    words = [arg.casefold() for arg in args]
    fmt = words.pop() if words and words[-1] in MINUTES_FORMATS else "pdf"
    if not words:
        return None, MINUTES_FORMATS[fmt]
    meeting_id = _number(words[0]) if len(words) == 1 else None
    return None if meeting_id is None else (meeting_id, MINUTES_FORMATS[fmt])


async def _meeting_minutes_command(
    update: Update, context: Context, who: Person, args: list[str]
) -> None:
    t = tr(update)
    request = _meeting_request(args)
    if request is None:
        await update.effective_message.reply_text(
            t("Bitte mit der Nummer einer Sitzung, z. B. /niederschrift sitzung 3")
        )
        return
    meeting_id, fmt = request
    if meeting_id is None:
        latest = await meeting_minutes.latest_held(runtime(context), who.committee_id)
        if latest is None:
            await update.effective_message.reply_text(t(NO_MEETING_HELD))
            return
        meeting_id = latest[0]
    await _send_meeting_minutes(update, context, who, meeting_id, fmt)


async def _offer_latest(update: Update, context: Context, who: Person, t: Translator) -> None:
    latest = await meeting_minutes.latest_held(runtime(context), who.committee_id)
    markup = None
    if latest is not None:
        meeting_id, starts_at = latest
        label = t(
            "Niederschrift der Sitzung Nr. {id} vom {date}",
            id=meeting_id,
            date=format_date(starts_at, t.lang),
        )
        markup = inline_keyboard(
            Keyboard.of([[Button(label, callbacks.meeting_minutes(meeting_id))]])
        )
    await update.effective_message.reply_text(_minutes_usage(t), reply_markup=markup)


async def on_minutes_button(update: Update, context: Context) -> None:
    """`nd:<meeting>`: the offered Niederschrift of a meeting, checked like the command."""
    query = update.callback_query
    who = await require_coordinator(update, context)
    if who is None:
        return
    t = tr(update)
    meeting_id = callbacks.parse_meeting_minutes(query.data)
    if meeting_id is None:
        await query.answer(t(ANSWERS[Answer.UNKNOWN_BALLOT]), show_alert=True)
        return
    await query.answer()
    await _send_meeting_minutes(update, context, who, meeting_id)


async def _send_meeting_minutes(
    update: Update, context: Context, who: Person, meeting_id: int, fmt: str = "pdf"
) -> None:
    t = tr(update)
    made = await meeting_minutes.meeting_minutes(
        runtime(context), who.committee_id, meeting_id, who.member_id
    )
    chat_id = update.effective_chat.id
    if isinstance(made, meeting_minutes.Refused):
        await context.bot.send_message(
            chat_id, t(MINUTES_REFUSALS[made.reason], id=made.meeting_id)
        )
        return
    caption = t(
        "Niederschrift der Sitzung Nr. {id} vom {date}",
        id=made.meeting_id,
        date=format_date(made.starts_at, t.lang),
    )
    name = f"niederschrift-sitzung-{made.meeting_id}" + ("-genehmigt" if made.approval else "")
    if fmt == "md":
        await context.bot.send_document(
            chat_id, InputFile(made.text.encode("utf-8"), filename=f"{name}.md"), caption=caption
        )
        return
    pdf, docx = await meeting_minutes.minutes_files(made)
    await context.bot.send_document(
        chat_id, InputFile(pdf, filename=f"{name}.pdf"), caption=caption
    )
    await context.bot.send_document(
        chat_id,
        InputFile(docx, filename=f"{name}.docx"),
        caption=t("Zum Bearbeiten: dieselbe Niederschrift als Word-Datei (DOCX)"),
    )


#: what the ballot buttons that are no vote do
_ACTIONS: dict[VoteCode, Callable[[Update, Context, int, VoteButton], Awaitable[None]]] = {
    VoteCode.OPEN_PRIVATE: _on_open,
    VoteCode.CLOSE: _on_close,
    VoteCode.AGREE: _on_consent,
    VoteCode.OBJECT: _on_consent,
    **dict.fromkeys(CONFLICT_CODES, _on_conflict_button),
}

FEATURE = Feature(
    commands=(
        Command(
            "abstimmen",
            N_("Im privaten Chat abstimmen oder bewerten"),
            Audience.MEMBER,
            vote_command,
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
            N_("Niederschrift einer Sitzung oder Abstimmung als Datei"),
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
    buttons=(
        (rf"^{callbacks.VOTE_PREFIX}", on_vote_button),
        (rf"^{callbacks.MINUTES_PREFIX}", on_minutes_button),
    ),
)
