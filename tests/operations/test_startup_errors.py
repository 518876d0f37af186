"""Each bad setting ends `rakbot run` (and `rakbot check`) with one line, in German and English,
saying what is wrong and how to fix it, and an exit code of its own; never a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from rakbot.sandbox.emulator import BotApiEmulator
from tests.e2e.harness import free_port
from tests.operations.cli import Outcome, rakbot

TOKEN = "123456:EMULATOR-TOKEN"


def assert_one_line(outcome: Outcome, code: int, *fragments: str) -> None:
    assert outcome.code == code, outcome
    assert "Traceback" not in outcome.stderr
    line = outcome.last_error_line
    assert line.startswith("Fehler: ") and " / Error: " in line, line
    for fragment in fragments:
        assert fragment in line, line


async def test_run_without_a_token_fails_instead_of_starting_the_demo(tmp_path: Path) -> None:
    outcome = await rakbot(tmp_path, "run", stdin="")
    assert_one_line(outcome, 3, "Kein TELEGRAM_BOT_TOKEN", "rakbot demo", "no TELEGRAM_BOT_TOKEN")
    assert outcome.stdout == ""


async def test_a_username_in_coordinator_ids(tmp_path: Path) -> None:
    outcome = await rakbot(tmp_path, "run", TELEGRAM_BOT_TOKEN=TOKEN, COORDINATOR_IDS="@renate")
    assert_one_line(
        outcome, 3, "COORDINATOR_IDS ('@renate')", "keine @namen", "numeric Telegram user ids"
    )


async def test_webhook_mode_without_its_settings(tmp_path: Path) -> None:
    outcome = await rakbot(tmp_path, "run", "--webhook", TELEGRAM_BOT_TOKEN=TOKEN)
    assert_one_line(outcome, 3, "WEBHOOK_URL und WEBHOOK_SECRET")


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("mysql://rakbot@localhost/rakbot", "keine gültige Datenbank-URL"),
        ("sqlite+aiosqlite:////no/such/directory/rakbot.db", "lässt sich nicht öffnen"),
        ("postgresql+asyncpg://rakbot:s3cret-pw@127.0.0.1:{port}/rakbot", "nicht erreichbar"),
    ],
)
async def test_a_wrong_database_url(tmp_path: Path, url: str, fragment: str) -> None:
    outcome = await rakbot(
        tmp_path, "run", TELEGRAM_BOT_TOKEN=TOKEN, DATABASE_URL=url.format(port=free_port())
    )
    assert_one_line(outcome, 4, fragment, "DATABASE_URL")
    assert "s3cret-pw" not in outcome.stderr


async def test_an_invalid_content_file(tmp_path: Path) -> None:
    (tmp_path / "inhalt.yaml").write_text("committee: [\n", encoding="utf-8")
    outcome = await rakbot(tmp_path, "run", TELEGRAM_BOT_TOKEN=TOKEN, CONTENT_PATH="inhalt.yaml")
    assert_one_line(outcome, 5, "Inhaltsdatei ungültig: inhalt.yaml, Zeile", "rakbot content")


async def test_an_unreachable_bot_api(tmp_path: Path) -> None:
    base = f"http://127.0.0.1:{free_port()}/bot"
    outcome = await rakbot(tmp_path, "run", TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=base)
    assert_one_line(outcome, 6, f"Bot-API unter {base} nicht erreichbar", "TELEGRAM_API_BASE_URL")


async def test_a_token_telegram_refuses(tmp_path: Path) -> None:
    async with BotApiEmulator() as emu:
        outcome = await rakbot(
            tmp_path,
            "run",
            TELEGRAM_BOT_TOKEN="123456:REVOKED",
            TELEGRAM_API_BASE_URL=emu.base_url,
        )
    assert_one_line(outcome, 7, "Telegram lehnt TELEGRAM_BOT_TOKEN ab", "@BotFather")
    assert "REVOKED" not in outcome.stderr


async def test_a_database_of_a_newer_version(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "rakbot.db") as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        connection.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
    connection.close()
    outcome = await rakbot(tmp_path, "run", TELEGRAM_BOT_TOKEN=TOKEN)
    assert_one_line(outcome, 8, "Revision 9999_from_the_future")


async def test_check_reports_each_part_without_starting(tmp_path: Path) -> None:
    async with BotApiEmulator() as emu:
        outcome = await rakbot(
            tmp_path, "check", TELEGRAM_BOT_TOKEN=emu.token, TELEGRAM_API_BASE_URL=emu.base_url
        )
        assert emu.updates_confirmed() == 0
        assert [call.method for call in emu.calls] == ["getMe"]
    assert outcome.code == 0, outcome
    lines = outcome.stdout.splitlines()
    assert lines[0] == "Einstellungen: in Ordnung (Long Polling)"
    assert lines[1].startswith("Inhalte: 8 Förderbereiche")
    assert lines[2] == "Datenbank: sqlite+aiosqlite:///rakbot.db erreichbar"
    assert lines[3].startswith("Migrationen: Revision –, neueste ")
    assert lines[4].startswith("Token: gültig, Bot @")
    assert lines[-1] == "Alles in Ordnung."


async def test_check_stops_at_the_first_problem_with_its_code(tmp_path: Path) -> None:
    outcome = await rakbot(tmp_path, "check")
    assert_one_line(outcome, 3, "TELEGRAM_BOT_TOKEN")
    outcome = await rakbot(
        tmp_path, "check", TELEGRAM_BOT_TOKEN=TOKEN, WEBHOOK_URL="https://bot.example.org/telegram"
    )
    assert_one_line(outcome, 3, "WEBHOOK_SECRET")
