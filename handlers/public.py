"""What anyone can ask: greeting, contact, office hours, funding areas, FAQ, help."""

from __future__ import annotations

from datetime import date, datetime, time

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode

from handlers.commands import (
    Audience,
    Command,
    Feature,
    Where,
    all_commands,
    all_start_links,
    visible_commands,
)
from handlers.common import Context, chat_tr, e, is_private, person, runtime, tr
from rakbot.content import Content, FaqEntry, Programme
from rakbot.content.desk import Kind
from rakbot.content.intent import Intent
from rakbot.domain.dates import BERLIN, format_date
from rakbot.domain.small_talk import SmallTalk
from rakbot.i18n import LANGUAGES, N_, Translator, translator
from rakbot.services.appointment_retention import period_text
from rakbot.views import callbacks

MENU_LABELS: dict[str, str] = {
    "foerderbereiche": N_("📋 Förderbereiche"),
    "kontakt": N_("📞 Kontakt"),
    "sprechzeiten": N_("🕘 Sprechzeiten"),
    "termin_anfragen": N_("📅 Termin anfragen"),
    "faq": N_("❓ Häufige Fragen"),
    "hilfe": N_("ℹ️ Hilfe"),
    "datenschutz": N_("🔒 Datenschutz"),
}
FAQ_RESULTS = 3
INLINE_RESULTS = 10
BUTTON_TEXT_MAX = 60
QUERY_MAX = 300


def main_menu(t: Translator) -> ReplyKeyboardMarkup:
    labels = [t(label) for label in MENU_LABELS.values()]
    rows = [labels[i : i + 2] for i in range(0, len(labels), 2)]
    return ReplyKeyboardMarkup(
        [[KeyboardButton(label) for label in row] for row in rows], resize_keyboard=True
    )


def menu_command(text: str) -> str | None:
    """The command behind a main-menu button label, in any language."""
    for command, label in MENU_LABELS.items():
        if any(text == translator(lang)(label) for lang in LANGUAGES):
            return command
    return None


def _day(value: date, lang: str) -> str:
    return format_date(datetime.combine(value, time(12), tzinfo=BERLIN), lang)


async def start(update: Update, context: Context) -> None:
    for link in all_start_links(context):
        value = link.parse(context.args or [])
        if value is not None:
            await link.open(update, context, value)
            return
    t = tr(update)
    content = runtime(context).content
    text = "\n".join(
        [
            t("Willkommen beim Bot des <b>{committee}</b>!", committee=e(content.committee_short)),
            e(content.about.get(t.lang)),
            "",
            t("Wählen Sie unten ein Thema oder schreiben Sie mir Ihre Frage.")
            if is_private(update)
            # the group has no menu: point to the commands instead
            else t("Was ich kann, steht unter /hilfe; Fragen am besten im privaten Chat."),
        ]
    )
    markup = main_menu(t) if is_private(update) else None
    await update.effective_message.reply_html(text, reply_markup=markup)


def contact_text(content: Content, t: Translator) -> str:
    c = content.contact
    lines = [
        f"<b>{e(c.unit.get(t.lang))}</b>",
        e(c.office.get(t.lang)),
        e(c.street),
        f"{e(c.postal_code)} {e(c.city)}",
        "",
        t("Ansprechpartnerin: {person}", person=e(c.person.get(t.lang))),
        t("Telefon: {phone}", phone=e(c.phone)),
        t("Fax: {fax}", fax=e(c.fax)),
    ]
    if c.email:
        lines.append(t("E-Mail: {email}", email=e(c.email)))
    lines.append(t("Sprechzeiten: {hours}", hours=e(c.office_hours.get(t.lang))))
    lines.append(t("Einen Termin können Sie hier anfragen: /termin_anfragen"))
    return "\n".join(lines)


