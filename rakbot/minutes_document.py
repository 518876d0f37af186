"""The Niederschrift of a meeting as a document for the office's files (PDF and DOCX), in the
structure German committee minutes use:

head (committee, place, date, start and end, chair, minute-taker), the status on every page
(draft, or approved at a later meeting with its date), members present per institution with
their role, members absent, the agenda, each agenda item with its motions, procedures, results
with numbers and exclusions for conflict of interest (institutions named), further decisions,
the written procedures reported to the meeting, and signature lines for the chair and the
minute-taker.

This module only arranges text (plain JSON-able values, see `rakbot.render`); the worker process
lays it out. The Markdown record (`rakbot.minutes.render_meeting`) stays for those who want text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rakbot.domain.dates import format_date, format_long, format_time
from rakbot.i18n import Translator
from rakbot.minutes import Item, MeetingMinutes

Block = dict[str, Any]


@dataclass(frozen=True)
class Approval:
    """The minutes were approved at meeting `meeting_number`, held on `at`."""

    meeting_number: int
    at: datetime


def status_line(t: Translator, approval: Approval | None) -> str:
    if approval is None:
        return t("ENTWURF – noch nicht genehmigt")
    return t(
        "Genehmigt in der Sitzung Nr. {n} am {date}",
        n=approval.meeting_number,
        date=format_date(approval.at, t.lang),
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _item_blocks(t: Translator, item: Item) -> list[Block]:
    pairs: list[list[str]] = [[t("Beschlussvorlage"), _one_line(item.question)]]
    if item.proposal:
        pairs.append([t("Antrag"), _one_line(item.proposal)])
    pairs.append([t("Verfahren"), item.procedure])
    if item.result is None:
        pairs.append([t("Ergebnis"), t("noch offen")])
    else:
        pairs.append([t("Ergebnis"), item.result_line])
        votes = "; ".join(item.votes) or t(
            "nicht veröffentlicht (geheim, weniger als 3 Teilnehmende)"
        )
        pairs.append([t("Stimmen"), votes])
        excluded = ", ".join(item.result.get("excluded", [])) or t("niemand")
        pairs.append([t("Befangen (nicht mitgestimmt)"), excluded])
        if item.own_proposals:
            pairs.append([t("Eigene Anträge nicht mitbewertet"), "; ".join(item.own_proposals)])
    return [
        {"kind": "subheading", "text": t("Abstimmung Nr. {id}", id=item.number)},
        {"kind": "pairs", "items": pairs},
    ]


def _items(t: Translator, items: list[Item]) -> list[Block]:
    return [block for item in items for block in _item_blocks(t, item)]


def _attendance(t: Translator, minutes: MeetingMinutes, roles: dict[str, str]) -> list[Block]:
    attendance = minutes.attendance
    rows: list[list[str]] = []
    for row in attendance.present:
        people = [f"{name} ({roles[name]})" if name in roles else name for name in row.names]
        if row.proxy:
            people.append(t("Stellvertretung angekündigt"))
        basis = t("hat abgestimmt") if row.voted else t("laut Rückmeldung")
        rows.append([row.institution, f"{', '.join(people) or '–'} – {basis}"])
    blocks: list[Block] = [
        {
            "kind": "text",
            "text": t(
                "Grundlage je Institution: „hat abgestimmt“ – sie hat an mindestens einer "
                "Abstimmung dieser Sitzung teilgenommen; „laut Rückmeldung“ – sie hat nicht "
                "abgestimmt, aber auf die Einladung hin zugesagt oder ihre Stellvertretung "
                "angekündigt."
            ),
        },
        {"kind": "pairs", "items": rows or [[t("niemand erfasst"), ""]]},
    ]
    if attendance.others:
        blocks.append(
            {
                "kind": "pairs",
                "items": [[t("Weitere Teilnehmende"), ", ".join(attendance.others)]],
            }
        )
    if attendance.absent:
        absent = [
            t("{institution} (entschuldigt)", institution=name) if declined else name
            for name, declined in attendance.absent
        ]
        blocks.append({"kind": "pairs", "items": [[t("Nicht anwesend"), ", ".join(absent)]]})
    return blocks


def _sections(t: Translator, minutes: MeetingMinutes, roles: dict[str, str]) -> list[Block]:
    sections: list[Block] = [
        {"heading": t("Anwesende Mitglieder"), "blocks": _attendance(t, minutes, roles)},
        {
            "heading": t("Tagesordnung"),
            "blocks": [
                {
                    "kind": "bullets",
                    "items": [
                        t("TOP {n}: {title}", n=n, title=_one_line(topic.title))
                        for n, topic in enumerate(minutes.topics, start=1)
                    ],
                }
                if minutes.topics
                else {"kind": "text", "text": t("Keine Tagesordnung hinterlegt.")}
            ],
        },
    ]
    for n, topic in enumerate(minutes.topics, start=1):
        blocks = _items(t, topic.items) or [
            {"kind": "text", "text": t("Keine Abstimmung zu diesem Punkt.")}
        ]
        sections.append(
            {"heading": t("TOP {n}: {title}", n=n, title=_one_line(topic.title)), "blocks": blocks}
        )
    if minutes.further:
        sections.append({"heading": t("Weitere Beschlüsse"), "blocks": _items(t, minutes.further)})
    if minutes.written:
        since = (
            t("seit der Sitzung am {when}", when=format_long(minutes.previous_at, t.lang))
            if minutes.previous_at is not None
            else t("vor dieser Sitzung")
        )
        intro = t("Abgeschlossen {since}; sie werden hiermit bekannt gegeben.", since=since)
        sections.append(
            {
                "heading": t("Im Umlaufverfahren gefasste Beschlüsse"),
                "blocks": [{"kind": "text", "text": intro}, *_items(t, minutes.written)],
            }
        )
    return sections


def meeting_document(
    t: Translator,
    minutes: MeetingMinutes,
    *,
    minute_taker: str,
    roles: dict[str, str],
    approval: Approval | None,
) -> dict[str, Any]:
    """The document of a meeting's minutes; `roles` names the role of each person present
    (Vertretung, Stellvertretung, …) by display name."""
    facts = [
        [t("Gremium"), minutes.committee],
        [t("Sitzung"), t("Nr. {n}", n=minutes.number)],
        [t("Ort"), _one_line(minutes.place)],
        [t("Datum"), format_date(minutes.starts_at, t.lang)],
        [t("Beginn"), format_time(minutes.starts_at, t.lang)],
        [
            t("Ende"),
            format_time(minutes.ends_at, t.lang) if minutes.ends_at is not None else "–",
        ],
        [t("Vorsitz"), minutes.chair],
        [t("Protokollführung"), minute_taker],
    ]
    return {
        "title": t("Niederschrift"),
        "subtitle": t(
            "über die Sitzung Nr. {n} – {committee}", n=minutes.number, committee=minutes.committee
        ),
        "status": status_line(t, approval),
        "facts": facts,
        "sections": _sections(t, minutes, roles),
        "signatures": [[t("Vorsitz"), minutes.chair], [t("Protokollführung"), minute_taker]],
        "signature_place": t("Ort, Datum"),
        "page": t("Seite {page} von {pages}", page="{page}", pages="{pages}"),
        "metadata": {
            "title": t("Niederschrift der Sitzung Nr. {n}", n=minutes.number),
            "author": minute_taker,
            "subject": minutes.committee,
            "language": "de-DE" if t.lang.startswith("de") else "en",
        },
    }
