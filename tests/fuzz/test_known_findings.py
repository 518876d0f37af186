"""Inputs the fuzz tests found to crash the ballot handlers (handlers/ballots.py and the ballot
service are being rewritten elsewhere, so they are not fixed here). Each stays an expected
failure until the rewrite handles it; then the marker must go (strict)."""

from __future__ import annotations

import pytest

from rakbot.services.dialogs import DialogState
from tests.fuzz.driver import Watch, press, send
from tests.fuzz.known import BAD_NUMBER, known_ballot_finding
from tests.fuzz.world import World

HUGE = "9" * 20
FINDING = pytest.mark.xfail(strict=True, reason=BAD_NUMBER)


@FINDING
@pytest.mark.parametrize(
    ("who", "text"),
    [
        ("representative", "/befangen ²"),
        ("representative", f"/befangen {HUGE}"),
        ("coordinator", "/abstimmung_schliessen ²"),
        ("coordinator", f"/niederschrift {HUGE}"),
    ],
)
async def test_ballot_command_with_a_bad_number(world: World, who: str, text: str) -> None:
    assert known_ballot_finding(text) == BAD_NUMBER
    watch = Watch(world)
    await send(world, who, text)
    watch.check(text, reply=True)


@FINDING
@pytest.mark.parametrize("data", ["v:²:y", f"v:{HUGE}:y", "bn:p:²", f"bn:p:{HUGE}"])
async def test_ballot_button_with_a_bad_number(world: World, data: str) -> None:
    assert known_ballot_finding(data) == BAD_NUMBER
    if data.startswith("bn:"):
        await world.set_dialog("coordinator", DialogState("ballot", "subject", {}))
        who, message = "coordinator", world.h.emu.last_message(world.people["coordinator"].id)
    else:
        who, message = "representative", world.ballot_message()
    watch = Watch(world)
    query_id = await press(world, who, message, data)
    watch.check(data, query_id=query_id)
