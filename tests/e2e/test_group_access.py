"""The group follows the roster: join requests, the welcome with the link, removal when a
membership ends, and what the office hears when the bot lacks the rights."""

from __future__ import annotations

from rakbot.sandbox.models import FakeChat, FakeUser
from tests.e2e.harness import Harness
from tests.e2e.test_roster import join, make_invite


async def bind(h: Harness, *, admin: bool = True, **rights: bool) -> tuple[FakeChat, str]:
    group = h.emu.group("RAK Börde")
    if admin:
        h.emu.make_admin(group, h.emu.bot_user, **rights)
    reply = await h.send(h.coordinator(), "/gruppe_verbinden", chat=group)
    return group, reply.text


def office_texts(h: Harness) -> list[str]:
    return [m.text for m in h.emu.messages_to(h.coordinator().id)]


async def test_members_are_let_in_strangers_declined_and_the_office_hears_of_it(
    harness: Harness,
) -> None:
    h = harness
    group, bound = await bind(h)
    links = [link for link, data in h.emu.invite_links.items() if data["creates_join_request"]]
    assert len(links) == 1 and links[0] in bound
    assert "Mitglieder des RAK lasse ich ein" in bound

    jana = h.user("Jana")
    welcome = await join(h, jana, await make_invite(h))
    assert welcome.startswith("Willkommen im RAK! Sie sind jetzt eingetragen als Vertretung")
    assert f"Die Gruppe des RAK: {links[0]}" in welcome
    assert "Als Nächstes:" in welcome
    await h.deliver()
    assert any("Neu im Mitgliederverzeichnis: Jana Jobcenter" in t for t in office_texts(h))

    update_id = h.emu.request_to_join(jana, group, links[0])
    await h.runtime.stats.wait_processed(update_id)
    await h.deliver()
    assert h.emu.member_status(group, jana) == "member"
    assert h.emu.join_requests == set()
    assert any("Jana Jobcenter (Jobcenter Börde) ist der Gruppe" in t for t in office_texts(h))

    mallory = h.user("Mallory", last_name="Meier")
    update_id = h.emu.request_to_join(mallory, group, links[0])
    await h.runtime.stats.wait_processed(update_id)
    await h.deliver()
    assert h.emu.join_requests == set()
    declined = [c.params["user_id"] for c in h.emu.calls if c.method == "declineChatJoinRequest"]
    assert declined == [mallory.id]
    explanation = h.emu.last_message(mallory.id).text
    assert explanation.startswith(
        "Ihre Anfrage, der Gruppe des RAK beizutreten, habe ich abgelehnt"
    )
    assert any(
        "Beitrittsanfrage zur Gruppe des RAK von Mallory Meier abgelehnt" in t
        for t in office_texts(h)
    )
    # a request to a group bound to no committee is not the bot's to answer
    other = h.emu.group("Stammtisch")
    h.emu.make_admin(other, h.emu.bot_user)
    update_id = h.emu.request_to_join(mallory, other)
    await h.runtime.stats.wait_processed(update_id)
    assert (other.id, mallory.id) in h.emu.join_requests


async def test_deactivation_and_erasure_remove_from_the_group(harness: Harness) -> None:
    h = harness
    group, _ = await bind(h)
    jana, bernd = h.user("Jana"), h.user("Bernd")
    await join(h, jana, await make_invite(h))
    await join(h, bernd, await make_invite(h, "Gast", "ohne Institution"), name="Bernd Gast")
    renate = h.coordinator()
    reply = await h.send(renate, "/mitglied")
    await h.press_label(renate, reply.last, "Jana Jobcenter")
    await h.press_label(renate, reply.last, "Deaktivieren")
    await h.press_label(renate, reply.last, "Ja, deaktivieren")
    await h.deliver()
    assert h.emu.member_status(group, jana) == "left"  # banned and unbanned: may come back
    bans = [c for c in h.emu.calls if c.method in ("banChatMember", "unbanChatMember")]
    assert [(c.method, c.params["user_id"]) for c in bans] == [
        ("banChatMember", jana.id),
        ("unbanChatMember", jana.id),
    ]
    assert any(
        "Jana Jobcenter (Jobcenter Börde) ist nicht mehr im Verzeichnis und wurde aus der "
        "Gruppe des RAK entfernt" in t
        for t in office_texts(h)
    )
    # once: delivering again bans nobody twice
    await h.deliver()
    assert len([c for c in h.emu.calls if c.method == "banChatMember"]) == 1

    reply = await h.send(bernd, "/daten_loeschen")
    await h.press_label(bernd, reply.last, "Ja, Daten löschen")
    await h.deliver()
    assert h.emu.member_status(group, bernd) == "left"
    removed = [t for t in office_texts(h) if "aus der Gruppe des RAK entfernt" in t]
    assert removed[-1].startswith("ehemaliges Mitglied ist nicht mehr im Verzeichnis")
    assert not any("Bernd Gast" in t for t in removed)

    # re-invited later, the person may join the group again
    await join(h, jana, await make_invite(h))
    update_id = h.emu.request_to_join(jana, group)
    await h.runtime.stats.wait_processed(update_id)
    assert h.emu.member_status(group, jana) == "member"


async def test_without_admin_rights_the_office_is_told_what_to_do(harness: Harness) -> None:
    h = harness
    _group, bound = await bind(h, can_restrict_members=False)
    assert "Mir fehlen hier Administratorrechte: Nutzer sperren." in bound
    assert "/gruppe_verbinden noch einmal" in bound
    plain, bound = await bind(h, admin=False)
    assert "Administratorrechte: Nutzer hinzufügen (Einladungslinks), Nutzer sperren." in bound
    jana = h.user("Jana")
    welcome = await join(h, jana, await make_invite(h))
    # no link the bot could stand behind: the office gives access
    assert "Den Zugang zur Gruppe des RAK gibt Ihnen die Regionale Koordination." in welcome
    renate = h.coordinator()
    reply = await h.send(renate, "/mitglied")
    await h.press_label(renate, reply.last, "Jana Jobcenter")
    await h.press_label(renate, reply.last, "Deaktivieren")
    await h.press_label(renate, reply.last, "Ja, deaktivieren")
    await h.deliver()
    assert h.emu.member_status(plain, jana) == "member"
    warning = next(t for t in office_texts(h) if "konnte aber nicht" in t)
    assert warning.startswith("⚠️ Jana Jobcenter (Jobcenter Börde) ist nicht mehr im Verzeichnis")
    assert "zum Administrator mit dem Recht „Nutzer sperren“" in warning
    # a join request the bot may not answer: the office hears it, nothing crashes
    mallory: FakeUser = h.user("Mallory")
    update_id = h.emu.request_to_join(mallory, plain)
    await h.runtime.stats.wait_processed(update_id)
    await h.deliver()
    assert any(
        "fehlen dem Bot Administratorrechte (Nutzer hinzufügen" in t for t in office_texts(h)
    )
