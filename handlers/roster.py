"""/mitglieder, /mitglied (coordinators manage people), /institutionen, /gruppe_verbinden,
/export and /protokoll."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from handlers.commands import Audience, Command, Feature, Scope, Where
from handlers.common import (
    NUMBER,
    Context,
    e,
    edit_query_message,
    is_private,
    missing_group_rights,
    parse_id,
    private_only,
    require_coordinator,
    require_member,
    runtime,
    split_message,
    tr,
)
from handlers.meeting_cards import announce_unposted
from handlers.roles import ROLE_CODES, refresh_menu, role_label, roster_error
from rakbot.domain.dates import format_short
from rakbot.domain.field_limits import INSTITUTION_NAME, INSTITUTION_SHORT_NAME
from rakbot.domain.roles import Role
from rakbot.domain.text_input import check_length
from rakbot.i18n import N_, Translator
from rakbot.services import group_access, roster, roster_transfer
from rakbot.services.people import Person
from rakbot.services.roster import MemberView, Roster, RosterError
from rakbot.views import callbacks
from rakbot.views.callbacks import Pressed
from rakbot.views.labels import ACTIONS, CLOSE_REASONS, HIDDEN_SUBJECTS, SUBJECTS

AUDIT_LINES = 25


def _markup(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in rows]
    )


def _person_line(t: Translator, m: MemberView, *, contacts: bool) -> str:
    line = f"{e(role_label(t, m.role, m.is_coordinator))}: {e(m.name)}"
    if contacts:
        details = [e(value) for value in (m.phone, m.email) if value]
        if details:
            line += " · " + " · ".join(details)
    return line


def roster_text(t: Translator, view: Roster, *, contacts: bool) -> str:
    order = {Role.REPRESENTATIVE: 0, Role.DEPUTY: 1, Role.GUEST: 2, Role.COORDINATOR: 3}
    lines = [t("<b>Mitgliederverzeichnis</b>")]
    for institution in view.institutions:
        people = sorted(
            (m for m in view.members if m.institution_id == institution.id),
            key=lambda m: (order.get(Role(m.role), 9), m.name),
        )
        title = f"<b>{e(institution.name)}</b>"
        if not institution.has_vote:
            title += " " + t("(ohne Stimmrecht)")
        lines += ["", title]
        lines += [_person_line(t, m, contacts=contacts) for m in people] or [t("– niemand –")]
    guests = [m for m in view.members if m.institution_id is None and m.role == Role.GUEST]
    if guests:
        lines += ["", t("<b>Gäste</b>")] + [_person_line(t, m, contacts=contacts) for m in guests]
    office = [m for m in view.members if m.institution_id is None and m.role == Role.COORDINATOR]
    if office:
        lines += ["", t("<b>Regionale Koordination</b>")]
        lines += [_person_line(t, m, contacts=contacts) for m in office]
    if not contacts:
        lines += ["", t("Kontaktdaten zeige ich nur im privaten Chat: /mitglieder")]
    return "\n".join(lines)


async def members_list(update: Update, context: Context) -> None:
    who = await require_member(update, context, own_committee=True)
    if who is None:
        return
    view = await roster.roster(runtime(context), who.committee_id)
    text = roster_text(tr(update), view, contacts=is_private(update))
    for part in split_message(text):
        await update.effective_message.reply_html(part)


async def bind_group(update: Update, context: Context) -> None:
    t = tr(update)
    if is_private(update):
        await update.effective_message.reply_text(
            t("Senden Sie /gruppe_verbinden bitte in der Gruppe des RAK, nicht hier.")
        )
        return
    who = await require_coordinator(update, context, own_committee=True, binding=True)
    if who is None:
        return
    try:
        await roster.bind_group(
            runtime(context),
            update.effective_chat.id,
            actor_member_id=who.member_id,
            committee_id=who.committee_id,
        )
    except RosterError as error:
        await update.effective_message.reply_text(roster_error(t, error.reason))
        return
    lines = [
        t("Verbunden: Erinnerungen und Abstimmungen des Gremiums kommen ab jetzt in diese Gruppe.")
    ]
    lines.append(await _admit_through_requests(update, context, who.committee_id))
    await update.effective_message.reply_text("\n\n".join(lines))
    await announce_unposted(context, who.committee_id)


async def _admit_through_requests(update: Update, context: Context, committee_id: int) -> str:
    """Check the bot's admin rights in the group; with them, make the join-request link new
    members get. The sentence for the office: how people come in, or which rights are missing."""
    t = tr(update)
    rt = runtime(context)
    chat_id = update.effective_chat.id
    missing = await missing_group_rights(context.bot, chat_id)
    if not missing:
        try:
            link = await context.bot.create_chat_invite_link(
                chat_id, name=t("Mitglieder des RAK"), creates_join_request=True
            )
        except TelegramError:
            missing = ["can_invite_users"]
        else:
            await group_access.store_link(rt, committee_id, link.invite_link)
            return t(
                "Neue Mitglieder kommen über Beitrittsanfragen herein: Mitglieder des RAK lasse "
                "ich ein, alle anderen lehne ich ab. Den Link bekommt jedes neue Mitglied von "
                "mir: {link}",
                link=link.invite_link,
            )
    await group_access.store_link(rt, committee_id, None)
    rights = ", ".join(t(group_access.RIGHT_LABELS[right]) for right in missing)
    return t(
        "⚠️ Mir fehlen hier Administratorrechte: {rights}. Bitte machen Sie mich zum "
        "Administrator mit diesen Rechten und senden Sie /gruppe_verbinden noch einmal; bis "
        "dahin kann ich niemanden in die Gruppe aufnehmen oder aus ihr entfernen.",
        rights=rights,
    )


async def manage(update: Update, context: Context) -> None:
    """/mitglied: one button per active person; each opens that person's card."""
    who = await require_coordinator(update, context, own_committee=True)
    if who is None:
        return
    t = tr(update)
    view = await roster.roster(runtime(context), who.committee_id)
    rows = [
        [(f"{m.name} · {role_label(t, m.role)}"[:60], callbacks.MEMBER.data("show", m.id))]
        for m in view.members[:90]
    ]
    await update.effective_message.reply_text(
        t("Wen möchten Sie bearbeiten?"), reply_markup=_markup(rows)
    )


