"""The record of decisions (Niederschrift) as Markdown, in the order German committee minutes
use: heading, place and date, chair, members present per institution, items with motion,
result with numbers and exclusions – of one ballot (`render`) or of a meeting
(`render_meeting`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rakbot.domain.dates import format_long, format_time
from rakbot.domain.meeting_minutes import Attendance
from rakbot.i18n import Translator


@dataclass(frozen=True)
class Item:
    number: int
    question: str
    proposal: str | None
    procedure: str
    result: dict[str, Any] | None
    result_line: str
    #: the numbers, one entry per option (one entry for a decision)
    votes: list[str] = field(default_factory=list)
    #: scoring: "Institution (Antrag)" for each applicant that did not score its own proposal
    own_proposals: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Minutes:
    committee: str
    place: str
    held_at: datetime
    chair: str
    present: list[tuple[str, list[str]]]
    items: list[Item] = field(default_factory=list)


def render(t: Translator, minutes: Minutes) -> str:
    lines = [
        t("# Niederschrift – {committee}", committee=minutes.committee),
        "",
        t(
            "**Ort und Datum:** {place}, {when}",
            place=minutes.place,
            when=format_long(minutes.held_at, t.lang),
        ),
        t("**Vorsitz:** {chair}", chair=minutes.chair),
        "",
        t("## Abstimmende Mitglieder"),
    ]
    voted = [(name, people) for name, people in minutes.present if people]
    lines += [f"- {institution}: {', '.join(people)}" for institution, people in voted]
    if not voted:
        lines.append(t("- noch niemand"))
    silent = [name for name, people in minutes.present if not people]
    if silent:
        lines += ["", t("**Nicht abgestimmt:** {names}", names=", ".join(silent))]
    for position, item in enumerate(minutes.items, start=1):
        lines += [
            "",
            t("## TOP {n}: Abstimmung Nr. {id}", n=position, id=item.number),
            *_item_lines(t, item),
        ]
    return "\n".join(lines) + "\n"


def _item_lines(t: Translator, item: Item) -> list[str]:
    """Motion, procedure, result with numbers and exclusions of one ballot."""
    lines = [t("**Beschlussvorlage:** {question}", question=_one_line(item.question))]
    if item.proposal:
        lines.append(t("**Antrag:** {title}", title=_one_line(item.proposal)))
    lines.append(t("**Verfahren:** {procedure}", procedure=item.procedure))
    if item.result is None:
        lines.append(t("**Ergebnis:** noch offen"))
        return lines
    return [
        *lines,
        t("**Ergebnis:** {line}", line=item.result_line),
        *_votes(t, item.votes),
        t(
            "**Befangen (nicht mitgestimmt):** {names}",
            names=", ".join(item.result.get("excluded", [])) or t("niemand"),
        ),
        *(
            [t("**Eigene Anträge nicht mitbewertet:** {names}", names="; ".join(own))]
            if (own := item.own_proposals)
            else []
        ),
    ]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _votes(t: Translator, votes: list[str]) -> list[str]:
    if not votes:
        return [t("**Stimmen:** nicht veröffentlicht (geheim, weniger als 3 Teilnehmende)")]
    if len(votes) == 1:
        return [t("**Stimmen:** {votes}", votes=votes[0])]
    return [t("**Stimmen:**"), *(f"- {line}" for line in votes)]


@dataclass(frozen=True)
class Topic:
    """An agenda item (TOP) and the ballots listed under it."""

    title: str
    items: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class MeetingMinutes:
    committee: str
    number: int
    place: str
    starts_at: datetime
    ends_at: datetime | None
    chair: str
    attendance: Attendance
    topics: list[Topic] = field(default_factory=list)
    #: ballots of the meeting that match no agenda item
    further: list[Item] = field(default_factory=list)
    #: written procedures concluded since the previous meeting (reported to this one)
    written: list[Item] = field(default_factory=list)
    #: start of the previous meeting, None if this is the first
    previous_at: datetime | None = None


def render_meeting(t: Translator, minutes: MeetingMinutes, *, status: str | None = None) -> str:
    """The Niederschrift of a meeting as Markdown; `status` (draft or approved) under the
    heading."""
    when = format_long(minutes.starts_at, t.lang)
    if minutes.ends_at is not None:
        when = t("{start} bis {end}", start=when, end=format_time(minutes.ends_at, t.lang))
    lines = [
        t(
            "# Niederschrift der Sitzung Nr. {n} – {committee}",
            n=minutes.number,
            committee=minutes.committee,
        ),
        "",
        *([t("**Status:** {status}", status=status), ""] if status else []),
        t("**Ort und Datum:** {place}, {when}", place=_one_line(minutes.place), when=when),
        t("**Vorsitz:** {chair}", chair=minutes.chair),
        "",
        *_attendance_lines(t, minutes.attendance),
        "",
        t("## Tagesordnung"),
    ]
    if minutes.topics:
        lines += [
            t("- TOP {n}: {title}", n=n, title=_one_line(topic.title))
            for n, topic in enumerate(minutes.topics, start=1)
        ]
    else:
        lines.append(t("Keine Tagesordnung hinterlegt."))
    for n, topic in enumerate(minutes.topics, start=1):
        lines += ["", t("## TOP {n}: {title}", n=n, title=_one_line(topic.title))]
        if not topic.items:
            lines.append(t("Keine Abstimmung zu diesem Punkt."))
        lines += _items(t, topic.items)
    if minutes.further:
        lines += ["", t("## Weitere Beschlüsse"), *_items(t, minutes.further)]
    if minutes.written:
        since = (
            t("seit der Sitzung am {when}", when=format_long(minutes.previous_at, t.lang))
            if minutes.previous_at is not None
            else t("vor dieser Sitzung")
        )
        lines += [
            "",
            t("## Im Umlaufverfahren gefasste Beschlüsse"),
            t("Abgeschlossen {since}; sie werden hiermit bekannt gegeben.", since=since),
            *_items(t, minutes.written),
        ]
    if not any(topic.items for topic in minutes.topics) and not minutes.further:
        lines += ["", t("In dieser Sitzung wurde über den Bot nicht abgestimmt.")]
    return "\n".join(lines) + "\n"


def _items(t: Translator, items: list[Item]) -> list[str]:
    lines: list[str] = []
    for item in items:
        lines += [
            "",
            t("### Abstimmung Nr. {id}", id=item.number),
            *_item_lines(t, item),
        ]
    return lines


def _attendance_lines(t: Translator, attendance: Attendance) -> list[str]:
    lines = [
        t("## Anwesende Mitglieder"),
        t(
            "Grundlage je Institution: „hat abgestimmt“ – sie hat an mindestens einer Abstimmung "
            "dieser Sitzung teilgenommen; „laut Rückmeldung“ – sie hat nicht abgestimmt, aber auf "
            "die Einladung hin zugesagt oder ihre Stellvertretung angekündigt."
        ),
        "",
    ]
    if not attendance.present:
        lines.append(t("- niemand erfasst"))
    for row in attendance.present:
        people = list(row.names)
        if row.proxy:
            people.append(t("Stellvertretung angekündigt"))
        basis = t("hat abgestimmt") if row.voted else t("laut Rückmeldung")
        lines.append(
            t(
                "- {institution}: {people} ({basis})",
                institution=row.institution,
                people=", ".join(people) or "–",
                basis=basis,
            )
        )
    if attendance.others:
        lines += [
            "",
            t(
                "**Weitere Teilnehmende (laut Rückmeldung):** {names}",
                names=", ".join(attendance.others),
            ),
        ]
    if attendance.absent:
        absent = [
            t("{institution} (entschuldigt)", institution=name) if declined else name
            for name, declined in attendance.absent
        ]
        lines += ["", t("**Nicht anwesend:** {names}", names=", ".join(absent))]
    return lines