def _vcard(content: Content, t: Translator) -> str:
    c = content.contact
    district, country = t("Landkreis Börde"), t("Deutschland")
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{c.last_name};{c.first_name};;;",
        f"FN:{c.first_name} {c.last_name}",
        f"ORG:{district};{c.office.get(t.lang)}",
        f"TITLE:{c.unit.get(t.lang)}",
        f"TEL;TYPE=WORK,VOICE:{c.phone}",
        f"TEL;TYPE=WORK,FAX:{c.fax}",
        f"ADR;TYPE=WORK:;;{c.street};{c.city};;{c.postal_code};{country}",
    ]
    if c.email:
        lines.append(f"EMAIL;TYPE=WORK:{c.email}")
    lines.append("END:VCARD")
    return "\n".join(lines)


async def contact(update: Update, context: Context) -> None:
    t = tr(update)
    content = runtime(context).content
    c = content.contact
    message = update.effective_message
    await message.reply_html(contact_text(content, t))
    await message.reply_contact(
        phone_number=c.phone,
        first_name=c.first_name,
        last_name=c.last_name,
        vcard=_vcard(content, t),
    )
    await message.reply_venue(
        latitude=c.latitude,
        longitude=c.longitude,
        title=c.unit.get(t.lang),
        address=f"{c.office.get(t.lang)}, {c.street}, {c.postal_code} {c.city}",
    )


def office_hours_text(content: Content, t: Translator) -> str:
    c = content.contact
    return t(
        "<b>Sprechzeiten der Regionalen Koordination</b>\n"
        "{hours}\n\n"
        "Einen Termin können Sie direkt hier anfragen: /termin_anfragen\n"
        "Oder rufen Sie an: {phone}",
        hours=e(c.office_hours.get(t.lang)),
        phone=e(c.phone),
    )


async def office_hours(update: Update, context: Context) -> None:
    t = tr(update)
    await update.effective_message.reply_html(office_hours_text(runtime(context).content, t))


PRIVACY_SECTIONS = (
    ("controller", N_("Verantwortlich")),
    ("data", N_("Welche Daten")),
    ("purposes", N_("Wozu")),
    ("legal_basis", N_("Rechtsgrundlage")),
    ("retention", N_("Wie lange")),
    ("recipients", N_("Wer sie erhält")),
    ("rights", N_("Ihre Rechte")),
    ("contact", N_("Fragen zum Datenschutz")),
)


def privacy_text(content: Content, t: Translator, retention_days: int) -> str:
    """The privacy notice (Art. 13 GDPR) from the content file, section by section; the
    configured retention period of appointment requests stands for `{retention}`."""
    notice = content.privacy
    lines = [t("<b>Datenschutzhinweise</b>")]
    for field_name, title in PRIVACY_SECTIONS:
        text = getattr(notice, field_name).get(t.lang)
        text = text.replace("{retention}", period_text(t, retention_days))
        lines += ["", f"<b>{e(t(title))}</b>", e(text)]
    return "\n".join(lines)


def privacy_button(t: Translator) -> InlineKeyboardButton:
    return InlineKeyboardButton(t("🔒 Datenschutz"), callback_data=callbacks.PRIVACY.data("show"))


async def privacy(update: Update, context: Context) -> None:
    t = tr(update)
    rt = runtime(context)
    await update.effective_message.reply_html(
        privacy_text(rt.content, t, rt.settings.appointment_retention_days)
    )


async def privacy_pressed(update: Update, context: Context) -> None:
    query = update.callback_query
    t = tr(update)
    if callbacks.PRIVACY.parse(query.data) is None:
        await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
        return
    await query.answer()
    if query.message is not None:
        await context.bot.send_message(
            chat_id=query.message.chat.id,
            text=privacy_text(
                runtime(context).content,
                chat_tr(update),
                runtime(context).settings.appointment_retention_days,
            ),
            parse_mode=ParseMode.HTML,
        )


#: the funding area of the Regionale Koordination itself
REKO_AREA = "J"


