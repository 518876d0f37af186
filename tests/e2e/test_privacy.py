"""DSGVO: data export and pseudonymisation that keeps the decision record."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from rakbot.services import privacy
from storage.models import Ballot, BallotVote, Member
from tests.e2e.ballot_setup import setup_rak
from tests.e2e.harness import Harness
from tests.e2e.meeting_setup import announced_card, plan_meeting_as
from tests.e2e.test_roster import join, make_invite, private_menu


async def test_export_and_pseudonymise_keeps_votes(harness: Harness) -> None:
    jana = harness.user("Jana")
    await join(harness, jana, await make_invite(harness))

    async def vote(session):  # type: ignore[no-untyped-def]
        member = await session.scalar(select(Member).where(Member.telegram_user_id == jana.id))
        ballot = Ballot(
            committee_id=member.committee_id, question="Projekt A fördern?", kind="yes_no"
        )
        session.add(ballot)
        await session.flush()
        session.add(
            BallotVote(
                ballot_id=ballot.id,
                institution_id=member.institution_id,
                member_id=member.id,
                role=member.role,
                choice={"answer": "ja"},
            )
        )
        return member.id

    member_id = await harness.runtime.db.run(vote)
    reply = await harness.send(jana, "/meine_daten")
    assert reply.last.kind == "document" and reply.last.filename == "meine_daten.json"
    data = json.loads(reply.last.document or b"{}")
    assert data["mitgliedschaften"][0]["name"] == "Jana Jobcenter"
    assert data["mitgliedschaften"][0]["email"] == "jana@jobcenter.example.de"
    assert data["stimmabgaben"][0]["abstimmung"] == "Projekt A fördern?"

    reply = await harness.send(jana, "/daten_loeschen")
    await harness.press_label(jana, reply.last, "Ja, Daten löschen")
    assert "Erledigt" in harness.emu.last_message(jana.id).text

    async def after(session):  # type: ignore[no-untyped-def]
        member = await session.get(Member, member_id)
        votes = list(await session.scalars(select(BallotVote)))
        return member, votes

    member, votes = await harness.runtime.db.run(after)
    assert member.display_name == "ehemaliges Mitglied (Jobcenter Börde)"
    assert member.telegram_user_id is None and member.phone is None and member.email is None
    assert not member.active
    assert [v.member_id for v in votes] == [member_id]
    reply = await harness.send(jana, "/mitglieder")
    assert "nur Mitgliedern" in reply.text
    assert private_menu(harness, jana) == set()
    reply = await harness.send(harness.coordinator(), "/protokoll")
    assert "ehemaliges Mitglied" in reply.text and "Jana" not in reply.text


async def test_the_last_coordinator_cannot_erase_themselves_an_applicant_is_told_plainly(
    harness: Harness,
) -> None:
    renate = harness.coordinator()
    reply = await harness.send(renate, "/daten_loeschen")
    assert reply.text.startswith("Sie sind die letzte Person der Regionalen Koordination.")
    assert reply.last.buttons() == []
    # Checked again in the unit of work that erases: nothing changes.
    assert await privacy.pseudonymise(harness.runtime, renate.id) is None
    anna = harness.user("Anna")
    asked = await harness.send(anna, "/daten_loeschen")
    assert "Terminanfragen werden anonymisiert" in asked.text and "Rolle" not in asked.text
    await harness.press_label(anna, asked.last, "Ja, Daten löschen")
    assert harness.emu.last_message(anna.id).text == (
        "Erledigt. Ihre gespeicherten Angaben sind gelöscht."
    )

    async def coordinators(session):  # type: ignore[no-untyped-def]
        rows = await session.scalars(select(Member).where(Member.is_coordinator.is_(True)))
        return [m.telegram_user_id for m in rows]

    assert await harness.runtime.db.run(coordinators) == [renate.id]


async def test_an_erased_name_leaves_the_group_messages(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    await plan_meeting_as(h, rak.office, "20.01.2027 10:00")
    card = await announced_card(h, rak.group.id)
    await h.press_label(rak.reps[0], card, "Zusage")
    ballot = await rak.start_ballot(question="Offene Frage?")
    await h.press(rak.reps[0], ballot, "v:1:y")
    await h.travel(timedelta(seconds=10))
    assert "Rep0 Vertreter" in rak.current(card).text and "Rep0" in rak.current(ballot).text
    asked = await h.send(rak.reps[0], "/daten_loeschen")
    await h.press_label(rak.reps[0], asked.last, "Ja, Daten löschen")
    await h.travel(timedelta(seconds=10))
    for message in (card, ballot):
        shown = rak.current(message).text
        assert "Rep0" not in shown and "ehemaliges Mitglied" in shown, shown