def _card(t: Translator, m: MemberView) -> tuple[str, InlineKeyboardMarkup]:
    text = "\n".join(
        [
            f"<b>{e(m.name)}</b>",
            t("Rolle: {role}", role=e(role_label(t, m.role, m.is_coordinator))),
            t("Institution: {name}", name=e(m.institution_name or "–")),
            t("Telefon: {phone}", phone=e(m.phone or "–")),
            t("E-Mail: {email}", email=e(m.email or "–")),
        ]
    )
    coordinator = t("Koordination entziehen") if m.is_coordinator else t("Zur Koordination machen")
    member, details = callbacks.MEMBER, callbacks.MEMBER_DETAILS
    rows = [
        [
            (t("Rolle ändern"), member.data("role", m.id)),
            (t("Institution wechseln"), member.data("institution", m.id)),
        ],
        [
            (t("Name ändern"), details.data("n", m.id)),
            (t("Telefon ändern"), details.data("t", m.id)),
        ],
        [
            (coordinator, member.data("coordinator", m.id)),
            (t("Deaktivieren"), member.data("deactivate", m.id)),
        ],
    ]
    return text, _markup(rows)


async def on_manage_button(update: Update, context: Context) -> None:
    """`mg:<action>:<member>[:<value>]`; the member is looked up within the coordinator's
    committee, and every action re-checks the coordinator role."""
    query = update.callback_query
    t = tr(update)
    who = await require_coordinator(update, context, own_committee=True)
    if who is None:
        return
    rt = runtime(context)
    pressed = callbacks.MEMBER.parse(query.data)
    if pressed is None:
        await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
        return
    target = await roster.member(rt, who.committee_id, pressed.number())
    if target is None:
        await query.answer(roster_error(t, "unknown_member"), show_alert=True)
        return
    try:
        changed = await _CARD_ACTIONS[pressed.form](
            _CardPress(update, context, who, target, pressed)
        )
    except RosterError as error:
        await query.answer(roster_error(t, error.reason)[:200], show_alert=True)
        return
    if changed is None:
        return
    await query.answer(t("Gespeichert"))
    if not changed.active:
        await edit_query_message(
            query,
            t(
                "{name} ist deaktiviert. Der Zugang endet sofort; die Geschichte bleibt.",
                name=e(changed.name),
            ),
            parse_mode=ParseMode.HTML,
        )
    else:
        text, markup = _card(t, changed)
        await edit_query_message(query, text, parse_mode=ParseMode.HTML, reply_markup=markup)
    await refresh_menu(context.bot, context, changed.telegram_user_id)