def areas_overview(content: Content, t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    programme = content.programme
    lines = [
        t("<b>{programme} – Förderbereiche</b>", programme=e(programme.name)),
        # the seed dates this period for the Regionale Koordination's own grant (area J)
        _reko_period(t, programme),
        "",
    ]
    lines += [f"<b>{area.code}</b> {e(area.name.get(t.lang))}" for area in content.funding_areas]
    lines += ["", t("Tippen Sie auf einen Bereich für die Beschreibung.")]
    buttons = [
        InlineKeyboardButton(
            _button_text(f"{area.code} · {(area.short_name or area.name).get(t.lang)}"),
            callback_data=callbacks.FUNDING_AREA.data("area", area.code),
        )
        for area in content.funding_areas
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def area_text(content: Content, code: str, t: Translator) -> str:
    area = content.area(code)
    programme = content.programme
    return "\n".join(
        [
            t("<b>Förderbereich {code}</b>", code=area.code),
            e(area.name.get(t.lang)),
            "",
            t("<b>Zielgruppe:</b> {text}", text=e(area.target_group.get(t.lang))),
            t("<b>Ziel:</b> {text}", text=e(area.aim.get(t.lang))),
            t("<b>Projekte:</b> {text}", text=e(area.projects.get(t.lang))),
            "",
            *([_reko_period(t, programme)] if area.code == REKO_AREA else []),
            t("Fragen dazu beantwortet die Regionale Koordination: /kontakt"),
        ]
    )


def _reko_period(t: Translator, programme: Programme) -> str:
    return t(
        "Förderzeitraum der Regionalen Koordination laut Zuwendungsbescheid: {start} – {end}",
        start=_day(programme.funding_period_start, t.lang),
        end=_day(programme.funding_period_end, t.lang),
    )


async def funding_areas(update: Update, context: Context) -> None:
    text, markup = areas_overview(runtime(context).content, tr(update))
    await update.effective_message.reply_html(text, reply_markup=markup)


async def funding_area_button(update: Update, context: Context) -> None:
    """`fb:<code>` shows an area, `fb:all` the overview again; anything else is refused."""
    query = update.callback_query
    t = tr(update)
    content = runtime(context).content
    pressed = callbacks.FUNDING_AREA.parse(query.data)
    code = pressed.word() if pressed is not None and pressed.form == "area" else None
    shown = chat_tr(update)  # the message belongs to the chat: German in a group
    if pressed is not None and pressed.form == "all":
        text, markup = areas_overview(content, shown)
    elif code in {area.code for area in content.funding_areas}:
        text = area_text(content, code, shown)
        markup = _all_areas(shown)
    else:
        await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
        return
    await query.answer()
    if query.message is not None and query.message.text_html != text:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


def _button_text(text: str) -> str:
    return text if len(text) <= BUTTON_TEXT_MAX else text[: BUTTON_TEXT_MAX - 1] + "…"


def faq_answer_text(entry: FaqEntry, t: Translator) -> str:
    return f"<b>{e(entry.question.get(t.lang))}</b>\n\n{e(entry.answer.get(t.lang))}"


def _faq_buttons(entries: list[FaqEntry], t: Translator) -> InlineKeyboardMarkup | None:
    if not entries:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _button_text(entry.question.get(t.lang)),
                    callback_data=callbacks.FAQ.data("entry", entry.id),
                )
            ]
            for entry in entries
        ]
    )


def handover_text(content: Content, t: Translator) -> str:
    """The honest answer when the FAQ has none: who can answer, and how to reach them."""
    c = content.contact
    return t(
        "Dazu kann ich Ihnen leider keine verlässliche Antwort geben. Die Regionale "
        "Koordination hilft Ihnen gern persönlich weiter:\n"
        "Telefon: {phone}\n"
        "Sprechzeiten: {hours}\n"
        "Termin anfragen: /termin_anfragen · Kontakt: /kontakt",
        phone=e(c.phone),
        hours=e(c.office_hours.get(t.lang)),
    )


