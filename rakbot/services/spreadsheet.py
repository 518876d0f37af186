"""CSV files the office opens in Excel or LibreOffice, written by one writer (`csv_text`) for
every CSV the bot produces: `;` as separator (German Excel splits at `;`, not at `,`), a BOM so
that German Excel reads UTF-8 ("Börde", not "BÃ¶rde"), CRLF line ends, German headers chosen by
the caller, and text cells that can never run as a formula (CSV injection: a member named
`=HYPERLINK(…)` would otherwise be a live link in the office's spreadsheet)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

BOM = "\ufeff"
SEPARATOR = ";"
#: what spreadsheets read as the start of a formula
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


def safe_cell(value: str) -> str:
    """The text as a cell: one starting like a formula gets a leading apostrophe, which
    spreadsheets take as "this is text" and do not show."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def read_cell(value: str) -> str:
    """The text of a cell written by `safe_cell` (the apostrophe dropped again)."""
    if value.startswith("'") and value[1:].startswith(_FORMULA_STARTS):
        return value[1:]
    return value


def _cell(value: Cell) -> str:
    """Numbers as German spreadsheets read them (decimal comma); text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return safe_cell(value)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """The whole file: BOM, the header row, then the rows, every text cell defused."""
    out = io.StringIO(newline="")
    out.write(BOM)
    writer = csv.writer(out, delimiter=SEPARATOR, lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in header])
    writer.writerows([_cell(value) for value in row] for row in rows)
    return out.getvalue()
