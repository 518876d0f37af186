"""The roster as CSV (UTF-8 with BOM, `;`, German headers): parsing and writing, no database.

Export and import use the same columns and values, so an exported file imports without loss.
Import also reads what spreadsheets save instead (see `decode`): German Excel's "CSV (Trennzeichen-
getrennt)" is Windows-1252, its "Unicode-Text" UTF-16 with tabs.

Cells follow the text input rules (rakbot/domain/text_input.py): invisible format characters
(bidi controls, zero-width) are dropped, as everywhere the bot takes text. A line break, tab,
NUL or other control character inside a cell is refused with its line instead: it means a
multi-line cell or a broken file, and which part is the name is a question only the office can
answer.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass

from rakbot.domain.field_limits import EMAIL_SHAPE, MEMBER_NAME, PHONE_SHAPE
from rakbot.domain.roles import Role
from rakbot.domain.text_input import clean_line
from rakbot.services.spreadsheet import BOM, csv_text, read_cell

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
#: Telegram user ids have at most 52 significant bits (Bot API, "User.id").
TELEGRAM_ID_MAX = 2**52 - 1
_ASCII_DIGITS = re.compile(r"[0-9]+")
#: byte order marks, longest first (UTF-32's starts like UTF-16's)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class UndecodableFile(ValueError):
    """The file is in no encoding the import reads; `line` is where the first bad byte is."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def decode(data: bytes) -> str:
    """The file's text: a byte order mark decides (UTF-8, UTF-16, UTF-32); without one UTF-8
    when the bytes are valid UTF-8 (a Windows-1252 text with umlauts never is), UTF-16 when
    every other byte of the start is NUL, otherwise Windows-1252 – what German Excel writes as
    "CSV (Trennzeichen-getrennt)". Raises UndecodableFile naming the line of the first byte
    that fits none of them."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        head = data[:200]
        if len(head) >= 2 and head[1::2].count(0) > len(head) // 4:
            encoding = "utf-16-le"
        elif len(head) >= 2 and head[0::2].count(0) > len(head) // 4:
            encoding = "utf-16-be"
    candidates = [encoding] if encoding else ["utf-8", "cp1252"]
    for candidate in candidates:
        try:
            return data.decode(candidate).removeprefix(BOM)
        except UnicodeDecodeError as error:
            problem = error
    line = data[: problem.start].count(b"\n") + 1
    raise UndecodableFile(
        line,
        "Die Datei ist weder UTF-8 noch UTF-16 noch Windows-1252 (Byte "
        f"0x{data[problem.start]:02X}). Bitte in Excel als „CSV UTF-8“ speichern.",
    )


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


def _text(value: str, column: str) -> str:
    """A single-line cell by the text input rules; control characters are refused."""
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise ValueError(
            f"{column} enthält einen Zeilenumbruch, Tabulator oder ein Steuerzeichen – "
            "bitte die Zelle prüfen"
        )
    return clean_line(value)


def _telegram_id(raw: str) -> int | None:
    """Empty, or a Telegram user id written with the digits 0–9 only (Excel's "1,2E+09" or
    "²" or "٣" are refused, not read as some other number)."""
    if not raw:
        return None
    if not _ASCII_DIGITS.fullmatch(raw):
        raise ValueError(
            f"Telegram-ID „{raw}“ ist keine Zahl aus den Ziffern 0–9 (in Excel die Spalte als "
            "Text formatieren)"
        )
    value = int(raw)
    if not 0 < value <= TELEGRAM_ID_MAX:
        raise ValueError(
            f"Telegram-ID „{raw}“ ist keine Telegram-Nutzerkennung (1 bis {TELEGRAM_ID_MAX})"
        )
    return value


def _row(line: int, raw: dict[str, str]) -> Row:
    cells = {column: _text(value, column) for column, value in raw.items()}
    name = cells["Name"]
    if not name or len(name) > MEMBER_NAME.maximum:
        raise ValueError(f"Name fehlt oder ist länger als {MEMBER_NAME.maximum} Zeichen")
    role = _ROLES_BY_NAME.get(cells["Rolle"].lower())
    if role is None:
        allowed = ", ".join(ROLE_NAMES.values())
        raise ValueError(f"Rolle „{cells['Rolle']}“ unbekannt (erlaubt: {allowed})")
    institution = cells["Institution"] or None
    if role in (Role.REPRESENTATIVE, Role.DEPUTY) and institution is None:
        raise ValueError(f"{ROLE_NAMES[role]} braucht eine Institution")
    phone = cells["Telefon"] or None
    if phone is not None and not PHONE_SHAPE.match(phone):
        raise ValueError(f"Telefon „{phone}“ ist keine Telefonnummer")
    email = cells["E-Mail"] or None
    if email is not None and not EMAIL_SHAPE.match(email):
        raise ValueError(f"E-Mail „{email}“ ist keine E-Mail-Adresse")
    telegram_user_id = _telegram_id(cells["Telegram-ID"])
    return Row(
        line=line,
        name=name,
        role=role,
        institution=institution,
        is_coordinator=_flag(cells["Koordination"], "Koordination") or role is Role.COORDINATOR,
        phone=phone,
        email=email,
        telegram_user_id=telegram_user_id,
        active=_flag(cells["Aktiv"] or _YES, "Aktiv"),
    )


def parse(text: str) -> tuple[list[Row], list[RowError]]:
    """Every row checked; errors carry the file's line number (the header is line 1)."""
    text = text.removeprefix(BOM)
    first_line = text.partition("\n")[0]
    # Excel's "Unicode-Text" separates with tabs; everything else here with semicolons.
    delimiter = "\t" if "\t" in first_line and ";" not in first_line else ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
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
    return csv_text(
        HEADERS,
        (
            [
                row.name,
                ROLE_NAMES[row.role],
                row.institution or "",
                _YES if row.is_coordinator else _NO,
                row.phone or "",
                row.email or "",
                "" if row.telegram_user_id is None else str(row.telegram_user_id),
                _YES if row.active else _NO,
            ]
            for row in rows
        ),
    )
