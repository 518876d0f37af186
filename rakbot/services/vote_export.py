"""Recorded votes as a table: `rakbot export votes` (CSV, every committee, for audits) and the
office's `/tabelle abstimmungen` (XLSX or CSV, open ballots of its committee only).

Secret ballots keep their secrecy here too: the server export shows that an institution took
part, never the person nor the choice (which together with the institution would reveal its
vote); the chat export leaves secret ballots out altogether. A ballot that hides its interim
result shows no choice while it runs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rakbot.domain.dates import as_berlin
from rakbot.services.spreadsheet import csv_text
from rakbot.views.ballot_kinds.registry import LOOKS
from storage.db import Database
from storage.models import Ballot, BallotVote, Institution, Member
from storage.repositories import records
from storage.session import AsyncSession

#: the choice cell of a secret ballot
SECRET = "geheim"
#: the choice cell of a running ballot that hides its interim result
HIDDEN = "verborgen bis zum Schluss"
HEADER = (
    "Abstimmung Nr.",
    "Frage",
    "Art",
    "Status",
    "Geheim",
    "Umlaufverfahren",
    "Geschlossen am",
    "Ergebnis",
    "Institution",
    "Mitglied",
    "Rolle",
    "Auswahl",
    "Abgegeben am",
    "Änderungen",
)
KINDS = {kind.value: look.export_name for kind, look in LOOKS.items()}
STATUSES = {"open": "läuft", "closed": "geschlossen"}
RESULTS = {"accepted": "angenommen", "rejected": "abgelehnt", "no_quorum": "nicht beschlussfähig"}
ROLES = {"representative": "Vertretung", "deputy": "Stellvertretung"}
CHOICES = {"yes": "Ja", "no": "Nein", "abstain": "Enthaltung", "maybe": "Vielleicht"}
#: the row of one vote: text, numbers and times (the XLSX formats them, the CSV writes them)
VoteRow = tuple[Any, ...]


def choice_text(value: Any, options: list[dict[str, Any]] | None = None) -> str:
    """A stored choice in one cell, in German: `Ja`, `Option A; Option C` (options),
    `20.01.: Ja; 27.01.: Vielleicht` (dates), `Antrag X: 7; Antrag Y: 5` (points)."""
    labels = {str(o.get("key")): str(o.get("label")) for o in options or ()}

    def label(key: Any) -> str:
        return labels.get(str(key), CHOICES.get(str(key), str(key)))

    if isinstance(value, list):
        return "; ".join(label(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{label(k)}: {CHOICES.get(str(v), v)}" for k, v in value.items())
    return label(value)


def _row(ballot: Ballot, vote: BallotVote, institution: Institution, member: Member) -> VoteRow:
    hidden = (ballot.rules or {}).get("hide_interim") and ballot.status == "open"
    choice = vote.choice.get("value", "")
    return (
        ballot.id,
        ballot.question,
        KINDS.get(ballot.kind, ballot.kind),
        STATUSES.get(ballot.status, ballot.status),
        "ja" if ballot.secret else "nein",
        "ja" if ballot.written else "nein",
        ballot.closed_at,
        RESULTS.get(str((ballot.result or {}).get("status", "")), ""),
        institution.name,
        "" if ballot.secret else member.display_name,
        ROLES.get(vote.role, vote.role),
        SECRET if ballot.secret else HIDDEN if hidden else choice_text(choice, ballot.options),
        vote.cast_at,
        vote.changes,
    )


async def vote_rows(
    db: Database, committee_id: int | None = None, *, open_only: bool = False
) -> list[VoteRow]:
    async def work(session: AsyncSession) -> list[VoteRow]:
        found = await records.recorded_votes(session, committee_id, open_only=open_only)
        return [_row(*row) for row in found]

    return await db.run(work)


def _stamp(value: Any) -> Any:
    return as_berlin(value).strftime("%d.%m.%Y %H:%M") if isinstance(value, datetime) else value


async def votes_csv(db: Database) -> str:
    """Every recorded vote of every committee (times in Europe/Berlin)."""
    rows = await vote_rows(db)
    return csv_text(HEADER, ([_stamp(cell) for cell in row] for row in rows))
