"""`rakbot roster import FILE` as the office runs it, with the files spreadsheets really write:
Windows-1252 (German Excel's "CSV"), UTF-16 with tabs (Excel's "Unicode-Text"), and bad cells
(ids beyond Telegram's range or not in the digits 0–9, names with line breaks, NUL or bidi
controls), each refused with a German message and its line, nothing imported."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from rakbot.services.roster_csv import HEADERS
from storage.db import Database
from storage.models import Member
from tests.e2e.harness import COORDINATOR_ID

ROOT = Path(__file__).resolve().parents[2]
HEADER = ";".join(HEADERS)


def import_file(database_url: str, path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(DATABASE_URL=database_url, COORDINATOR_IDS=str(COORDINATOR_ID), LOG_LEVEL="ERROR")
    return subprocess.run(
        [sys.executable, "-m", "rakbot", "roster", "import", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def names(database_url: str) -> set[str]:
    async def read() -> set[str]:
        db = Database(database_url)
        try:
            rows = await db.run(lambda s: s.scalars(select(Member.display_name)))
            return set(rows)
        finally:
            await db.dispose()

    return asyncio.run(read())


def test_excel_files_in_windows_1252_and_utf_16_are_read(database_url: str, tmp_path: Path) -> None:
    excel = tmp_path / "excel.csv"
    excel.write_bytes(
        "\r\n".join(
            [
                HEADER,
                "Jürgen Müller;Stellvertretung;Jobcenter Börde;nein;03904 12345;;;ja",
                "Grete Groß;Gast;;nein;;grete@example.de;;ja",
                "",
            ]
        ).encode("cp1252")
    )
    done = import_file(database_url, excel)
    assert done.returncode == 0, done.stderr
    assert "2 Zeilen eingelesen" in done.stdout
    assert {"Jürgen Müller", "Grete Groß"} <= names(database_url)

    unicode_text = tmp_path / "unicode.txt"
    unicode_text.write_bytes(
        "\r\n".join(
            [
                "\t".join(HEADERS),
                "Şükrü Öztürk\tGast\t\tnein\t\t\t\tja",
                "",
            ]
        ).encode("utf-16")  # with BOM, as Excel writes it
    )
    done = import_file(database_url, unicode_text)
    assert done.returncode == 0, done.stderr
    assert "Şükrü Öztürk" in names(database_url)


def test_bad_ids_and_names_are_refused_in_german_and_nothing_is_imported(
    database_url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "\n".join(
            [
                HEADER,
                "Anna Zahl;Gast;;nein;;;9223372036854775808;ja",  # 2^63
                "Bert Hoch;Gast;;nein;;;12²;ja",
                "Carla Arabisch;Gast;;nein;;;١٢٣٤٥٦;ja",
                '"Dora\nZeile";Gast;;nein;;;;ja',
                "Emil\x00Null;Gast;;nein;;;;ja",
                "\u202eFritz Fein;Gast;;nein;;;;ja",  # bidi override: dropped, the row is fine
                "",
            ]
        ),
        encoding="utf-8",
    )
    done = import_file(database_url, bad)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    errors = done.stderr.splitlines()
    assert errors[0].startswith("Zeile 2: Telegram-ID „9223372036854775808“"), errors
    assert "keine Telegram-Nutzerkennung" in errors[0]
    assert errors[1].startswith("Zeile 3: Telegram-ID „12²“ ist keine Zahl aus den Ziffern 0–9")
    assert errors[2].startswith("Zeile 4: Telegram-ID „١٢٣٤٥٦“ ist keine Zahl aus den Ziffern")
    assert errors[3].startswith("Zeile 6: Name enthält einen Zeilenumbruch"), errors
    assert errors[4].startswith("Zeile 7: Name enthält einen Zeilenumbruch"), errors
    assert errors[5:] == ["Nichts wurde eingelesen."]
    assert not {"Anna Zahl", "Bert Hoch", "Carla Arabisch", "Fritz Fein"} & names(database_url)

    fine = tmp_path / "fine.csv"
    fine.write_text(f"{HEADER}\n\u202eFritz \u200bFein;Gast;;nein;;;;ja\n", encoding="utf-8")
    done = import_file(database_url, fine)
    assert done.returncode == 0, done.stderr
    assert "Fritz Fein" in names(database_url)

    undecodable = tmp_path / "broken.csv"
    undecodable.write_bytes(f"{HEADER}\nGerd\x81;Gast;;nein;;;;ja\n".encode("latin-1"))
    done = import_file(database_url, undecodable)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("Zeile 2: Die Datei ist weder UTF-8 noch UTF-16")
