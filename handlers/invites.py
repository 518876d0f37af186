"""/einladen, /einladungen and joining through a one-time link (`/start <token>`)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.constants import ParseMode

from handlers.commands import Audience, Command, Feature, Scope, Where
from handlers.common import (
    Context,
    e,
    edit_query_message,
    private_only,
    require_coordinator,
    runtime,
    tr,
)
from handlers.roles import ROLE_CODES, refresh_menu, role_label, roster_error
from rakbot.domain.dates import format_short
from rakbot.domain.field_limits import EMAIL_MAX, EMAIL_SHAPE, MEMBER_NAME, PHONE_SHAPE
from rakbot.domain.roles import Role
from rakbot.domain.text_input import check_length, clean_text
from rakbot.i18n import N_, Translator
from rakbot.services import dialogs, invites, roster
from rakbot.services.dialogs import DialogState
from rakbot.services.invites import InviteProblem, Joined
from rakbot.services.roster import RosterError
from rakbot.views import callbacks

KIND = invites.JOIN_DIALOG
PROBLEMS = {
    InviteProblem.UNKNOWN: N_(
        "Dieser Einladungslink ist ungültig. Bitte fragen Sie die Regionale Koordination nach "
        "einem neuen Link: /kontakt"
    ),
    InviteProblem.ALREADY_MEMBER: N_(
        "Sie sind bereits Mitglied des RAK. Eine andere Rolle oder Institution trägt die "
        "Regionale Koordination für Sie ein; der Link bleibt unbenutzt."
    ),
    InviteProblem.USED: N_(
        "Dieser Einladungslink wurde schon benutzt. Jeder Link gilt nur einmal – bitte fragen "
        "Sie die Regionale Koordination nach einem neuen: /kontakt"
    ),
    InviteProblem.EXPIRED: N_(
        "Dieser Einladungslink ist abgelaufen. Bitte fragen Sie die Regionale Koordination nach "
        "einem neuen: /kontakt"
    ),
    InviteProblem.REVOKED: N_("Dieser Einladungslink wurde zurückgezogen. Bei Fragen: /kontakt"),
}


def _markup(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in rows]
    )


async def invite(update: Update, context: Context) -> None:
    t = tr(update)
    if not await private_only(
        update, t("Einladungen erstelle ich nur im privaten Chat – schreiben Sie mir direkt.")
    ):
        return
    if await require_coordinator(update, context, own_committee=True) is None:
        return
    rows = [
        [(role_label(t, role), callbacks.INVITE.data("role", code))]
        for code, role in ROLE_CODES.items()
    ]
    await update.effective_message.reply_text(
        t("Wen möchten Sie einladen? Wählen Sie die Rolle:"), reply_markup=_markup(rows)
    )


async def on_invite_button(update: Update, context: Context) -> None:
    """`inv:r:<role>` → institution choice, `inv:i:<role>:<institution|0>` → link,
    `inv:x:<invite>` → revoke. Every step re-checks the coordinator and the committee."""
    query = update.callback_query
    t = tr(update)
    who = await require_coordinator(update, context, own_committee=True)
    if who is None:
        return
    rt = runtime(context)
    pressed = callbacks.INVITE.parse(query.data)
    if pressed is not None and pressed.form == "revoke":
        revoked = await invites.revoke(
            rt, who.committee_id, pressed.number(), actor_member_id=who.member_id or 0
        )
        await query.answer(
            t("Zurückgezogen") if revoked else t("Dieser Link war nicht mehr offen.")
        )
        text, markup = await _open_list(update, context, who.committee_id)
        await edit_query_message(query, text, parse_mode=ParseMode.HTML, reply_markup=markup)
        return
    role = ROLE_CODES.get(pressed.word()) if pressed is not None else None
    if pressed is None or role is None:
        await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
        return
    code = pressed.word()
    if pressed.form == "role" and role is not Role.COORDINATOR:
        institutions = await roster.institution_list(rt, who.committee_id)
        rows = [
            [(i.short_name, callbacks.INVITE.data("institution", code, i.id))] for i in institutions
        ]
        if role is Role.GUEST:
            rows.append([(t("ohne Institution"), callbacks.INVITE.data("institution", code, 0))])
        await query.answer()
        await edit_query_message(
            query,
            t("Für welche Institution? ({role})", role=role_label(t, role)),
            reply_markup=_markup(rows),
        )
        return
    institution_id = (pressed.number(1) if pressed.form == "institution" else 0) or None
    try:
        created = await invites.create(
            rt, who.committee_id, role, institution_id, actor_member_id=who.member_id or 0
        )
    except RosterError as error:
        await query.answer(roster_error(t, error.reason)[:200], show_alert=True)
        return
    await query.answer()
    link = f"https://t.me/{context.bot.username}?start={created.token}"
    view = created.invite
    await edit_query_message(
        query,
        "\n".join(
            [
                t("<b>Einladungslink erstellt</b>"),
                t("Rolle: {role}", role=e(role_label(t, view.role))),
                t("Institution: {name}", name=e(view.institution_name or "–")),
                t("Gültig bis: {when}", when=format_short(view.expires_at)),
                "",
                e(link),
                "",
                t(
                    "Leiten Sie den Link nur an die eingeladene Person weiter; er gilt einmal. "
                    "Offene Links sehen und zurückziehen: /einladungen"
                ),
            ]
        ),
        parse_mode=ParseMode.HTML,
    )


async def _open_list(
    update: Update, context: Context, committee_id: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    t = tr(update)
    found = await invites.open_invites(runtime(context), committee_id)
    if not found:
        return t("Es gibt keine offenen Einladungslinks."), None
    lines = [t("<b>Offene Einladungslinks</b>")]
    rows = []
    for number, view in enumerate(found, start=1):
        lines.append(
            t(
                "{n}. {role}, {institution} – gültig bis {when}",
                n=number,
                role=e(role_label(t, view.role)),
                institution=e(view.institution_name or "–"),
                when=format_short(view.expires_at),
            )
        )
        rows.append(
            [(t("✖ Nr. {n} zurückziehen", n=number), callbacks.INVITE.data("revoke", view.id))]
        )
    return "\n".join(lines[:60]), _markup(rows[:50])


async def open_invites(update: Update, context: Context) -> None:
    who = await require_coordinator(update, context, own_committee=True)
    if who is None:
        return
    text, markup = await _open_list(update, context, who.committee_id)
    await update.effective_message.reply_html(text, reply_markup=markup)


def start_payload(args: list[str]) -> str | None:
    """The invitation token of a `/start <token>` deep link (any parameter is taken for one)."""
    return args[0] if args else None


async def join_from_link(update: Update, context: Context, token: str) -> None:
    """`/start <token>` from a deep link: check the token, then ask for name and contact."""
    t = tr(update)
    if not await private_only(
        update, t("Bitte öffnen Sie den Einladungslink im privaten Chat mit mir.")
    ):
        return
    rt = runtime(context)
    invite_id, problem = await invites.check(rt, token, update.effective_user.id)
    if problem is not None or invite_id is None:
        await update.effective_message.reply_text(t(PROBLEMS[problem or InviteProblem.UNKNOWN]))
        return
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    state = DialogState(KIND, "name", {"token_hash": invites.token_hash(token)})
    await dialogs.save(rt, chat_id, user_id, state)
    first_prompt = PROMPTS[state.step]
    await update.effective_message.reply_text(
        t(
            "Willkommen! Sie wurden in den RAK eingeladen. Drei kurze Fragen, dann stehen Sie "
            "im Mitgliederverzeichnis – mit /abbrechen können Sie jederzeit aufhören."
        )
        + "\n\n"
        + t(first_prompt),
        reply_markup=ReplyKeyboardRemove(),
    )


PROMPTS = {
    "name": N_("1/3: Wie soll Ihr Name im Mitgliederverzeichnis stehen?"),
    "phone": N_("2/3: Ihre dienstliche Telefonnummer (freiwillig)?"),
    "email": N_("3/3: Ihre dienstliche E-Mail-Adresse (freiwillig)?"),
}
NEXT = {"name": "phone", "phone": "email", "email": "confirm"}


def _skip(t: Translator) -> InlineKeyboardMarkup:
    return _markup([[(t("Überspringen"), callbacks.JOIN.data("skip"))]])


def _check(t: Translator, step: str, value: str) -> str | None:
    if step == "name" and check_length(value, MEMBER_NAME) is not None:
        return t("Bitte einen Namen mit 2 bis {maximum} Zeichen.", maximum=MEMBER_NAME.maximum)
    if step == "phone" and not PHONE_SHAPE.match(value):
        return t("Das sieht nicht nach einer Telefonnummer aus. Beispiel: 03904 7240-0")
    if step == "email" and (len(value) > EMAIL_MAX or not EMAIL_SHAPE.match(value)):
        return t("Das sieht nicht nach einer E-Mail-Adresse aus. Beispiel: name@beispiel.de")
    return None


async def on_text(update: Update, context: Context, state: DialogState) -> None:
    t = tr(update)
    if state.step == "confirm":
        await update.effective_message.reply_text(
            t("Bitte tippen Sie auf „Bestätigen“ oder „Abbrechen“ unter der Zusammenfassung.")
        )
        return
    value = clean_text(update.effective_message.text or "").replace("\n", " ")
    problem = _check(t, state.step, value)
    if problem is not None:
        markup = _skip(t) if state.step != "name" else None
        await update.effective_message.reply_text(
            problem + "\n" + t("Bitte noch einmal – oder /abbrechen."), reply_markup=markup
        )
        return
    await _advance(update, context, state, value)


async def _advance(update: Update, context: Context, state: DialogState, value: str | None) -> None:
    t = tr(update)
    rt = runtime(context)
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    step = NEXT[state.step]
    data = {**state.data, state.step: value}
    await dialogs.save(rt, chat_id, user_id, DialogState(KIND, step, data))
    if step != "confirm":
        await context.bot.send_message(chat_id, t(PROMPTS[step]), reply_markup=_skip(t))
        return
    summary = "\n".join(
        [
            t("<b>Bitte prüfen Sie Ihre Angaben:</b>"),
            t("Name: {name}", name=e(data["name"])),
            t("Telefon: {phone}", phone=e(data.get("phone") or "–")),
            t("E-Mail: {email}", email=e(data.get("email") or "–")),
            "",
            t(
                "Diese Angaben sehen die Mitglieder Ihres Gremiums. Was gespeichert ist, zeigt "
                "/meine_daten; löschen können Sie es mit /daten_loeschen."
            ),
        ]
    )
    markup = _markup(
        [
            [
                (t("✅ Bestätigen"), callbacks.JOIN.data("ok")),
                (t("✖ Abbrechen"), callbacks.JOIN.data("no")),
            ]
        ]
    )
    await context.bot.send_message(chat_id, summary, parse_mode=ParseMode.HTML, reply_markup=markup)


async def on_join_button(update: Update, context: Context) -> None:
    query = update.callback_query
    t = tr(update)
    rt = runtime(context)
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    pressed = callbacks.JOIN.parse(query.data)
    action = pressed.form if pressed is not None else None
    state = await dialogs.current(rt, chat_id, user_id)
    if state is None or state.kind != KIND:
        await query.answer(t("Da war nichts mehr offen."), show_alert=True)
        return
    if action == "skip" and state.step in ("phone", "email"):
        await query.answer()
        await _advance(update, context, state, None)
        return
    if action == "no":
        await dialogs.end(rt, chat_id, user_id)
        await query.answer()
        await edit_query_message(query, t("Abgebrochen. Nichts wurde gespeichert."))
        return
    if action != "ok" or state.step != "confirm":
        await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
        return
    try:
        joined = await invites.redeem(
            rt, chat_id=chat_id, telegram_user_id=user_id, language=t.lang
        )
    except RosterError:
        # The seat was taken (or the institution removed) since the link was made: nothing
        # the invited person can fix; the link stays open for the office to sort out.
        await dialogs.end(rt, chat_id, user_id)
        await query.answer()
        await edit_query_message(
            query,
            t(
                "Das hat leider nicht geklappt: Die Stelle, für die Sie eingeladen wurden, ist "
                "inzwischen besetzt. Bitte wenden Sie sich an die Regionale Koordination: "
                "/kontakt"
            ),
        )
        return
    await query.answer()
    if not isinstance(joined, Joined):
        text = t(PROBLEMS[joined]) if joined is not None else t("Da war nichts mehr offen.")
        await edit_query_message(query, text)
        return
    await edit_query_message(query, _welcome(t, joined))
    rt.wake_outbox()  # the office hears who joined
    await refresh_menu(context.bot, context, user_id)


def _welcome(t: Translator, joined: Joined) -> str:
    """Who the person now is, how to get into the group, the next meeting, what to do next."""
    lines = [
        t(
            "Willkommen im RAK! Sie sind jetzt eingetragen als {role}{institution}.",
            role=role_label(t, joined.role),
            institution=f", {joined.institution_name}" if joined.institution_name else "",
        )
    ]
    if joined.group_link:
        lines.append(
            t(
                "Die Gruppe des RAK: {link} – tippen Sie darauf und bitten Sie um Beitritt; "
                "ich lasse Sie sofort ein.",
                link=joined.group_link,
            )
        )
    else:
        lines.append(t("Den Zugang zur Gruppe des RAK gibt Ihnen die Regionale Koordination."))
    if joined.next_meeting is not None:
        starts_at, place = joined.next_meeting
        lines.append(
            t(
                "Nächste Sitzung: {when}{place} – Zusage oder Absage: /naechste_sitzung",
                when=format_short(starts_at, t.lang),
                place=f", {place}" if place else "",
            )
        )
    lines.append(
        t(
            "Als Nächstes: Vor jeder Sitzung erinnere ich Sie privat; das Verzeichnis sehen Sie "
            "mit /mitglieder, alles Weitere zeigt /hilfe."
        )
    )
    return "\n\n".join(lines)


FEATURE = Feature(
    commands=(
        Command(
            "einladen",
            N_("Einladungslink erstellen"),
            Audience.COORDINATOR,
            invite,
            scope=Scope.OWN,
        ),
        Command(
            "einladungen",
            N_("Offene Einladungslinks ansehen und zurückziehen"),
            Audience.COORDINATOR,
            open_invites,
            Where.PRIVATE,
            scope=Scope.OWN,
        ),
    ),
    buttons=(
        (callbacks.INVITE.pattern, on_invite_button),
        (callbacks.JOIN.pattern, on_join_button),
    ),
    dialogs={KIND: on_text},
)
