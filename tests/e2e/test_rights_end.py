"""Rights end with the membership: deactivation, erasure and leaving COORDINATOR_IDS end every
right (coordination included, audited); a later invitation starts from what it says alone.
Open dialogs, invite links and old messages do not outlive the role either."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from rakbot.sandbox.models import FakeUser, SentMessage
from storage.models import BallotVote, Meeting, Member, Rsvp
from tests.e2e import ballot_setup
from tests.e2e.harness import Harness
from tests.e2e.meeting_setup import announced_card, plan_meeting_as
from tests.e2e.test_roster import LINK, join, make_invite

COORDINATION_ONLY = "Das darf nur die Regionale Koordination."


async def open_card(h: Harness, name: str) -> SentMessage:
    """The member card of `name`, opened by the office through /mitglied."""
    office = h.coordinator()
    reply = await h.send(office, "/mitglied")
    await h.press_label(office, reply.last, name)
    return reply.last


async def deactivate(h: Harness, name: str) -> None:
    office = h.coordinator()
    card = await open_card(h, name)
    await h.press_label(office, card, "Deaktivieren")
    await h.press_label(office, card, "Ja, deaktivieren")
    assert "ist deaktiviert" in h.emu.last_message(office.id).text


async def rows_of(h: Harness, user: FakeUser) -> list[Member]:
    async def work(session):  # type: ignore[no-untyped-def]
        found = await session.scalars(
            select(Member).where(Member.telegram_user_id == user.id).order_by(Member.id)
        )
        return list(found)

    return await h.runtime.db.run(work)


async def may_export(h: Harness, user: FakeUser) -> bool:
    reply = await h.send(user, "/export")
    if reply.last.kind == "document":
        return True
    assert reply.text == COORDINATION_ONLY, reply.text
    return False


async def coordination_through_card(h: Harness, name: str) -> None:
    office = h.coordinator()
    card = await open_card(h, name)
    await h.press_label(office, card, "Zur Koordination machen")
    assert "Koordination" in h.emu.last_message(office.id).text


async def guest_with_coordination(h: Harness) -> FakeUser:
    """Jana, invited as guest, then given coordination on her member card."""
    jana = h.user("Jana")
    await join(h, jana, await make_invite(h, "Gast", "ohne Institution"))
    await coordination_through_card(h, "Jana Jobcenter")
    return jana


async def guest_link_made_by(h: Harness, user: FakeUser) -> str:
    """The token of a guest invitation `user` creates with /einladen."""
    reply = await h.send(user, "/einladen")
    await h.press_label(user, reply.last, "Gast")
    await h.press_label(user, reply.last, "ohne Institution")
    found = LINK.search(h.emu.last_message(user.id).text)
    assert found is not None
    return found.group(1)


async def test_a_coordinator_deactivated_and_invited_again_as_guest_is_a_guest(
    harness: Harness,
) -> None:
    h = harness
    jana = await guest_with_coordination(h)
    assert await may_export(h, jana)
    await deactivate(h, "Jana Jobcenter")
    assert not await may_export(h, jana)
    [row] = await rows_of(h, jana)
    assert not row.is_coordinator and not row.active
    protocol = (await h.send(h.coordinator(), "/protokoll")).text
    assert "Koordination entzogen – Jana Jobcenter" in protocol

    await join(h, jana, await make_invite(h, "Gast", "ohne Institution"))
    assert not await may_export(h, jana)
    reply = await h.send(jana, "/mitglied")
    assert reply.text == COORDINATION_ONLY
    [row] = await rows_of(h, jana)
    assert row.active and row.role == "guest" and not row.is_coordinator


async def test_a_representative_invited_again_as_guest_holds_no_seat(harness: Harness) -> None:
    h = harness
    jana = h.user("Jana")
    await join(h, jana, await make_invite(h, "Vertretung", "Jobcenter"))
    await deactivate(h, "Jana Jobcenter")
    await join(h, jana, await make_invite(h, "Gast", "ohne Institution"))
    [row] = await rows_of(h, jana)
    assert (row.role, row.institution_id, row.is_coordinator) == ("guest", None, False)
    directory = (await h.send(jana, "/mitglieder")).text
    guests = directory.split("Gäste", 1)[1]
    assert "Jana Jobcenter" in guests and "Jana Jobcenter" not in directory.split("Gäste", 1)[0]
    # The Jobcenter seat is free for somebody else.
    await join(h, h.user("Jens"), await make_invite(h, "Vertretung", "Jobcenter"), "Jens Neu")


async def test_a_representative_invited_again_for_another_institution_sits_there(
    harness: Harness,
) -> None:
    h = harness
    jana = h.user("Jana")
    await join(h, jana, await make_invite(h, "Vertretung", "Jobcenter"))
    [before] = await rows_of(h, jana)
    await deactivate(h, "Jana Jobcenter")
    await join(h, jana, await make_invite(h, "Stellvertretung", "DGB"))
    [row] = await rows_of(h, jana)
    assert row.role == "deputy" and row.institution_id != before.institution_id
    directory = (await h.send(h.coordinator(), "/mitglieder")).text
    assert "Altmark-Börde-Harz\nStellvertretung: Jana Jobcenter" in directory


async def test_an_erased_coordinator_invited_again_starts_from_the_invitation(
    harness: Harness,
) -> None:
    h = harness
    jana = await guest_with_coordination(h)
    asked = await h.send(jana, "/daten_loeschen")
    await h.press_label(jana, asked.last, "Ja, Daten löschen")
    assert not await may_export(h, jana)
    await join(h, jana, await make_invite(h, "Gast", "ohne Institution"))
    assert not await may_export(h, jana)
    [row] = await rows_of(h, jana)
    assert row.active and row.role == "guest" and not row.is_coordinator
    protocol = (await h.send(h.coordinator(), "/protokoll")).text
    assert "Koordination entzogen – ehemaliges Mitglied" in protocol


async def restart_with_coordinators(h: Harness, ids: list[int]) -> None:
    h.settings = h.settings.model_copy(update={"coordinator_ids": ids})
    await h.restart()


async def test_an_id_taken_out_of_coordinator_ids_loses_what_the_setting_gave(
    harness: Harness,
) -> None:
    h = harness
    renate = h.coordinator()
    paul = h.user("Paul")
    jana = h.user("Jana")
    await join(h, jana, await make_invite(h, "Vertretung", "Jobcenter"))
    ida = h.user("Ida")
    await join(h, ida, await make_invite(h, "Gast", "ohne Institution"), "Ida Gast")
    await coordination_through_card(h, "Ida Gast")

    await restart_with_coordinators(h, [renate.id, paul.id, jana.id])
    assert await may_export(h, paul) and await may_export(h, jana)

    await restart_with_coordinators(h, [renate.id])
    # Paul was a coordinator by the setting alone: he leaves the roster.
    assert not await may_export(h, paul)
    assert "nur Mitgliedern" in (await h.send(paul, "/mitglieder")).text
    # Jana keeps the seat the invitation gave her, not the coordination.
    assert not await may_export(h, jana)
    [row] = await rows_of(h, jana)
    assert row.active and row.role == "representative" and not row.is_coordinator
    # The office's own grant does not depend on the setting.
    assert await may_export(h, ida)
    protocol = (await h.send(renate, "/protokoll")).text
    assert "Koordination entzogen – Jana Jobcenter" in protocol

    # The last coordinator is never taken away, whatever the setting says.
    await deactivate(h, "Ida Gast")
    await restart_with_coordinators(h, [])
    assert await may_export(h, renate)


async def test_a_deactivated_coordinators_dialog_and_links_end_with_them(
    harness: Harness,
) -> None:
    h = harness
    jana = h.user("Jana")
    await join(h, jana, await make_invite(h, "Regionale Koordination"))
    # Jana hands out a link and starts planning a meeting.
    jana_link = await guest_link_made_by(h, jana)
    office_link = await make_invite(h, "Gast", "ohne Institution")
    await h.send(jana, "/sitzung_neu")
    asked = await h.send(jana, "20.01.2027 10:00")

    await deactivate(h, "Jana Jobcenter")
    # The dialog is gone: her next text is no meeting place, the old button is refused.
    reply = await h.send(jana, "Landratsamt Haldensleben")
    assert "Tagesordnung" not in reply.text
    pressed = await h.press_label(jana, asked.last, "Ja")
    assert pressed.callback_answer is not None
    assert pressed.callback_answer["text"] == COORDINATION_ONLY

    async def meetings(session):  # type: ignore[no-untyped-def]
        return list(await session.scalars(select(Meeting)))

    assert await h.runtime.db.run(meetings) == []
    # Her link is revoked (she no longer speaks for the office); the office's stays open.
    reply = await h.send(h.user("Mallory"), f"/start {jana_link}")
    assert "zurückgezogen" in reply.text
    await join(h, h.user("Olga"), office_link, "Olga Gast")
    protocol = (await h.send(h.coordinator(), "/protokoll")).text
    assert "Einladungslink zurückgezogen" in protocol


async def test_withdrawn_coordination_revokes_the_persons_open_links(harness: Harness) -> None:
    h = harness
    jana = await guest_with_coordination(h)
    link = await guest_link_made_by(h, jana)
    card = await open_card(h, "Jana Jobcenter")
    await h.press_label(h.coordinator(), card, "Koordination entziehen")
    reply = await h.send(h.user("Mallory"), f"/start {link}")
    assert "zurückgezogen" in reply.text


async def test_old_messages_refuse_a_deactivated_member(harness: Harness) -> None:
    """Votes and meeting answers on messages sent while the person was a member: refused after
    deactivation. A vote given stays (it was valid when given); an answer to a meeting still
    ahead is withdrawn, as it spoke for a seat the person no longer holds."""
    h = harness
    rak = await ballot_setup.setup_rak(h, deputies=0)
    await plan_meeting_as(h, rak.office, "20.01.2027 10:00")
    card = await announced_card(h, rak.group.id)
    await h.press_label(rak.reps[0], card, "Zusage")
    ballot = await rak.start_ballot(question="Jahresbericht annehmen?")
    await h.press(rak.reps[0], ballot, "v:1:y")
    await h.travel(timedelta(seconds=10))
    assert "Rep0 Vertreter" in rak.current(card).text
    await deactivate(h, "Rep0 Vertreter")

    pressed = await h.press(rak.reps[0], ballot, "v:1:n")
    assert pressed.callback_answer is not None
    assert pressed.callback_answer["text"] == "Abstimmen können nur Mitglieder des RAK."
    pressed = await h.press_label(rak.reps[0], rak.current(card), "Absage")
    assert pressed.callback_answer is not None
    assert "nur Mitgliedern des RAK" in pressed.callback_answer["text"]
    await h.travel(timedelta(seconds=10))
    assert "Rep0" not in rak.current(card).text

    async def record(session):  # type: ignore[no-untyped-def]
        votes = [v.choice for v in await session.scalars(select(BallotVote))]
        answers = [r.answer for r in await session.scalars(select(Rsvp))]
        return votes, answers

    votes, answers = await h.runtime.db.run(record)
    assert len(votes) == 1 and "n" not in str(votes[0])
    assert answers == []
