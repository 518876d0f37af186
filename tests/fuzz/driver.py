"""Acting on the world and checking what the bot did in answer, for every fuzz action."""

from __future__ import annotations

from dataclasses import dataclass

from rakbot.sandbox.models import FakeChat, FakeUser, SentMessage
from tests.fuzz.world import ANONYMOUS_ADMIN_ID, CHANNEL_BOT_ID, World

APOLOGY = "Entschuldigung, da ist etwas schiefgelaufen"
CHANNEL = FakeChat(id=-1002000000001, type="channel", title="Kanal <b>&")
CHANNEL_BOT = FakeUser(CHANNEL_BOT_ID, "Channel", username="Channel_Bot", is_bot=True)
ANONYMOUS_ADMIN = FakeUser(ANONYMOUS_ADMIN_ID, "Group", username="GroupAnonymousBot", is_bot=True)
_TEXT_FIELDS = ("text", "caption")


@dataclass
class Watch:
    """What the bot did since it was made; `check` asserts it kept every rule."""

    world: World
    calls: int = 0
    violations: int = 0
    errors: int = 0
    logged: int = 0

    def __post_init__(self) -> None:
        emu = self.world.h.emu
        self.calls = len(emu.calls)
        self.violations = len(emu.violations)
        self.errors = self.world.rt.stats.errors
        self.logged = len(self.world.errors.records)

    def check(self, what: str, *, query_id: int | None = None, reply: bool = False) -> None:
        emu = self.world.h.emu
        broken = emu.violations[self.violations :]
        assert not broken, f"{what!r}: the bot broke Telegram's rules: {broken}"
        logged = self.world.errors.lines(self.logged)
        assert self.world.rt.stats.errors == self.errors and not logged, (
            f"{what!r}: unhandled exception:\n" + "\n".join(logged)
        )
        calls = [c for c in emu.calls[self.calls :] if c.method != "getUpdates"]
        for call in calls:
            for name in _TEXT_FIELDS:
                value = str(call.params.get(name) or "")
                assert "Traceback" not in value and APOLOGY not in value, (
                    f"{what!r}: the user saw an error: {value[:300]!r}"
                )
        if query_id is not None:
            assert str(query_id) in emu.callback_answers, f"{what!r}: button press not answered"
        if reply:
            assert any(call.method.startswith("send") for call in calls), f"{what!r}: no answer"


async def settle(world: World, update_id: int) -> None:
    await world.h.runtime.stats.wait_processed(update_id)


def chat_for(world: World, who: str, where: str) -> FakeChat:
    if where == "group":
        return world.group
    if where == "other_group":
        return world.other_group
    return world.h.emu.private_chat(world.people[who])


def last_bot_message(world: World, chat: FakeChat) -> SentMessage | None:
    sent = [m for m in world.h.emu.messages_to(chat.id) if not m.deleted]
    return sent[-1] if sent else None


async def send(world: World, who: str, text: str, where: str = "private") -> int:
    user = world.people[who]
    update_id = world.h.emu.send_message(user, text, chat=chat_for(world, who, where))
    await settle(world, update_id)
    return update_id


async def send_as_chat(world: World, kind: str, text: str) -> int:
    """A post of the group's linked channel, or a message of an anonymous group admin."""
    sender, sender_chat = (
        (CHANNEL_BOT, CHANNEL) if kind == "channel" else (ANONYMOUS_ADMIN, world.group)
    )
    update_id = world.h.emu.send_message(sender, text, chat=world.group, sender_chat=sender_chat)
    await settle(world, update_id)
    return update_id


async def press(world: World, who: str, message: SentMessage, data: str) -> int:
    update_id = world.h.emu.press_button(world.people[who], message, data)
    await settle(world, update_id)
    return update_id
