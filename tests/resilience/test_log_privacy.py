"""`LOG_LEVEL=DEBUG` shows how the bot works, not whom it works for: the bot runs as
`rakbot run` with the most verbose log while an applicant sends an appointment request, and
the log holds neither the person's name, username or Telegram id, nor what they typed, nor the
SQL parameters that carried it (the SQLite driver logs each statement with its parameters at
DEBUG) – in SQLite and in PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from rakbot.sandbox.emulator import BotApiEmulator
from rakbot.sandbox.models import FakeUser, SentMessage
from tests.resilience.botproc import BotProcess, Zygote

ERIKA_ID = 4711081512
TYPED = ("Erika Wunderlich-Mustermann", "Förderung für mein Café Sonnenschein", "0391 7654321")


async def answer(emu: BotApiEmulator, user: FakeUser, text: str) -> SentMessage:
    seen = len(emu.messages_to(user.id))
    emu.send_message(user, text)
    await emu.wait_for(lambda: len(emu.messages_to(user.id)) > seen, 20)
    return emu.last_message(user.id)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_database(request: pytest.FixtureRequest) -> str:
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))


async def test_debug_log_holds_no_personal_data(
    emulator: BotApiEmulator, any_database: str, tmp_path: Path, zygote: Zygote
) -> None:
    emu = emulator
    bot = BotProcess(emu, any_database, tmp_path, extra_env={"LOG_LEVEL": "DEBUG"}, zygote=zygote)
    erika = emu.user(
        "Erika", last_name="Mustermann", username="erika_sonnenschein", user_id=ERIKA_ID
    )
    await bot.start()
    try:
        await answer(emu, erika, "/termin_anfragen")
        for text in (*TYPED, "Dienstags ab 14 Uhr"):
            summary = await answer(emu, erika, text)
        assert "Bitte prüfen" in summary.text
        emu.press_button(erika, summary, "ta:send")
        await emu.wait_for(lambda: "Vorgangsnummer" in emu.last_message(erika.id).text, 20)
    finally:
        await bot.stop()

    log = bot.log_text()
    # The log is verbose: every Bot API call and every update is there …
    assert "Calling Bot API endpoint `sendMessage`" in log and "Processing update" in log
    # … but nothing that names or identifies Erika or repeats what she typed.
    for personal in (
        "Mustermann",
        "erika_sonnenschein",
        str(ERIKA_ID),
        "Wunderlich",
        "Sonnenschein",
        "7654321",
        "Dienstags ab 14",
    ):
        assert personal not in log, personal
