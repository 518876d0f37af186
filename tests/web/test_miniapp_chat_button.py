""" "Antrag bearbeiten" under a proposal in the chat: a Web App button that opens the app at
that proposal, for the office in its private chat only, and only when the app is served."""

from __future__ import annotations

from typing import Any

from rakbot.sandbox.models import SentMessage
from rakbot.services import proposals
from tests.e2e.conftest import harness
from tests.e2e.harness import Harness
from tests.fuzz.world import World, build_world
from tests.web.conftest import APP_URL

__all__ = ["harness"]


def _web_apps(message: SentMessage) -> list[dict[str, Any]]:
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    return [button for row in rows for button in row if "web_app" in button]


async def _detail(h: Harness, world: World, who: str, chat: Any = None) -> SentMessage:
    user = world.people[who]
    where = (chat or user).id
    # office notices of the world's set-up may still arrive in the same chat meanwhile
    listing = await h.send(user, "/antraege", chat)
    [shown] = [m for m in listing.messages if m.chat_id == where and "Anträge" in m.text]
    reply = await h.press(user, shown, f"pd:{world.proposal_id}")
    return next(m for m in reply.messages if m.chat_id == where and "Antrag Nr. " in m.text)


async def test_office_gets_the_button_in_private_only(world: World, served: Harness) -> None:
    detail = await _detail(served, world, "coordinator")
    assert "Antrag Nr. " in detail.text
    [button] = _web_apps(detail)
    assert button["text"] == "Antrag bearbeiten"
    assert button["web_app"]["url"] == f"{APP_URL}?proposal={world.proposal_id}"

    for who in ("representative", "deputy", "guest"):
        assert _web_apps(await _detail(served, world, who)) == [], who
    in_group = await _detail(served, world, "coordinator", world.group)
    assert in_group.chat_id == world.group.id and _web_apps(in_group) == []
    refused = await served.send(world.people["applicant"], "/antraege")
    assert "nur Mitgliedern" in refused.text and not any(_web_apps(m) for m in refused.messages)

    await proposals.withdraw(
        world.rt,
        committee_id=world.rt.committee_id,
        member_id=world.member_ids["coordinator"],
        proposal_id=world.proposal_id,
        reason="Träger hat abgesagt",
    )
    assert _web_apps(await _detail(served, world, "coordinator")) == []
    # nothing with a Web App button ever went to a group (the emulator refuses it as well)
    assert all(m.chat_id > 0 for m in served.emu.messages if _web_apps(m))


async def test_no_button_without_the_app(harness: Harness) -> None:
    world = await build_world(harness)
    detail = await _detail(harness, world, "coordinator")
    assert "Antrag Nr. " in detail.text and _web_apps(detail) == []


async def test_a_proposal_saved_in_the_chat_offers_the_app(world: World, served: Harness) -> None:
    office = world.people["coordinator"]
    reply = await served.send(office, "/antrag_neu")
    reply = await served.send(office, "Jobcoaching Börde 2027")
    reply = await served.press_label(office, reply.last, "C")
    reply = await served.send(office, "Jobcenter Börde")
    reply = await served.press_label(office, reply.last, "Nein, externe Organisation")
    reply = await served.send(office, "125.000 €")
    reply = await served.send(office, "24 Monate")
    reply = await served.send(office, "-")
    summary = reply.last
    await served.press_label(office, summary, "Speichern")
    [saved] = [m for m in served.emu.messages_to(office.id) if m.message_id == summary.message_id]
    assert "gespeichert" in saved.text
    [button] = _web_apps(saved)
    number = saved.text.split("Antrag Nr. ")[1].split(" ")[0]
    assert button["web_app"]["url"] == f"{APP_URL}?proposal={number}"
