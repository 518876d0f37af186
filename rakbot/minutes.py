"""The record of decisions (Niederschrift) as Markdown, in the order German committee minutes
use: heading, place and date, chair, members present per institution, items with motion,
result with numbers and exclusions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rakbot.domain.dates import format_long
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
        t("## Anwesende bzw. abstimmende Mitglieder"),
    ]
    for institution, people in minutes.present:
        lines.append(f"- {institution}: {', '.join(people) if people else '–'}")
    for position, item in enumerate(minutes.items, start=1):
        lines += [
            "",
            t("## TOP {n}: Abstimmung Nr. {id}", n=position, id=item.number),
            t("**Beschlussvorlage:** {question}", question=item.question),
        ]
        if item.proposal:
            lines.append(t("**Antrag:** {title}", title=item.proposal))
        lines.append(t("**Verfahren:** {procedure}", procedure=item.procedure))
        if item.result is None:
            lines.append(t("**Ergebnis:** noch offen"))
            continue
        lines += [
            t("**Ergebnis:** {line}", line=item.result_line),
            *_votes(t, item.votes),
            t(
                "**Befangen (nicht mitgestimmt):** {names}",
                names=", ".join(item.result.get("excluded", [])) or t("niemand"),
            ),
        ]
    return "\n".join(lines) + "\n"


def _votes(t: Translator, votes: list[str]) -> list[str]:
    if len(votes) == 1:
        return [t("**Stimmen:** {votes}", votes=votes[0])]
    return [t("**Stimmen:**"), *(f"- {line}" for line in votes)]
