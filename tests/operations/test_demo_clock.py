"""The demo lives on its own clock: the group card follows answers without fast-forwarding,
and /protokoll shows the demo's times (as every audit entry stamped with the bot's clock)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from rakbot.config import Settings
from rakbot.demo import run_demo
from rakbot.domain.dates import format_short
from tests.e2e.harness import Harness
from tests.e2e.meeting_setup import setup_rak

SCRIPT = """\
@renate
/sitzung_neu
in 2 Wochen 10 Uhr
#1
Landratsamt Haldensleben, Raum 101
Bericht der REKO
12:00
-
#1
@aa
gruppe
#1
@dgb
gruppe
#2
"""


async def test_the_group_card_follows_answers_without_fast_forwarding(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = await run_demo(Settings(_env_file=None), io.StringIO(SCRIPT), interactive=False)
    transcript = capsys.readouterr().out
    assert code == 0, transcript
    after_aa, after_dgb = transcript.split("> Andreas @ RAK Börde: #1")[1].split(
        "> Doris @ RAK Börde: #2"
    )
    assert "RAK Börde (Gruppe) (bearbeitet)" in after_aa
    assert "Agentur für Arbeit: ✅ kommt: Andreas Arndt" in after_aa
    # the second answer falls into the card's collecting slot: the console's clock lets the
    # slot pass, so the edit shows right after the press
    assert "RAK Börde (Gruppe) (bearbeitet)" in after_dgb
    assert "DGB: ❌ abgesagt" in after_dgb


async def test_protokoll_times_follow_the_bots_clock(harness: Harness) -> None:
    harness.clock.advance(timedelta(days=40))
    rak = await setup_rak(harness)
    log = (await harness.send(rak.coordinator, "/protokoll")).text
    assert format_short(harness.clock.now()) in log
