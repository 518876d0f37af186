"""XLSX workbooks for the office (openpyxl, in the render worker): German headers in a frozen
first row with filters, euros as numbers in a euro format, dates and times as real dates
(Europe/Berlin), so that the office can sort, filter and add up without converting anything.

openpyxl takes a string that starts with `=` as a formula; every text cell here is stored as a
string cell, so a name like `=HYPERLINK(…)` stays text (the same rule as `spreadsheet.safe_cell`
for CSV).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from rakbot.render.model import Kind, Sheet

EURO_FORMAT = '#,##0.00 "€"'
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
DECIMAL_FORMAT = "0.00"
_FORMATS = {Kind.EURO: EURO_FORMAT, Kind.DATETIME: DATETIME_FORMAT, Kind.DECIMAL: DECIMAL_FORMAT}
_WIDTH_MAX = 60


def _value(kind: Kind, value: Any) -> Any:
    if value is None or value == "":
        return None
    if kind is Kind.EURO:
        return int(value) / 100
    return value


def _fill(sheet: Any, spec: Sheet) -> None:
    bold = Font(bold=True)
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = bold
    widths = [len(column.header) for column in spec.columns]
    for row_number, row in enumerate(spec.rows, start=2):
        for index, (column, raw) in enumerate(zip(spec.columns, row, strict=True), start=1):
            value = _value(column.kind, raw)
            cell = sheet.cell(row=row_number, column=index, value=value)
            if isinstance(value, str):
                cell.data_type = TYPE_STRING  # never a formula
            if column.kind in _FORMATS:
                cell.number_format = _FORMATS[column.kind]
            widths[index - 1] = max(widths[index - 1], len(str(raw or "")) + 2)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, _WIDTH_MAX)
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(spec.columns))
    sheet.auto_filter.ref = f"A1:{last}{max(len(spec.rows) + 1, 1)}"


def xlsx(sheets: Iterable[Sheet]) -> bytes:
    """The workbook with one worksheet per `Sheet`, in order."""
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        _fill(book.create_sheet(title=spec.title[:31]), spec)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
