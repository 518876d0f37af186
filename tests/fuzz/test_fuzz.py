"""Hostile input against the real bot: every command, dialog step and button pattern, from every
role, in private and group chats, plus edited messages, channel posts and anonymous admins.

After every action: the error handler was not reached (its counter and the ERROR log stay
unchanged), no user saw a traceback or the apology, every call kept Telegram's rules (the
emulator checks text length after HTML parsing, strict HTML, callback answers ≤ 200 characters,
button data ≤ 64 bytes) and every button press was answered. The world (one committee with every
role) is built once per test; the examples run one after another in that world.

RAKBOT_FUZZ_EXAMPLES=300 explores further than CI does (30 examples per test and database).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from handlers import FEATURES
from rakbot.services.dialogs import DialogState
from tests.fuzz.dialog_steps import STATES
from tests.fuzz.driver import (
    Watch,
    chat_for,
    last_bot_message,
    press,
    send,
    send_as_chat,
    settle,
)
from tests.fuzz.strategies import callback_data, command_text, hostile_text
from tests.fuzz.world import OTHER_BOT, World

PROFILES = (
    "applicant",
    "guest",
    "deputy",
    "representative",
    "coordinator",
    "deactivated",
    "other_committee",
)
#: The bound group of the committee, and a group the bot was merely added to.
WHERE = ("private", "group", "other_group")
#: Buttons that end a membership or change voting rights would end the world for later examples.
DESTRUCTIVE = ("mg:d:", "dl:ja", "mg:k:", "mg:r:", "is:v:")
OPENERS = (
    "/start",
    "/foerderbereiche",
    "/faq",
    "/einladen",
    "/einladungen",
    "/mitglied",
    "/institutionen",
    "/antraege",
    "/naechste_sitzung",
    "/daten_loeschen",
    "/termin_anfragen",
    "/anfragen",
    "/meine_anfragen",
)
#: Examples share one world, whose state moves on: a replayed example need not fail the same
#: way again, so no shrinking (the failing example is reported as generated).
FUZZ = settings(
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    max_examples=int(os.environ.get("RAKBOT_FUZZ_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def test_every_dialog_step_is_listed() -> None:
    kinds = {kind for feature in FEATURES for kind in feature.dialogs}
    assert {state.kind for state in STATES} == kinds


@FUZZ
@given(data=st.data())
async def test_commands_with_hostile_arguments(world: World, data: st.DataObject) -> None:
    who = data.draw(st.sampled_from(PROFILES), label="who")
    where = data.draw(st.sampled_from(WHERE), label="where")
    text = data.draw(command_text(world.h.emu.bot_user.username or ""), label="text")
    watch = Watch(world)
    await send(world, who, text, where)
    addressed_to_us = f"@{OTHER_BOT}" not in text.split(" ", 1)[0]
    watch.check(text[:80], reply=where == "private" and addressed_to_us)
    await world.set_dialog(who, None)


@FUZZ
@given(data=st.data())
async def test_dialog_steps_with_hostile_text(world: World, data: st.DataObject) -> None:
    who = data.draw(st.sampled_from(["coordinator", "applicant", "representative"]), label="who")
    state: DialogState = data.draw(st.sampled_from(STATES), label="state")
    text = data.draw(hostile_text(), label="text")
    assume(not text.startswith("/"))
    await world.set_dialog(who, state)
    watch = Watch(world)
    await send(world, who, text)
    watch.check(f"{state.kind}/{state.step}: {text[:60]}", reply=bool(text.strip()))
    await world.set_dialog(who, None)


@FUZZ
@given(data=st.data())
async def test_forged_button_data(world: World, data: st.DataObject) -> None:
    who = data.draw(st.sampled_from(PROFILES), label="who")
    where = data.draw(st.sampled_from(WHERE), label="where")
    ids = (
        world.meeting_id,
        world.proposal_id,
        world.ballot_id,
        *world.member_ids.values(),
        *world.institution_ids,
    )
    forged = data.draw(callback_data(ids), label="data")
    if where != "private":
        message = world.ballot_message()
    else:
        message = last_bot_message(world, chat_for(world, who, where))
        if message is None:
            await send(world, who, "/hilfe")
            message = last_bot_message(world, chat_for(world, who, where))
    assert message is not None
    watch = Watch(world)
    query_id = await press(world, who, message, forged)
    watch.check(forged, query_id=query_id)


@FUZZ
@given(data=st.data())
async def test_real_buttons_pressed_by_anyone_and_replayed(
    world: World, data: st.DataObject
) -> None:
    """Any button the bot ever showed, pressed by any role, twice (a replay)."""
    owner = data.draw(st.sampled_from(PROFILES), label="owner")
    opener = data.draw(st.sampled_from(OPENERS), label="opener")
    # an index, not sampled_from(candidates): what is drawn must not depend on the world's state
    pick = data.draw(st.integers(min_value=0, max_value=10_000), label="button")
    presser = data.draw(st.sampled_from(PROFILES), label="presser")
    await send(world, owner, opener)
    chat = chat_for(world, owner, "private")
    candidates = [
        (message, button)
        for message in [*world.h.emu.messages_to(chat.id)[-5:], world.ballot_message()]
        for row in message.buttons()
        for _, button in row
        if button is not None and not button.startswith(DESTRUCTIVE)
    ]
    if not candidates:
        return
    message, button = candidates[pick % len(candidates)]
    for attempt in range(2):
        watch = Watch(world)
        query_id = await press(world, presser, message, button)
        watch.check(f"{button} by {presser} (press {attempt + 1})", query_id=query_id)
    await world.set_dialog(presser, None)


@FUZZ
@given(data=st.data())
async def test_edits_channel_posts_anonymous_admins_and_inline(
    world: World, data: st.DataObject
) -> None:
    kind = data.draw(
        st.sampled_from(["edit", "channel", "anonymous", "group_chatter", "inline"]), label="kind"
    )
    text = data.draw(
        st.one_of(hostile_text(), command_text(world.h.emu.bot_user.username or "")),
        label="text",
    )
    who = data.draw(st.sampled_from(PROFILES), label="who")
    watch = Watch(world)
    emu = world.h.emu
    if kind == "edit":
        where = data.draw(st.sampled_from(WHERE), label="where")
        await send(world, who, "Hallo", where)
        await world.h.deliver()  # office notices the world's set-up planned go out first
        watch = Watch(world)
        chat = chat_for(world, who, where)
        user = world.people[who]
        update_id = emu.edit_message(user, emu.last_user_message_id(user, chat), text, chat)
        await settle(world, update_id)
        watch.check(f"edit: {text[:60]}")
        sent = [c for c in emu.calls[watch.calls :] if c.method.startswith("send")]
        assert not sent, f"an edited message was answered: {sent[0].params}"
    elif kind in ("channel", "anonymous"):
        await send_as_chat(world, kind, text)
        watch.check(f"{kind}: {text[:60]}")
    elif kind == "group_chatter":
        await send(world, who, text, "group")
        watch.check(f"group: {text[:60]}")
    else:
        update_id = emu.inline_query(world.people[who], text[:256])
        await settle(world, update_id)
        watch.check(f"inline: {text[:60]}")
        assert str(update_id) in emu.inline_answers
