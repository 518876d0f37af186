"""/antrag_neu (office: a saved dialog) and /antraege (members: list and detail view)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update, WebAppInfo

from handlers.commands import Audience, Command, Feature, Where
from handlers.common import (
    Context,
    cancel_dialog_by_button,
    e,
    edit_query_message,
    is_private,
    person,
    private_only,
    require_coordinator,
    require_member,
    runtime,
    split_message,
    tr,
)
from rakbot.domain.money import format_euro
from rakbot.i18n import N_, Translator
from rakbot.services import dialogs, proposals
from rakbot.services.dialogs import DialogState
from rakbot.services.people import Person
from rakbot.services.proposal_input import ProposalInputError, check_field
from rakbot.services.proposals import CHANGEABLE, STATUS_NAMES, ProposalView
from rakbot.views import callbacks

KIND = proposals.DIALOG_KIND
PROMPTS = {
    "title": N_("Titel des Projekts?"),
    "area": N_("Welcher Förderbereich?"),
    "applicant": N_("Antragstellende Organisation?"),
    "institution": N_(
        "Ist die antragstellende Organisation eine Mitgliedsinstitution des RAK? Sie wäre dann "
        "bei der Abstimmung automatisch befangen."
    ),
    "amount": N_("Beantragter Betrag in Euro? Zum Beispiel 125.000,50 € oder 125000"),
    "duration": N_("Laufzeit? Zum Beispiel 01.01.2027–31.12.2028 oder 24 Monate"),
    "description": N_("Kurzbeschreibung (ein paar Sätze; „-“ für keine)?"),
}


async def begin(update: Update, context: Context) -> None:
    who = await require_coordinator(update, context)
    if who is None:
        return
    t = tr(update)
    if not await private_only(update, t("Neue Anträge bitte im privaten Chat.")):
        return
    rt = runtime(context)
    state = DialogState(KIND, "title", {})
    await dialogs.save(rt, update.effective_chat.id, update.effective_user.id, state)
    first_prompt = PROMPTS[state.step]
    await update.effective_message.reply_text(
        t("Neuer Antrag – mit /abbrechen jederzeit aufhören.") + "\n\n" + t(first_prompt)
    )


def _area_keyboard(update: Update, context: Context) -> InlineKeyboardMarkup:
    codes = [area.code for area in runtime(context).content.funding_areas]
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    code, callback_data=callbacks.PROPOSAL_DIALOG.data("area", code)
                )
                for code in codes[i : i + 4]
            ]
            for i in range(0, len(codes), 4)
        ]
    )


async def _institution_keyboard(
    t: Translator, context: Context, committee_id: int
) -> InlineKeyboardMarkup:
    choices = await proposals.institution_choices(runtime(context), committee_id)
    rows = [
        [
            InlineKeyboardButton(
                c.name[:60], callback_data=callbacks.PROPOSAL_DIALOG.data("institution", c.id)
            )
        ]
        for c in choices
    ]
    rows.append(
        [
            InlineKeyboardButton(
                t("Nein, externe Organisation"),
                callback_data=callbacks.PROPOSAL_DIALOG.data("institution", 0),
            )
        ]
    )
    return InlineKeyboardMarkup(rows)


async def on_text(update: Update, context: Context, state: DialogState) -> None:
    t = tr(update)
    rt = runtime(context)
    message = update.effective_message
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    if state.step in ("area", "institution", "confirm"):
        await message.reply_text(t("Bitte eine der Schaltflächen oben antippen – oder /abbrechen."))
        return
    data = dict(state.data)
    try:
        value = check_field(state.step, message.text or "")
    except ProposalInputError as error:
        problem = error.problem
        text = t(problem.message, **problem.values)
        await message.reply_text(text + "\n" + t("Bitte noch einmal.") if problem.money else text)
        return
    data["amount_cents" if state.step == "amount" else state.step] = value
    following = {
        "title": "area",
        "applicant": "institution",
        "amount": "duration",
        "duration": "description",
        "description": "confirm",
    }[state.step]
    await dialogs.save(rt, chat_id, user_id, DialogState(KIND, following, data))
    await _prompt(update, context, t, following, data)


async def _prompt(
    update: Update, context: Context, t: Translator, step: str, data: dict[str, object]
) -> None:
    message = update.effective_message
    if step == "area":
        await message.reply_text(t(PROMPTS[step]), reply_markup=_area_keyboard(update, context))
    elif step == "institution":
        who = await person(update, context)
        assert who is not None
        await message.reply_text(
            t(PROMPTS[step]),
            reply_markup=await _institution_keyboard(t, context, who.committee_id),
        )
    elif step == "confirm":
        await message.reply_html(
            _summary(t, data),
            reply_markup=InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            t("✅ Speichern"), callback_data=callbacks.PROPOSAL_DIALOG.data("save")
                        ),
                        InlineKeyboardButton(
                            t("✖ Abbrechen"), callback_data=callbacks.PROPOSAL_DIALOG.data("cancel")
                        ),
                    ]
                ]
            ),
        )
    else:
        await message.reply_text(t(PROMPTS[step]))


def _summary(t: Translator, data: dict[str, object]) -> str:
    amount = data.get("amount_cents")
    return "\n".join(
        [
            t("<b>Bitte prüfen:</b>"),
            t("Titel: {title}", title=e(data.get("title"))),
            t("Förderbereich: {area}", area=e(data.get("area"))),
            t("Antragsteller: {name}", name=e(data.get("applicant"))),
            t(
                "Betrag: {amount}",
                amount=e(format_euro(int(amount), t.lang)) if isinstance(amount, int) else "–",
            ),
            t("Laufzeit: {duration}", duration=e(data.get("duration") or "–")),
            t("Beschreibung: {text}", text=e(data.get("description") or "–")),
        ]
    )


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    who = await require_coordinator(update, context)
    if who is None:
        return
    t = tr(update)
    rt = runtime(context)
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    state = await dialogs.current(rt, chat_id, user_id)
    pressed = callbacks.PROPOSAL_DIALOG.parse(query.data)
    action = pressed.form if pressed is not None else ""
    if action == "cancel":
        await cancel_dialog_by_button(update, context)
        return
    if action == "save":
        saved = await proposals.create_from_dialog(
            rt,
            committee_id=who.committee_id,
            chat_id=chat_id,
            user_id=user_id,
            member_id=who.member_id,
        )
        if saved is None:
            await query.answer(t("Dieser Antrag ist bereits gespeichert oder abgebrochen."))
            return
        await query.answer(t("Gespeichert"))
        await edit_query_message(
            query,
            t("Antrag Nr. {id} „{title}“ gespeichert.", id=saved.id, title=e(saved.title))
            + "\n"
            + t(
                "Unterlagen dazu: Datei mit der Beschriftung /anhang {id} schicken.",
                id=saved.id,
            ),
            parse_mode="HTML",
            reply_markup=_edit_in_app(update, context, who, saved),
        )
        return
    valid_areas = {area.code for area in rt.content.funding_areas}
    if state is None or state.kind != KIND or pressed is None:
        await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
        return
    data = dict(state.data)
    if action == "area" and state.step == "area" and pressed.word() in valid_areas:
        data["area"], following = pressed.word(), "applicant"
    elif action == "institution" and state.step == "institution":
        choices = {c.id for c in await proposals.institution_choices(rt, who.committee_id)}
        institution_id = pressed.number()
        if institution_id and institution_id not in choices:
            await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
            return
        data["institution_id"], following = institution_id or None, "amount"
    else:
        await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
        return
    await dialogs.save(rt, chat_id, user_id, DialogState(KIND, following, data))
    await query.answer()
    await query.edit_message_reply_markup(reply_markup=None)
    await _prompt(update, context, t, following, data)


def _line(t: Translator, p: ProposalView, *, documents: bool = False) -> str:
    line = t(
        "Nr. {id}: {title} – {applicant}, {amount} ({status})",
        id=p.id,
        title=e(p.title),
        applicant=e(p.applicant_name),
        amount=e(format_euro(p.amount_cents, t.lang)),
        status=t(STATUS_NAMES.get(p.status, p.status)),
    )
    if documents and p.documents:
        line += " " + t("📎 {count} Unterlagen", count=p.documents)
    return line


def _sees_documents(who: Person) -> bool:
    """Documents are for the institutions' seats and the office, not for guests
    (`Audience.SEAT_OR_OFFICE`)."""
    return who.is_coordinator or who.holds_seat


def _documents_row(t: Translator, item: ProposalView) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton(
            t("📎 Unterlagen zu Nr. {id} ({count})", id=item.id, count=item.documents),
            callback_data=callbacks.proposal_documents(item.id),
        )
    ]


async def list_proposals(update: Update, context: Context) -> None:
    who = await require_member(update, context)
    if who is None:
        return
    t = tr(update)
    items = await proposals.listing(runtime(context), who.committee_id)
    if not items:
        await update.effective_message.reply_text(t("Es liegen noch keine Anträge vor."))
        return
    lines = [t("<b>Anträge nach Förderbereich</b>")]
    area = None
    for item in items:
        if item.funding_area != area:
            area = item.funding_area
            lines.append("\n" + t("<b>Förderbereich {area}</b>", area=e(area)))
        lines.append(_line(t, item, documents=_sees_documents(who)))
    buttons = [
        [
            InlineKeyboardButton(
                t("Nr. {id} ansehen", id=i.id), callback_data=callbacks.PROPOSAL.data("show", i.id)
            )
        ]
        for i in items[:30]
    ]
    parts = split_message("\n".join(lines))
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        await update.effective_message.reply_html(
            part, reply_markup=InlineKeyboardMarkup(buttons) if last else None
        )


async def show_detail(update: Update, context: Context) -> None:
    query = update.callback_query
    who = await require_member(update, context)
    if who is None:
        return
    t = tr(update)
    pressed = callbacks.PROPOSAL.parse(query.data)
    item = None
    if pressed is not None:
        item = await proposals.detail(runtime(context), who.committee_id, pressed.number())
    if item is None:
        await query.answer(t("Diesen Antrag gibt es nicht (mehr)."), show_alert=True)
        return
    await query.answer()
    rows = [_documents_row(t, item)] if item.documents and _sees_documents(who) else []
    edit = _edit_in_app(update, context, who, item)
    if edit is not None:
        rows.append(edit.inline_keyboard[0])
    await update.effective_message.reply_html(
        detail_text(t, item), reply_markup=InlineKeyboardMarkup(rows) if rows else None
    )


def _edit_in_app(
    update: Update, context: Context, who: Person, item: ProposalView
) -> InlineKeyboardMarkup | None:
    """ "Antrag bearbeiten": the Mini App opened at this proposal, for the office, in the private
    chat (Telegram allows Web App buttons under a message only there), when the app is served."""
    app_url = runtime(context).settings.webapp_url
    if app_url is None or not who.is_coordinator or not is_private(update):
        return None
    if item.status not in CHANGEABLE:
        return None
    joiner = "&" if "?" in app_url else "?"
    url = f"{app_url}{joiner}proposal={item.id}"
    t = tr(update)
    button = InlineKeyboardButton(t("Antrag bearbeiten"), web_app=WebAppInfo(url))
    return InlineKeyboardMarkup([[button]])


def detail_text(t: Translator, item: ProposalView) -> str:
    lines = [
        t("<b>Antrag Nr. {id}: {title}</b>", id=item.id, title=e(item.title)),
        t("Förderbereich: {area}", area=e(item.funding_area)),
        t("Antragsteller: {name}", name=e(item.applicant_name)),
    ]
    if item.applicant_institution:
        lines.append(
            t("Mitgliedsinstitution: {name} (befangen)", name=e(item.applicant_institution))
        )
    lines += [
        t("Betrag: {amount}", amount=e(format_euro(item.amount_cents, t.lang))),
        t("Laufzeit: {duration}", duration=e(item.duration or "–")),
        t("Status: {status}", status=t(STATUS_NAMES.get(item.status, item.status))),
    ]
    if item.description:
        lines.append("\n" + e(item.description))
    return "\n".join(lines)


FEATURE = Feature(
    commands=(
        Command(
            "antrag_neu",
            N_("Neuen Förderantrag erfassen"),
            Audience.COORDINATOR,
            begin,
            Where.PRIVATE,
        ),
        Command("antraege", N_("Anträge nach Förderbereich"), Audience.MEMBER, list_proposals),
    ),
    buttons=(
        (callbacks.PROPOSAL_DIALOG.pattern, on_button),
        (callbacks.PROPOSAL.pattern, show_detail),
    ),
    dialogs={KIND: on_text},
)
