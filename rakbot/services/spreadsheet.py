"""CSV files the office opens in Excel or LibreOffice: a BOM so that German Excel reads UTF-8
("Börde", not "BÃ¶rde"), and text cells that can never run as a formula (CSV injection: a
member named `=HYPERLINK(…)` would otherwise be a live link in the office's spreadsheet)."""

from __future__ import annotations

BOM = "\ufeff"
#: what spreadsheets read as the start of a formula
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """The text as a cell: one starting like a formula gets a leading apostrophe, which
    spreadsheets take as "this is text" and do not show."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def read_cell(value: str) -> str:
    """The text of a cell written by `safe_cell` (the apostrophe dropped again)."""
    if value.startswith("'") and value[1:].startswith(_FORMULA_STARTS):
        return value[1:]
    return value