def appointment_offer(t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    text = t(
        "Einen Termin bei der Regionalen Koordination können Sie direkt hier anfragen – "
        "vier kurze Fragen, dann meldet sich das Büro bei Ihnen."
    )
    button = InlineKeyboardButton(
        t("📅 Termin anfragen"), callback_data=callbacks.APPOINTMENT.data("begin")
    )
    return text, InlineKeyboardMarkup([[button]])


async def answer_question(update: Update, context: Context, question: str) -> None:
    """Intent, FAQ answer or honest hand-over, in the language the question is written in."""
    rt = runtime(context)
    reply = (await rt.desk()).answer(question, tr(update).lang)
    # in a private chat the question's own language; a group chat stays German
    t = translator(reply.lang) if is_private(update) else tr(update)
    message = update.effective_message
    if reply.kind is Kind.SMALL_TALK and reply.small_talk is not None:
        await message.reply_text(t(SMALL_TALK[reply.small_talk]))
    elif reply.kind is Kind.AREA and reply.area is not None:
        await message.reply_html(area_text(rt.content, reply.area, t), reply_markup=_all_areas(t))
    elif reply.intent in COMMAND_INTENTS:
        await _answer_intent(update, context, reply.intent, t)
    elif reply.intent is not None:
        await _answer_faq(update, rt.content.faq_entry(reply.intent.value), [], t)
    elif reply.entry is not None:
        await _answer_faq(update, reply.entry, reply.others, t)
    else:
        await message.reply_html(handover_text(rt.content, t))


#: intents answered like their command; the others are answered by their FAQ entry
COMMAND_INTENTS = frozenset({Intent.APPOINTMENT, Intent.HOURS, Intent.AREAS, Intent.CONTACT})


async def _answer_intent(update: Update, context: Context, intent: Intent, t: Translator) -> None:
    """Intents whose answer is a command's: appointment, contact, office hours, the areas."""
    content = runtime(context).content
    message = update.effective_message
    if intent is Intent.APPOINTMENT:
        text, markup = appointment_offer(t)
        await message.reply_html(text, reply_markup=markup)
    elif intent is Intent.HOURS:
        await message.reply_html(office_hours_text(content, t))
    elif intent is Intent.AREAS:
        text, markup = areas_overview(content, t)
        await message.reply_html(text, reply_markup=markup)
    else:
        await message.reply_html(contact_text(content, t))


async def _answer_faq(
    update: Update, entry: FaqEntry, others: list[FaqEntry], t: Translator
) -> None:
    text = faq_answer_text(entry, t)
    if others:
        text += "\n\n" + t("Passt das nicht? Vielleicht meinen Sie:")
    await update.effective_message.reply_html(text, reply_markup=_faq_buttons(others, t))


def _all_areas(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("« Alle Förderbereiche"), callback_data=callbacks.FUNDING_AREA.data("all")
                )
            ]
        ]
    )


SMALL_TALK = {
    SmallTalk.GREETING: N_(
        "Guten Tag! Fragen Sie mich zu REGIO AKTIV, den Förderbereichen oder zum Kontakt – "
        "oder sehen Sie unter /hilfe, was ich kann."
    ),
    SmallTalk.THANKS: N_("Gern geschehen! Wenn noch etwas offen ist, schreiben Sie mir einfach."),
    SmallTalk.GOODBYE: N_("Auf Wiedersehen!"),
}

#: what applicants ask first (a content file without these ids shows its first entries)
FEATURED_FAQ = (
    "wer-wird-gefoerdert",
    "antrag-wettbewerb",
    "foerderhoehe",
    "foerderbereiche",
    "kontakt",
)


def featured_faq(entries: list[FaqEntry]) -> list[FaqEntry]:
    by_id = {entry.id: entry for entry in entries}
    featured = [by_id[entry_id] for entry_id in FEATURED_FAQ if entry_id in by_id]
    return featured if len(featured) >= 3 else entries[: len(FEATURED_FAQ)]


async def faq(update: Update, context: Context) -> None:
    t = tr(update)
    question = " ".join(context.args or []).strip()
    if question:
        await answer_question(update, context, question)
        return
    entries = featured_faq(runtime(context).content.faq)
    await update.effective_message.reply_html(
        t(
            "Schreiben Sie Ihre Frage einfach hinter /faq oder – im privaten Chat – direkt in "
            "den Chat, zum Beispiel: <i>Wer kann gefördert werden?</i>\n\nHäufig gefragt:"
        ),
        reply_markup=_faq_buttons(entries, t),
    )


