"""Roster end to end: invites, joining, the directory, coordinator actions, menus, isolation."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from rakbot.sandbox.models import FakeUser
from storage.models import Committee, Institution, Member
from tests.e2e.harness import Harness
from tests.e2e.other_committee import seed_other_committee

LINK = re.compile(r"https://t\.me/\w+\?start=([A-Za-z0-9_-]+)")


async def make_invite(h: Harness, role: str = "Vertretung", institution: str = "Jobcenter") -> str:
    coordinator = h.coordinator()
    reply = await h.send(coordinator, "/einladen")
    await h.press_label(coordinator, reply.last, role)
    if role != "Regionale Koordination":
        await h.press_label(coordinator, reply.last, institution)
    text = h.emu.last_message(coordinator.id).text
    found = LINK.search(text)
    assert found is not None, text
    assert len(found.group(1)) <= 64
    return found.group(1)


async def join(h: Harness, user: FakeUser, token: str, name: str = "Jana Jobcenter") -> str:
    reply = await h.send(user, f"/start {token}")
    assert "eingeladen" in reply.text
    await h.send(user, name)
    await h.send(user, "03904 123456")
    reply = await h.send(user, "jana@jobcenter.example.de")
    assert "Bitte prüfen" in reply.text
    await h.press_label(user, reply.last, "Bestätigen")
    # the office's notice goes out now, so that no later reply catches it
    await h.deliver()
    return h.emu.last_message(user.id).text


def private_menu(h: Harness, user: FakeUser) -> set[str]:
    return {c["command"] for c in h.emu.my_commands.get((f"chat:{user.id}", ""), [])}


async def test_invite_join_and_roster(harness: Harness) -> None:
    token = await make_invite(harness)
    jana = harness.user("Jana")
    assert "Willkommen im RAK" in await join(harness, jana, token)
    reply = await harness.send(jana, "/mitglieder")
    assert "Jana Jobcenter" in reply.text and "jana@jobcenter.example.de" in reply.text
    assert "Jobcenter Börde" in reply.text
    assert "mitglieder" in private_menu(harness, jana)
    assert "einladen" not in private_menu(harness, jana)
    assert "einladen" in private_menu(harness, harness.coordinator())
    # the link works once only
    reply = await harness.send(harness.user("Mallory"), f"/start {token}")
    assert "schon benutzt" in reply.text


async def test_non_member_and_bad_tokens(harness: Harness) -> None:
    anna = harness.user("Anna")
    reply = await harness.send(anna, "/mitglieder")
    assert "nur Mitgliedern" in reply.text and "/kontakt" in reply.text
    reply = await harness.send(anna, "/start AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    assert "ungültig" in reply.text
    reply = await harness.send(anna, "/einladen")
    assert "nur die Regionale Koordination" in reply.text

    expired = await make_invite(harness, "Gast", "ohne Institution")
    harness.clock.advance(timedelta(hours=harness.settings.invite_ttl_hours + 1))
    reply = await harness.send(anna, f"/start {expired}")
    assert "abgelaufen" in reply.text

    revoked = await make_invite(harness, "Gast", "ohne Institution")
    coordinator = harness.coordinator()
    reply = await harness.send(coordinator, "/einladungen")
    await harness.press_label(coordinator, reply.last, "zurückziehen")
    reply = await harness.send(anna, f"/start {revoked}")
    assert "zurückgezogen" in reply.text
    # a forged button changes nothing
    reply = await harness.press(anna, reply.last, "mg:d:1:ja")
    assert reply.callback_answer is not None
    assert "nur die Regionale Koordination" in reply.callback_answer["text"]


async def test_deactivation_takes_effect_at_once(harness: Harness) -> None:
    jana = harness.user("Jana")
    await join(harness, jana, await make_invite(harness))
    coordinator = harness.coordinator()
    reply = await harness.send(coordinator, "/mitglied")
    await harness.press_label(coordinator, reply.last, "Jana Jobcenter")
    await harness.press_label(coordinator, reply.last, "Deaktivieren")
    await harness.press_label(coordinator, reply.last, "Ja, deaktivieren")
    assert "deaktiviert" in harness.emu.last_message(coordinator.id).text
    reply = await harness.send(jana, "/mitglieder")
    assert "nur Mitgliedern" in reply.text
    assert private_menu(harness, jana) == set()
    reply = await harness.send(coordinator, "/protokoll")
    assert "deaktiviert" in reply.text and "Jana Jobcenter" in reply.text
    # German throughout: no "invite:1", no chat id, no action codes.
    assert "Einladung angenommen – Einladung Nr. 1" in reply.text
    assert "Koordination aus den Einstellungen – Renate Breier" in reply.text
    assert not re.search(r"\b[a-z]+\.[a-z_]+\b|[a-z]+:\d", reply.text), reply.text


async def test_committees_do_not_leak(harness: Harness) -> None:
    other = harness.user("Otto")

    _harz, otto_id = await seed_other_committee(harness, other, coordinator=True)
    jana = harness.user("Jana")
    await join(harness, jana, await make_invite(harness))
    reply = await harness.send(other, "/mitglieder")
    assert "Otto Harz" in reply.text and "Jana" not in reply.text and "Jobcenter" not in reply.text
    reply = await harness.send(jana, "/mitglieder")
    assert "Otto" not in reply.text and "Harzer" not in reply.text
    # Otto coordinates his own committee only: a button naming Jana's row is refused.
    coordinator = harness.coordinator()
    reply = await harness.send(coordinator, "/mitglied")
    jana_row = next(d for row in reply.last.buttons() for text, d in row if "Jana" in text)
    reply = await harness.press(other, reply.last, jana_row)
    assert reply.callback_answer is not None and "nicht" in reply.callback_answer["text"]
    group = harness.emu.group("RAK Harz")
    await harness.send(other, "/gruppe_verbinden", chat=group)
    reply = await harness.send(coordinator, "/mitglieder", chat=group)
    assert "nur Mitgliedern" in reply.text

    async def check(session):  # type: ignore[no-untyped-def]
        bound = await session.scalar(select(Committee.chat_id).where(Committee.slug == "rak-harz"))
        jana_member = await session.scalar(select(Member).where(Member.telegram_user_id == jana.id))
        return bound, jana_member.active, otto_id

    bound, jana_active, _ = await harness.runtime.db.run(check)
    assert bound == group.id and jana_active


async def test_a_member_cannot_move_by_invite_and_a_taken_seat_is_explained(
    harness: Harness,
) -> None:
    jana = harness.user("Jana")
    await join(harness, jana, await make_invite(harness))
    # A second link for another seat, opened by Jana: refused, the link stays open.
    token = await make_invite(harness, "Stellvertretung", "DGB")
    reply = await harness.send(jana, f"/start {token}")
    assert reply.text.startswith("Sie sind bereits Mitglied des RAK.")
    # Two links for the same free seat: the second person is told in words meant for them.
    first, second = (
        await make_invite(harness, institution="IHK"),
        await make_invite(harness, institution="IHK"),
    )
    await join(harness, harness.user("Ida"), first, name="Ida IHK")
    text = await join(harness, harness.user("Igor"), second, name="Igor IHK")
    assert text.startswith("Das hat leider nicht geklappt: Die Stelle, für die Sie eingeladen")
    assert "/mitglied" not in text

    async def rows(session):  # type: ignore[no-untyped-def]
        found = await session.scalars(select(Member).where(Member.telegram_user_id == jana.id))
        return [(m.role, m.institution_id) for m in found]

    assert len(await harness.runtime.db.run(rows)) == 1


async def test_institution_names_and_short_names_stay_distinct(harness: Harness) -> None:
    office = harness.coordinator()
    reply = await harness.send(office, "/institution_neu Stadt Haldensleben | Stadt HDL")
    assert reply.text == "Institution angelegt: Stadt Haldensleben"
    clashes = (
        "/institution_neu stadt haldensleben",  # same name, other case
        "/institution_neu Stadtverwaltung Haldensleben | Jobcenter",  # a short name in use
        "/institution_umbenennen 2 jobcenter börde",  # the long name of no. 4
    )
    for command in clashes:
        reply = await harness.send(office, command)
        assert reply.text.startswith("Eine Institution mit diesem Namen oder Kurznamen"), command
    # A new long name alone keeps the short name the buttons show.
    reply = await harness.send(office, "/institution_umbenennen 2 DGB Sachsen-Anhalt Nord")
    assert reply.text == "Umbenannt in: DGB Sachsen-Anhalt Nord"

    async def names(session):  # type: ignore[no-untyped-def]
        rows = await session.execute(select(Institution.name, Institution.short_name))
        return {name: short for name, short in rows.all()}

    found = await harness.runtime.db.run(names)
    assert found["DGB Sachsen-Anhalt Nord"] == "DGB"
    assert found["Stadt Haldensleben"] == "Stadt HDL"
    assert len({short.casefold() for short in found.values()}) == len(found)
