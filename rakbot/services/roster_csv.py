"""The roster as CSV (UTF-8 with BOM, `;`, German headers): parsing and writing, no database.

Export and import use the same columns and values, so an exported file imports without loss.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from rakbot.services.spreadsheet import BOM, read_cell, safe_cell
from storage.models import Role

HEADERS = (
    "Name",
    "Rolle",
    "Institution",
    "Koordination",
    "Telefon",
    "E-Mail",
    "Telegram-ID",
    "Aktiv",
)
ROLE_NAMES = {
    Role.REPRESENTATIVE: "Vertretung",
    Role.DEPUTY: "Stellvertretung",
    Role.GUEST: "Gast",
    Role.COORDINATOR: "Koordination",
}
_ROLES_BY_NAME = {name.lower(): role for role, name in ROLE_NAMES.items()}
_YES, _NO = "ja", "nein"
EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
PHONE_SHAPE = re.compile(r"^[+0-9][0-9 /()\-]{4,39}$")
NAME_MAX = 200


@dataclass(frozen=True)
class Row:
    line: int
    name: str
    role: Role
    institution: str | None
    is_coordinator: bool
    phone: str | None
    email: str | None
    telegram_user_id: int | None
    active: bool


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


def _flag(value: str, column: str) -> bool:
    lowered = value.strip().lower()
    if lowered in (_YES, "j", "1", "x"):
        return True
    if lowered in (_NO, "n", "0", ""):
        return False
    raise ValueError(f"{column}: „{value}“ ist weder „ja“ noch „nein“")


def _row(line: int, cells: dict[str, str]) -> Row:
    name = cells["Name"].strip()
    if not name or len(name) > NAME_MAX:
        raise ValueError(f"Name fehlt oder ist länger als {NAME_MAX} Zeichen")
    role = _ROLES_BY_NAME.get(cells["Rolle"].strip().lower())
    if role is None:
        allowed = ", ".join(ROLE_NAMES.values())
        raise ValueError(f"Rolle „{cells['Rolle'].strip()}“ unbekannt (erlaubt: {allowed})")
    institution = cells["Institution"].strip() or None
    if role in (Role.REPRESENTATIVE, Role.DEPUTY) and institution is None:
        raise ValueError(f"{ROLE_NAMES[role]} braucht eine Institution")
    phone = cells["Telefon"].strip() or None
    if phone is not None and not PHONE_SHAPE.match(phone):
        raise ValueError(f"Telefon „{phone}“ ist keine Telefonnummer")
    email = cells["E-Mail"].strip() or None
    if email is not None and not EMAIL_SHAPE.match(email):
        raise ValueError(f"E-Mail „{email}“ ist keine E-Mail-Adresse")
    raw_id = cells["Telegram-ID"].strip()
    if raw_id and not raw_id.isdigit():
        raise ValueError(f"Telegram-ID „{raw_id}“ ist keine Zahl")
    return Row(
        line=line,
        name=name,
        role=role,
        institution=institution,
        is_coordinator=_flag(cells["Koordination"], "Koordination") or role is Role.COORDINATOR,
        phone=phone,
        email=email,
        telegram_user_id=int(raw_id) if raw_id else None,
        active=_flag(cells["Aktiv"] or _YES, "Aktiv"),
    )


def parse(text: str) -> tuple[list[Row], list[RowError]]:
    """Every row checked; errors carry the file's line number (the header is line 1)."""
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != HEADERS:
        return [], [RowError(1, f"Kopfzeile muss lauten: {';'.join(HEADERS)}")]
    rows: list[Row] = []
    errors: list[RowError] = []
    seen_ids: dict[int, int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(HEADERS):
            errors.append(RowError(line, f"{len(cells)} statt {len(HEADERS)} Spalten"))
            continue
        try:
            row = _row(line, dict(zip(HEADERS, map(read_cell, cells), strict=True)))
        except ValueError as problem:
            errors.append(RowError(line, str(problem)))
            continue
        if row.telegram_user_id is not None:
            if row.telegram_user_id in seen_ids:
                errors.append(
                    RowError(
                        line,
                        f"Telegram-ID doppelt (schon in Zeile {seen_ids[row.telegram_user_id]})",
                    )
                )
                continue
            seen_ids[row.telegram_user_id] = line
        rows.append(row)
    return rows, errors


def render(rows: list[Row]) -> str:
    """The file with a BOM for Excel; names and contacts written so they never run as
    formulas (`parse` reads them back unchanged)."""
    out = io.StringIO(newline="")
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow(
            [
                safe_cell(row.name),
                ROLE_NAMES[row.role],
                safe_cell(row.institution or ""),
                _YES if row.is_coordinator else _NO,
                safe_cell(row.phone or ""),
                safe_cell(row.email or ""),
                "" if row.telegram_user_id is None else str(row.telegram_user_id),
                _YES if row.active else _NO,
            ]
        )
    return out.getvalue()