async def faq_button(update: Update, context: Context) -> None:
    query = update.callback_query
    t = tr(update)
    pressed = callbacks.FAQ.parse(query.data)
    entry_id = pressed.word() if pressed is not None else None
    content = runtime(context).content
    if entry_id is None or entry_id not in {entry.id for entry in content.faq}:
        await query.answer(t("Diese Schaltfläche ist nicht mehr gültig."), show_alert=True)
        return
    await query.answer()
    if query.message is not None:
        await context.bot.send_message(
            chat_id=query.message.chat.id,
            text=faq_answer_text(content.faq_entry(entry_id), chat_tr(update)),
            parse_mode=ParseMode.HTML,
        )


async def inline_faq(update: Update, context: Context) -> None:
    """`@bot Praktikum` in any chat: matching answers to share."""
    query = update.inline_query
    t = tr(update)
    rt = runtime(context)
    text = query.query.strip()[:QUERY_MAX]
    if text:
        index = (await rt.desk()).index(t.lang)
        entries = [hit.entry for hit in index.search(text, limit=INLINE_RESULTS)]
    else:
        entries = list(rt.content.faq[:INLINE_RESULTS])
    results = [
        InlineQueryResultArticle(
            id=entry.id,
            title=entry.question.get(t.lang),
            description=entry.answer.get(t.lang)[:120],
            input_message_content=InputTextMessageContent(
                faq_answer_text(entry, t), parse_mode=ParseMode.HTML
            ),
        )
        for entry in entries
    ]
    await query.answer(results, cache_time=60, is_personal=False)


async def help_command(update: Update, context: Context) -> None:
    t = tr(update)
    who = await person(update, context)
    where = Where.PRIVATE if is_private(update) else Where.GROUP
    # In a group bound to no committee only what everyone may use answers (see require_member).
    unbound_group = who is not None and who.in_group and who.group_committee_id is None
    commands = visible_commands(
        all_commands(context),
        is_member=bool(who and who.is_member and not unbound_group),
        is_coordinator=bool(who and who.is_coordinator and not unbound_group),
        votes=bool(who and who.holds_seat and not unbound_group),
        where=where,
        bot_committee=who is None or who.committee_id == runtime(context).committee_id,
    )
    lines = [t("<b>Das kann ich für Sie tun:</b>")]
    lines += [
        f"/{command.shown_name(t.lang)} – {e(t(command.description))}" for command in commands
    ]
    if unbound_group and who is not None and who.is_coordinator:
        lines += ["", t("Diese Gruppe ist mit keinem Gremium verbunden: /gruppe_verbinden")]
    if is_private(update):
        lines += ["", t("Sie können mir Ihre Frage auch einfach schreiben.")]
    await update.effective_message.reply_html(
        "\n".join(lines), reply_markup=InlineKeyboardMarkup([[privacy_button(t)]])
    )


FEATURE = Feature(
    commands=(
        Command("start", N_("Begrüßung und Hauptmenü"), Audience.PUBLIC, start),
        Command(
            "hilfe",
            N_("Was ich für Sie tun kann"),
            Audience.PUBLIC,
            help_command,
            Where.BOTH,
            ("help",),
        ),
        Command(
            "kontakt",
            N_("Kontakt der Regionalen Koordination"),
            Audience.PUBLIC,
            contact,
            Where.BOTH,
            ("contact",),
        ),
        Command(
            "sprechzeiten",
            N_("Sprechzeiten der Regionalen Koordination"),
            Audience.PUBLIC,
            office_hours,
            Where.BOTH,
            ("hours",),
        ),
        Command(
            "foerderbereiche",
            N_("Förderbereiche von REGIO AKTIV"),
            Audience.PUBLIC,
            funding_areas,
            Where.BOTH,
            ("areas",),
        ),
        Command("faq", N_("Häufige Fragen durchsuchen"), Audience.PUBLIC, faq, Where.BOTH),
        Command(
            "datenschutz",
            N_("Datenschutzhinweise: was gespeichert wird und warum"),
            Audience.PUBLIC,
            privacy,
            Where.BOTH,
            ("privacy",),
        ),
    ),
    buttons=(
        (callbacks.FUNDING_AREA.pattern, funding_area_button),
        (callbacks.FAQ.pattern, faq_button),
        (callbacks.PRIVACY.pattern, privacy_pressed),
    ),
)