@dataclass(frozen=True)
class _CardPress:
    """A press on a member card: who presses, whose card, and the parsed button."""

    update: Update
    context: Context
    who: Person
    target: MemberView
    pressed: Pressed

    @property
    def t(self) -> Translator:
        return tr(self.update)

    @property
    def actor(self) -> int:
        return self.who.member_id or 0

    async def show(self, text: str, markup: InlineKeyboardMarkup) -> None:
        """Show a choice (nothing changed yet)."""
        query = self.update.callback_query
        await query.answer()
        await edit_query_message(query, text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def _show_card(press: _CardPress) -> MemberView | None:
    await press.show(*_card(press.t, press.target))
    return None


async def _ask_role(press: _CardPress) -> MemberView | None:
    t, target = press.t, press.target
    rows = [
        [(role_label(t, role), callbacks.MEMBER.data("set_role", target.id, code))]
        for code, role in ROLE_CODES.items()
    ]
    await press.show(t("Neue Rolle für {name}:", name=e(target.name)), _markup(rows))
    return None


async def _ask_institution(press: _CardPress) -> MemberView | None:
    t, target = press.t, press.target
    institutions = await roster.institution_list(runtime(press.context), press.who.committee_id)
    rows = [
        [(i.short_name, callbacks.MEMBER.data("set_institution", target.id, i.id))]
        for i in institutions
    ]
    await press.show(t("Neue Institution für {name}:", name=e(target.name)), _markup(rows))
    return None


async def _set_role(press: _CardPress) -> MemberView | None:
    code = press.pressed.word(1)
    if code not in ROLE_CODES:
        await press.update.callback_query.answer(
            press.t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True
        )
        return None
    return await roster.change_role(
        runtime(press.context),
        press.who.committee_id,
        press.target.id,
        ROLE_CODES[code],
        actor_member_id=press.actor,
    )


async def _set_institution(press: _CardPress) -> MemberView | None:
    return await roster.move(
        runtime(press.context),
        press.who.committee_id,
        press.target.id,
        press.pressed.number(1),
        actor_member_id=press.actor,
    )


async def _toggle_coordinator(press: _CardPress) -> MemberView | None:
    return await roster.toggle_coordinator(
        runtime(press.context), press.who.committee_id, press.target.id, actor_member_id=press.actor
    )


async def _ask_deactivate(press: _CardPress) -> MemberView | None:
    t, target = press.t, press.target
    rows = [
        [
            (t("Ja, deaktivieren"), callbacks.MEMBER.data("deactivate_yes", target.id)),
            (t("Nein"), callbacks.MEMBER.data("show", target.id)),
        ]
    ]
    text = t("{name} wirklich deaktivieren? Der Zugang endet sofort.", name=e(target.name))
    await press.show(text, _markup(rows))
    return None


async def _deactivate(press: _CardPress) -> MemberView | None:
    return await roster.deactivate(
        runtime(press.context), press.who.committee_id, press.target.id, actor_member_id=press.actor
    )


#: what each button of a member card does (`callbacks.MEMBER`'s forms); None: only a choice
#: was shown
_CARD_ACTIONS: dict[str, Callable[[_CardPress], Awaitable[MemberView | None]]] = {
    "show": _show_card,
    "role": _ask_role,
    "institution": _ask_institution,
    "set_role": _set_role,
    "set_institution": _set_institution,
    "coordinator": _toggle_coordinator,
    "deactivate": _ask_deactivate,
    "deactivate_yes": _deactivate,
}


def _institutions_view(
    t: Translator, institutions: list[roster.InstitutionView]
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [t("<b>Institutionen</b>")]
    rows = []
    for number, institution in enumerate(institutions, start=1):
        vote = t("mit Stimmrecht") if institution.has_vote else t("ohne Stimmrecht")
        lines.append(f"{number}. {e(institution.name)} ({e(institution.short_name)}) – {vote}")
        toggle = (
            t("Nr. {n}: Stimmrecht aus", n=number)
            if institution.has_vote
            else t("Nr. {n}: Stimmrecht an", n=number)
        )
        rows.append([(toggle, callbacks.INSTITUTION.data("vote", institution.id))])
    lines += [
        "",
        t("Neu: /institution_neu Name | Kurzname"),
        t("Umbenennen: /institution_umbenennen Nr Neuer Name | Kurzname"),
    ]
    return "\n".join(lines), _markup(rows)


async def institutions(update: Update, context: Context) -> None:
    who = await require_coordinator(update, context, own_committee=True)
    if who is None:
        return
    found = await roster.institution_list(runtime(context), who.committee_id)
    text, markup = _institutions_view(tr(update), found)
    await update.effective_message.reply_html(text, reply_markup=markup)


async def on_institution_button(update: Update, context: Context) -> None:
    query = update.callback_query
    t = tr(update)
    who = await require_coordinator(update, context, own_committee=True)
    if who is None:
        return
    rt = runtime(context)
    pressed = callbacks.INSTITUTION.parse(query.data)
    if pressed is None:
        await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
        return
    try:
        await roster.toggle_vote(
            rt, who.committee_id, pressed.number(), actor_member_id=who.member_id or 0
        )
    except RosterError as error:
        await query.answer(roster_error(t, error.reason)[:200], show_alert=True)
        return
    await query.answer(t("Gespeichert"))
    text, markup = _institutions_view(t, await roster.institution_list(rt, who.committee_id))
    await edit_query_message(query, text, parse_mode=ParseMode.HTML, reply_markup=markup)


def _institution_name_ok(text: str) -> bool:
    name, short = roster.split_institution_name(text)
    return (
        check_length(name, INSTITUTION_NAME) is None
        and len(short) >= INSTITUTION_SHORT_NAME.minimum
    )


async def add_institution(update: Update, context: Context) -> None:
    who = await require_coordinator(update, context, own_committee=True)
    if who is None:
        return
    t = tr(update)
    text = " ".join(context.args or [])
    if not _institution_name_ok(text):
        await update.effective_message.reply_text(
            t("So geht es: /institution_neu Stadt Haldensleben | Stadt HDL (Kurzname freiwillig)")
        )
        return
    try:
        created = await roster.add_institution(
            runtime(context), who.committee_id, text, actor_member_id=who.member_id or 0
        )
    except RosterError as error:
        await update.effective_message.reply_text(roster_error(t, error.reason))
        return
    await update.effective_message.reply_html(
        t("Institution angelegt: {name}", name=e(created.name))
    )


async def rename_institution(update: Update, context: Context) -> None:
    who = await require_coordinator(update, context, own_committee=True)
    if who is None:
        return
    t = tr(update)
    args = context.args or []
    rt = runtime(context)
    found = await roster.institution_list(rt, who.committee_id)
    text = " ".join(args[1:])
    number = parse_id(args[0]) if args else None
    if number is None or number > len(found) or not _institution_name_ok(text):
        await update.effective_message.reply_text(
            t(
                "So geht es: /institution_umbenennen 3 Neuer Name | Kurzname – "
                "die Nummer steht in /institutionen."
            )
        )
        return
    try:
        renamed = await roster.rename_institution(
            rt,
            who.committee_id,
            found[number - 1].id,
            text,
            actor_member_id=who.member_id or 0,
        )
    except RosterError as error:
        await update.effective_message.reply_text(roster_error(t, error.reason))
        return
    await update.effective_message.reply_html(t("Umbenannt in: {name}", name=e(renamed.name)))


async def export(update: Update, context: Context) -> None:
    t = tr(update)
    if not await private_only(
        update, t("Das Verzeichnis mit Kontaktdaten schicke ich nur im privaten Chat.")
    ):
        return
    who = await require_coordinator(update, context, own_committee=True)
    if who is None:
        return
    rt = runtime(context)
    csv_text = await roster_transfer.export_csv(rt, who.committee_id)
    stamp = rt.clock.now().strftime("%Y-%m-%d")
    await update.effective_message.reply_document(
        InputFile(csv_text.encode("utf-8"), filename=f"mitglieder-{stamp}.csv"),
        caption=t("Mitgliederverzeichnis (UTF-8, Semikolon). Einlesen: rakbot roster import"),
    )


def _audit_line(t: Translator, line: roster.AuditLine) -> str:
    action = t(ACTIONS[line.action]) if line.action in ACTIONS else line.action
    if line.action == "member.coordinator_changed":
        given = line.details.get("coordinator")
        action = t("Koordination übertragen") if given else t("Koordination entzogen")
    actor = line.actor or t("System")
    if line.details.get("by") == "applicant":  # an appointment request's applicant
        actor = t("antragstellende Person")
    if line.action == "ballot.closed" and line.details.get("automatic"):
        reason = CLOSE_REASONS.get(str(line.details.get("reason")))
        action = t("Abstimmung automatisch geschlossen")
        if reason:
            action += f" ({t(reason)})"
        actor = t("automatisch")
    shown = None if line.action in HIDDEN_SUBJECTS else _subject_text(t, line.subject)
    subject = f" – {e(shown)}" if shown else ""
    detail = _DETAILS.get(line.action)
    if detail is not None:
        subject += detail(t, line.details)
    return f"{format_short(line.at)}: <b>{e(action)}</b>{subject} ({e(actor)})"


def _withdrawal(t: Translator, details: dict[str, Any]) -> str:
    return f": {e(details['reason'])}" if details.get("reason") else ""


def _approval(t: Translator, details: dict[str, Any]) -> str:
    number = details.get("approving_meeting")
    return " " + e(t("(in der Sitzung Nr. {n})", n=number)) if number else ""


def _document(t: Translator, details: dict[str, Any]) -> str:
    """The document's number and name; a replacement names the version it replaced."""
    text = t(
        "Unterlage Nr. {id} „{name}“", id=details.get("document"), name=details.get("file_name")
    )
    previous = details.get("previous")
    if isinstance(previous, dict) and previous.get("file_name"):
        text += " " + t("statt „{name}“", name=previous["file_name"])
    return f": {e(text)}"


#: what an entry's details add to its line in /protokoll
_DETAILS: dict[str, Callable[[Translator, dict[str, Any]], str]] = {
    "proposal.withdrawn": _withdrawal,
    "minutes.approved": _approval,
    "document.attached": _document,
    "document.replaced": _document,
    "document.removed": _document,
}


def _subject_text(t: Translator, subject: str | None) -> str | None:
    kind, _colon, number = (subject or "").partition(":")
    if kind in SUBJECTS and NUMBER.fullmatch(number):
        return t(SUBJECTS[kind], n=number)
    return subject


async def audit_log(update: Update, context: Context) -> None:
    who = await require_coordinator(update, context, own_committee=True)
    if who is None:
        return
    t = tr(update)
    lines = await roster.audit_lines(runtime(context), who.committee_id, AUDIT_LINES)
    text = "\n".join(
        [t("<b>Protokoll – die letzten Einträge</b>")] + [_audit_line(t, line) for line in lines]
    )
    for part in split_message(text):
        await update.effective_message.reply_html(part)


FEATURE = Feature(
    commands=(
        Command(
            "mitglieder",
            N_("Mitgliederverzeichnis"),
            Audience.MEMBER,
            members_list,
            Where.BOTH,
            scope=Scope.OWN,
        ),
        Command(
            "mitglied",
            N_("Mitglied bearbeiten (Rolle, Institution, deaktivieren)"),
            Audience.COORDINATOR,
            manage,
            scope=Scope.OWN,
        ),
        Command(
            "institutionen",
            N_("Institutionen und Stimmrecht"),
            Audience.COORDINATOR,
            institutions,
            scope=Scope.OWN,
        ),
        Command(
            "institution_neu",
            N_("Institution anlegen"),
            Audience.COORDINATOR,
            add_institution,
            scope=Scope.OWN,
        ),
        Command(
            "institution_umbenennen",
            N_("Institution umbenennen"),
            Audience.COORDINATOR,
            rename_institution,
            scope=Scope.OWN,
        ),
        Command(
            "gruppe_verbinden",
            N_("Diese Gruppe als RAK-Gruppe verbinden"),
            Audience.COORDINATOR,
            bind_group,
            Where.GROUP,
            scope=Scope.OWN,
        ),
        Command(
            "export",
            N_("Mitgliederverzeichnis als CSV"),
            Audience.COORDINATOR,
            export,
            scope=Scope.OWN,
        ),
        Command(
            "protokoll",
            N_("Letzte Änderungen (Protokoll)"),
            Audience.COORDINATOR,
            audit_log,
            scope=Scope.OWN,
        ),
    ),
    buttons=(
        (callbacks.MEMBER.pattern, on_manage_button),
        (callbacks.INSTITUTION.pattern, on_institution_button),
    ),
)
