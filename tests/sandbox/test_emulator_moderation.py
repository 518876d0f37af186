"""Join requests, invite links, bans and admin rights: what Telegram answers, as PTB sees it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot, ChatMemberAdministrator
from telegram.error import BadRequest

from rakbot.sandbox.emulator import BotApiEmulator
from rakbot.sandbox.spec import load_spec


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    async with Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url) as client:
        yield client


async def test_without_admin_rights_every_moderation_call_is_refused(
    emu: BotApiEmulator, bot: Bot
) -> None:
    anna = emu.user("Anna")
    group = emu.group("RAK")
    with pytest.raises(BadRequest, match=r"(?i)not enough rights to manage chat invite link"):
        await bot.create_chat_invite_link(group.id, creates_join_request=True)
    with pytest.raises(BadRequest, match=r"(?i)not enough rights to restrict/ban"):
        await bot.ban_chat_member(group.id, anna.id)
    with pytest.raises(BadRequest, match=r"(?i)not enough rights to restrict/ban"):
        await bot.unban_chat_member(group.id, anna.id)
    member = await bot.get_chat_member(group.id, emu.bot_user.id)
    assert member.status == "member"
    # an admin without the right to ban may invite, not remove
    emu.make_admin(group, emu.bot_user, can_restrict_members=False)
    member = await bot.get_chat_member(group.id, emu.bot_user.id)
    assert isinstance(member, ChatMemberAdministrator)
    assert member.can_invite_users and not member.can_restrict_members
    with pytest.raises(BadRequest, match=r"(?i)not enough rights to restrict/ban"):
        await bot.ban_chat_member(group.id, anna.id)
    admins = await bot.get_chat_administrators(group.id)
    assert [a.user.id for a in admins] == [emu.bot_user.id]


async def test_a_join_request_is_approved_or_declined_once(emu: BotApiEmulator, bot: Bot) -> None:
    anna, mallory = emu.user("Anna"), emu.user("Mallory")
    group = emu.group("RAK")
    emu.make_admin(group, emu.bot_user)
    link = await bot.create_chat_invite_link(group.id, name="RAK", creates_join_request=True)
    assert link.creates_join_request and link.invite_link.startswith("https://t.me/+")
    with pytest.raises(BadRequest, match=r"(?i)member limit"):
        await bot.create_chat_invite_link(group.id, creates_join_request=True, member_limit=5)
    emu.request_to_join(anna, group, link.invite_link)
    emu.request_to_join(mallory, group, link.invite_link)
    updates = await bot.get_updates(allowed_updates=["chat_join_request"])
    requests = [u.chat_join_request for u in updates]
    assert [(r.from_user.id, r.chat.id, r.user_chat_id) for r in requests] == [
        (anna.id, group.id, anna.id),
        (mallory.id, group.id, mallory.id),
    ]
    assert requests[0].invite_link is not None
    assert requests[0].invite_link.invite_link == link.invite_link
    assert await bot.approve_chat_join_request(group.id, anna.id)
    assert await bot.decline_chat_join_request(group.id, mallory.id)
    assert emu.join_requests == set()
    assert emu.member_status(group, anna) == "member"
    with pytest.raises(BadRequest, match=r"(?i)HIDE_REQUESTER_MISSING"):
        await bot.approve_chat_join_request(group.id, mallory.id)
    # a request already answered is the chat's state; the limit on such a link a mistake
    assert emu.violations == [
        "createChatInviteLink: Bad Request: member limit can't be specified for links "
        "requiring approval"
    ]


async def test_ban_and_unban_remove_a_member_who_may_come_back(
    emu: BotApiEmulator, bot: Bot
) -> None:
    anna, owner = emu.user("Anna"), emu.user("Olga")
    group = emu.group("RAK")
    emu.make_admin(group, emu.bot_user)
    emu.set_member_status(group, owner, "creator")
    assert await bot.ban_chat_member(group.id, anna.id)
    assert (await bot.get_chat_member(group.id, anna.id)).status == "kicked"
    assert await bot.unban_chat_member(group.id, anna.id, only_if_banned=True)
    assert (await bot.get_chat_member(group.id, anna.id)).status == "left"
    with pytest.raises(BadRequest, match=r"(?i)can't remove chat owner"):
        await bot.ban_chat_member(group.id, owner.id)
    with pytest.raises(BadRequest, match=r"(?i)user not found"):
        await bot.ban_chat_member(group.id, 424242)
    # a user the bot cannot know is its mistake; the owner's status is the chat's state
    assert emu.violations == ["banChatMember: Bad Request: user not found"]


def test_the_objects_the_emulator_builds_are_checked_against_the_spec() -> None:
    spec = load_spec()
    assert spec.check_object("ChatMemberLeft", {"status": "left", "user": {}}) == []
    assert spec.check_object("ChatJoinRequest", {"chat": {}, "from": {}, "date": 1}) == [
        "ChatJoinRequest: required field 'user_chat_id' is missing"
    ]
    assert spec.check_object("ChatInviteLink", {"invite_link": 1, "x": 2})[:2] == [
        "ChatInviteLink: unknown field 'x'",
        "ChatInviteLink: field 'invite_link' has the wrong type",
    ]
