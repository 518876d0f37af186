"""Inputs the fuzz tests once found to crash the ballot handlers: numbers that `str.isdigit`
accepts but `int` refuses ("²"), or that lie beyond the id column. Each must get a clean answer."""

from __future__ import annotations

import pytest

from rakbot.services.dialogs import DialogState
from tests.fuzz.driver import Watch, press, send
from tests.fuzz.world import World

HUGE = "9" * 20


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
    watch = Watch(world)
    await send(world, who, text)
    watch.check(text, reply=True)


@pytest.mark.parametrize("data", ["v:²:y", f"v:{HUGE}:y", "bn:p:²", f"bn:p:{HUGE}"])
async def test_ballot_button_with_a_bad_number(world: World, data: str) -> None:
    if data.startswith("bn:"):
        await world.set_dialog("coordinator", DialogState("ballot", "subject", {}))
        who, message = "coordinator", world.h.emu.last_message(world.people["coordinator"].id)
    else:
        who, message = "representative", world.ballot_message()
    watch = Watch(world)
    query_id = await press(world, who, message, data)
    watch.check(data, query_id=query_id)
