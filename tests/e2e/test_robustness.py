"""Bad input never crashes the bot, never goes unanswered, never breaks Telegram's rules."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.harness import Harness


async def test_unknown_command_gets_a_hint(harness: Harness) -> None:
    reply = await harness.send(harness.user("Anna"), "/gibtsnicht foo")
    assert (
        reply.text == "Den Befehl /gibtsnicht kenne ich nicht. Mit /hilfe sehen Sie, was ich kann."
    )


async def test_commands_for_other_bots_are_ignored_in_groups(harness: Harness) -> None:
    group = harness.emu.group("RAK Börde")
    reply = await harness.send(harness.user("Anna"), "/start@some_other_bot", chat=group)
    assert reply.messages == []
    reply = await harness.send(harness.user("Anna"), "/kontakt@rakbot_demo_bot", chat=group)
    assert reply.messages[0].kind == "text"


async def test_group_chatter_is_not_answered(harness: Harness) -> None:
    group = harness.emu.group("RAK Börde")
    reply = await harness.send(harness.user("Anna"), "Guten Morgen zusammen", chat=group)
    assert reply.messages == []


@pytest.mark.parametrize("data", ["fb:Z", "fb:", "faq:nope", "ta:explode", "v:1:yes", "x" * 64])
async def test_forged_buttons_change_nothing(harness: Harness, data: str) -> None:
    anna = harness.user("Anna")
    menu = (await harness.send(anna, "/foerderbereiche")).last
    before = menu.text
    reply = await harness.press(anna, menu, data)
    assert reply.callback_answer is not None
    assert "nicht mehr gültig" in reply.callback_answer["text"]
    assert reply.messages == []
    assert harness.emu.last_message(menu.chat_id).text == before


async def test_edited_messages_are_ignored(harness: Harness) -> None:
    anna = harness.user("Anna")
    sent = harness.emu.send_message(anna, "Praktikum")
    await harness.runtime.stats.wait_processed(sent)
    before = len(harness.emu.messages)
    update_id = harness.emu.edit_message(anna, 1, "/kontakt")
    await harness.runtime.stats.wait_processed(update_id)
    assert len(harness.emu.messages) == before


async def test_non_text_gets_a_hint(harness: Harness) -> None:
    anna = harness.user("Anna")
    update_id = harness.emu.raw_update(
        {
            "message": {
                "message_id": 77,
                "date": 0,
                "chat": {"id": anna.id, "type": "private", "first_name": anna.first_name},
                "from": anna.to_dict(),
                "sticker": {
                    "file_id": "s1",
                    "file_unique_id": "s1u",
                    "type": "regular",
                    "width": 512,
                    "height": 512,
                    "is_animated": False,
                    "is_video": False,
                },
            }
        }
    )
    await harness.runtime.stats.wait_processed(update_id)
    assert "nur Textnachrichten" in harness.emu.last_message(anna.id).text


async def test_channel_posts_are_ignored(harness: Harness) -> None:
    """The bot does not subscribe to channel posts, so Telegram never delivers them."""
    harness.emu.raw_update(
        {
            "channel_post": {
                "message_id": 5,
                "date": 0,
                "chat": {"id": -1009999, "type": "channel", "title": "Kanal"},
                "text": "/start",
            }
        }
    )
    await harness.send(harness.user("Anna"), "/hilfe")
    assert harness.emu.messages_to(-1009999) == []
    polls = [call for call in harness.emu.calls if call.method == "getUpdates"]
    assert "channel_post" not in polls[-1].params.get("allowed_updates", [])


HOSTILE = st.one_of(
    st.text(min_size=1, max_size=4096),
    st.sampled_from(
        [
            "<b>fett</b> & <script>alert(1)</script>",
            "'; DROP TABLE members; --",
            "\u202eRTL\u202c override",
            "*_`[markdown](http://x)`_*",
            "🙂" * 1000,
            "/faq " + "ä" * 4000,
            "\x00\x07\x1b[31m",
            "/faq <i>",
            "a" * 4096,
        ]
    ),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=HOSTILE)
async def test_hostile_text_always_gets_a_valid_answer(harness: Harness, text: str) -> None:
    anna = harness.user("Anna")
    before = len(harness.emu.violations)
    reply = await harness.send(anna, text)
    assert len(harness.emu.violations) == before
    if text.strip():
        assert reply.messages, f"no answer to {text[:40]!r}"
    for message in reply.messages:
        assert "Traceback" not in message.text
        assert 0 < len(message.text) <= 4096
