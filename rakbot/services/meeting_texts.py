"""The texts about meetings that the bot sends: group card, reminders, change notices, lists.

They are built where they are sent (handlers, outbox renderers), always from the current
database state, in the reader's language.
"""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from rakbot.domain.dates import as_berlin, format_long, format_short, format_time
from rakbot.domain.text_input import AGENDA_ITEM_MAX, AGENDA_MAX_ITEMS, AgendaTooLong
from rakbot.i18n import Translator, translator

if TYPE_CHECKING:
    from rakbot.services.meeting_views import MeetingView
    from storage.models import Meeting


def e(value: Any) -> str:
    return html.escape(str(value), quote=False)


def where_line(t: Translator, place: str | None, video_url: str | None) -> list[str]:
    lines = []
    if place:
        lines.append(t("Ort: {place}", place=e(place)))
    if video_url:
        lines.append(t("Video: {url}", url=e(video_url)))
    return lines


def when_line(t: Translator, starts_at: datetime, ends_at: datetime | None) -> str:
    when = format_long(starts_at, t.lang)
    if ends_at is None:
        return when
    if as_berlin(ends_at).date() != as_berlin(starts_at).date():
        # past midnight: the end needs its own date
        return t("{start} bis {end}", start=when, end=format_long(ends_at, t.lang))
    return t("{start} bis {end}", start=when, end=format_time(ends_at, t.lang))


def headline(t: Translator, view: MeetingView) -> str:
    if view.status == "cancelled":
        return t("<b>ABGESAGT: Sitzung des RAK Nr. {id}</b>", id=view.id)
    return t("<b>Sitzung des RAK Nr. {id}</b>", id=view.id)


def agenda_lines(t: Translator, agenda: tuple[str, ...]) -> list[str]:
    if not agenda:
        return []
    return [t("Tagesordnung:"), *(f"{n}. {e(item)}" for n, item in enumerate(agenda, 1))]


def attendance_lines(t: Translator, view: MeetingView) -> list[str]:
    lines = [t("Rückmeldungen:")]
    for row in view.attendance:
        if row.coming:
            state = t("✅ kommt: {names}", names=e(", ".join(row.coming)))
        elif row.proxy and not row.declined:
            state = t("🔁 Stellvertretung kommt")
        elif row.proxy:
            # announced by the representative, then declined by the deputy: nobody comes
            state = t("❌ Stellvertretung angekündigt, hat aber abgesagt")
        elif row.declined:
            state = t("❌ abgesagt")
        else:
            state = t("– keine Antwort")
        lines.append(f"• {e(row.institution)}: {state}")
    if view.others_coming:
        lines.append(t("Außerdem: {names}", names=e(", ".join(view.others_coming))))
    if view.quorum_expected:
        lines.append(
            t(
                "Beschlussfähigkeit erwartet: ja ({n} von {m} stimmberechtigten Institutionen)",
                n=view.represented,
                m=view.voting,
            )
        )
    else:
        lines.append(
            t(
                "Beschlussfähigkeit erwartet: noch nicht ({n} von {m} stimmberechtigten "
                "Institutionen, nötig sind mehr als die Hälfte)",
                n=view.represented,
                m=view.voting,
            )
        )
    return lines


def card(lang: str, view: MeetingView) -> str:
    """The group announcement; kept up to date when answers or the meeting change."""
    t = translator(lang)
    lines = [headline(t, view), when_line(t, view.starts_at, view.ends_at)]
    lines += where_line(t, view.place, view.video_url)
    lines += agenda_lines(t, view.agenda)
    if view.status == "planned":
        lines += ["", *attendance_lines(t, view)]
        lines.append(t("Antworten sind bis zum Beginn der Sitzung änderbar."))
    return "\n".join(lines)


def list_line(lang: str, view: MeetingView) -> str:
    t = translator(lang)
    status = t(" (abgesagt)") if view.status == "cancelled" else ""
    place = f" – {e(view.place)}" if view.place else ""
    return f"Nr. {view.id}: {format_short(view.starts_at, t.lang)}{place}{status}"


def offset_text(t: Translator, offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    if minutes % 1440 == 0:
        return t.plural("morgen", "in {n} Tagen", minutes // 1440)
    if minutes % 60 == 0:
        return t.plural("in einer Stunde", "in {n} Stunden", minutes // 60)
    return t.plural("in einer Minute", "in {n} Minuten", minutes)


def reminder(lang: str, view: MeetingView, offset: timedelta, *, private: bool) -> str:
    t = translator(lang)
    lines = [
        t("<b>Erinnerung: Sitzung des RAK {when}</b>", when=offset_text(t, offset)),
        when_line(t, view.starts_at, view.ends_at),
    ]
    lines += where_line(t, view.place, view.video_url)
    lines += agenda_lines(t, view.agenda)
    if private:
        lines += [
            "",
            t(
                "Für Ihre Institution liegt noch keine Rückmeldung vor. Bitte antworten Sie "
                "in der Gruppe oder mit /naechste_sitzung."
            ),
        ]
    else:
        lines += [
            "",
            t(
                "Bisher vertreten: {n} von {m} stimmberechtigten Institutionen.",
                n=view.represented,
                m=view.voting,
            ),
        ]
    return "\n".join(lines)


def change_notice(lang: str, meeting: Meeting, action: str, old_start: datetime) -> str:
    """Private notice to people who confirmed, after a move, edit or cancellation."""
    t = translator(lang)
    old = format_long(old_start, t.lang)
    if action == "cancelled":
        return t("<b>Die Sitzung am {old} ist abgesagt.</b>", old=old)
    if action == "moved":
        lines = [
            t(
                "<b>Die Sitzung vom {old} wurde verschoben auf {new}.</b>",
                old=old,
                new=format_long(meeting.starts_at, t.lang),
            ),
            t("Bitte prüfen Sie, ob Ihre Zusage noch gilt."),
        ]
    else:
        lines = [t("<b>Die Sitzung am {old} wurde geändert.</b>", old=old)]
    lines += where_line(t, meeting.place, meeting.video_url)
    lines += agenda_lines(t, tuple(meeting.agenda or ()))
    return "\n".join(lines)


def agenda_problem(t: Translator, error: AgendaTooLong) -> str:
    """Why an agenda was refused, so that the office can shorten it."""
    if error.item == 0:
        return t(
            "Höchstens {limit} Tagesordnungspunkte, bitte zusammenfassen (es sind {n}).",
            limit=AGENDA_MAX_ITEMS,
            n=error.length,
        )
    return t(
        "Punkt {item} der Tagesordnung hat {n} Zeichen; höchstens {limit} sind möglich. "
        "Bitte kürzen und die Tagesordnung noch einmal schicken.",
        item=error.item,
        n=error.length,
        limit=AGENDA_ITEM_MAX,
    )
