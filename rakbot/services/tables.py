"""The office's tables from the chat (`/tabelle`): the roster, the votes of open ballots and a
competition round's report, each as one `workbook.Sheet` that is written as XLSX or, through
the shared CSV writer, as CSV (`;`, UTF-8 with BOM, German headers, defused cells)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from rakbot.domain.dates import as_berlin
from rakbot.render.client import render
from rakbot.render.model import Column, Kind, Sheet
from rakbot.runtime import Runtime
from rakbot.services import competition, roster_transfer, vote_export
from rakbot.services.competition import Placement, RoundView
from rakbot.services.roster_csv import HEADERS as ROSTER_HEADERS
from rakbot.services.roster_csv import ROLE_NAMES
from rakbot.services.spreadsheet import csv_text

PLACEMENTS = {
    Placement.SELECTED: "ausgewählt",
    Placement.NOT_FITTING: "passt nicht mehr ins Budget",
    Placement.BELOW_CUTOFF: "nicht ausgewählt",
    Placement.UNSCORED: "nicht bewertet",
}
ROUND_COLUMNS = (
    Column("Förderbereich"),
    Column("Rang", Kind.INTEGER),
    Column("Antrag Nr.", Kind.INTEGER),
    Column("Titel"),
    Column("Antragsteller"),
    Column("Betrag", Kind.EURO),
    Column("Mittelwert Punkte", Kind.DECIMAL),
    Column("Bewertende", Kind.INTEGER),
    Column("Ausgewählt"),
    Column("Begründung"),
)
BUDGET_COLUMNS = (
    Column("Förderbereich"),
    Column("Budget", Kind.EURO),
    Column("Ausgewählt", Kind.EURO),
    Column("Verbleibend", Kind.EURO),
    Column("Anträge", Kind.INTEGER),
    Column("Davon ausgewählt", Kind.INTEGER),
)
VOTE_KINDS = (
    Kind.INTEGER,
    Kind.TEXT,
    Kind.TEXT,
    Kind.TEXT,
    Kind.TEXT,
    Kind.TEXT,
    Kind.DATETIME,
    Kind.TEXT,
    Kind.TEXT,
    Kind.TEXT,
    Kind.TEXT,
    Kind.TEXT,
    Kind.DATETIME,
    Kind.INTEGER,
)


async def roster_sheet(runtime: Runtime, committee_id: int) -> Sheet:
    rows = await roster_transfer.roster_rows(runtime, committee_id)
    return Sheet(
        "Mitglieder",
        [Column(header) for header in ROSTER_HEADERS[:-2]]
        + [Column("Telegram-ID", Kind.INTEGER), Column("Aktiv")],
        [
            (
                row.name,
                ROLE_NAMES[row.role],
                row.institution or "",
                "ja" if row.is_coordinator else "nein",
                row.phone or "",
                row.email or "",
                row.telegram_user_id,
                "ja" if row.active else "nein",
            )
            for row in rows
        ],
    )


async def votes_sheet(runtime: Runtime, committee_id: int) -> Sheet:
    """The votes of the committee's open (not secret) ballots."""
    rows = await vote_export.vote_rows(runtime.db, committee_id, open_only=True)
    columns = [
        Column(header, kind) for header, kind in zip(vote_export.HEADER, VOTE_KINDS, strict=True)
    ]
    return Sheet("Stimmen", columns, rows)


async def round_sheets(runtime: Runtime, committee_id: int, round_id: int) -> list[Sheet] | None:
    """A round's report: every proposal with its rank, mean score and placement per funding
    area, and the budget used and left per area. None for a round the committee does not have."""
    view = await competition.overview(runtime, committee_id, round_id)
    if view is None:
        return None
    return [_ranking(view), _budgets(view)]


def _ranking(view: RoundView) -> Sheet:
    rows: list[tuple[Any, ...]] = []
    for area in view.areas:
        for rank, proposal in enumerate(area.proposals, start=1):
            mean = proposal.score.mean
            rows.append(
                (
                    area.code,
                    rank if mean is not None else None,
                    proposal.id,
                    proposal.title,
                    proposal.applicant,
                    proposal.amount_cents,
                    round(mean, 2) if mean is not None else None,
                    proposal.score.scorers,
                    "ja" if proposal.selected else "nein",
                    PLACEMENTS[proposal.placement],
                )
            )
    return Sheet("Rangfolge", ROUND_COLUMNS, rows)


def _budgets(view: RoundView) -> Sheet:
    rows = [
        (
            area.code,
            area.budget_cents,
            area.selected_cents,
            area.remaining_cents,
            len(area.proposals),
            sum(1 for p in area.proposals if p.selected),
        )
        for area in view.areas
    ]
    return Sheet("Budget", BUDGET_COLUMNS, rows)


def _csv_value(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.kind is Kind.EURO:
        return int(value) / 100
    if isinstance(value, datetime):
        return as_berlin(value).strftime("%d.%m.%Y %H:%M")
    return value


def sheet_csv(sheet: Sheet) -> str:
    return csv_text(
        [c.header for c in sheet.columns],
        ([_csv_value(c, v) for c, v in zip(sheet.columns, row, strict=True)] for row in sheet.rows),
    )


async def workbook(sheets: Sequence[Sheet]) -> bytes:
    """The XLSX file, drawn in the render worker (openpyxl stays out of the bot's memory)."""
    return await render("xlsx", {"sheets": [sheet.to_json() for sheet in sheets]})
