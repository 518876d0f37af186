"""DSGVO: data export and pseudonymisation that keeps the decision record."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from rakbot.sandbox.models import FakeUser
from rakbot.services import dialogs, privacy
from rakbot.services.dialogs import DialogState
from storage.models import AppointmentRequest, Ballot, BallotVote, Member, Outbox
from tests.e2e.ballot_setup import setup_rak
from tests.e2e.harness import COORDINATOR_ID, Harness
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
    # labels and values a person understands, not the codes the database keeps
    membership = data["mitgliedschaften"][0]
    assert membership["rolle"] == "Vertretung (stimmberechtigt)"
    assert membership["aktiv"] == "ja" and membership["sprache"] == "Deutsch"
    assert membership["beigetreten"] == "Mo., 23.11.2026, 09:00 Uhr"
    assert data["stimmabgaben"][0]["rolle"] == "Vertretung (stimmberechtigt)"
    actions = {entry["aktion"] for entry in data["protokolleintraege"]}
    assert {"aufgenommen", "Einladung angenommen"} <= actions
    subjects = {entry["gegenstand"] for entry in data["protokolleintraege"]}
    assert f"Mitglied Nr. {member_id}" in subjects
    raw = (reply.last.document or b"").decode()
    for code in ("representative", "member.added", "invite.used", "member:", "True"):
        assert code not in raw, code

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
    # the erasure was the person's own act, not the system's
    erased = next(line for line in reply.text.splitlines() if "pseudonymisiert" in line)
    assert erased.endswith("(ehemaliges Mitglied (Jobcenter Börde))"), erased
    own = [line for line in reply.text.splitlines() if "Jobcenter Börde)" in line]
    assert own and not any(line.endswith("(System)") for line in own)


async def test_the_last_coordinator_cannot_erase_themselves_an_applicant_is_told_plainly(
    harness: Harness,
) -> None:
    renate = harness.coordinator()
    reply = await harness.send(renate, "/daten_loeschen")
    assert reply.text.startswith("Sie sind die letzte Person der Regionalen Koordination.")
    assert reply.last.buttons() == []
    # Checked again in the unit of work that erases: even with the question open, nothing changes.
    await dialogs.save(
        harness.runtime, renate.id, renate.id, DialogState(privacy.ERASE_DIALOG, "confirm")
    )
    refused = await privacy.confirm_erasure(harness.runtime, renate.id, renate.id)
    assert refused is privacy.EraseRefused.LAST_COORDINATOR
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
        assert "Rep0" not in rak.current(message).text, rak.current(message).text
    # The vote stays in the record; the answer to a meeting still ahead ends with the seat.
    assert "ehemaliges Mitglied" in rak.current(ballot).text
    assert "Agentur für Arbeit: – keine Antwort" in rak.current(card).text


async def request_appointment(h: Harness, user: FakeUser, topic: str, contact: str) -> None:
    await h.send(user, "/termin_anfragen")
    await h.send(user, "Jana Jobcenter")
    await h.send(user, topic)
    await h.send(user, contact)
    summary = (await h.send(user, "Dienstags vormittags")).last
    await h.press_label(user, summary, "Absenden")


async def test_erasure_leaves_no_personal_data_in_requests_or_the_outbox(
    harness: Harness,
) -> None:
    """Appointment requests and every queued or sent message that held them or the person's
    chat id: nothing personal is left after /daten_loeschen."""
    h = harness
    await h.send(h.coordinator(), "/start")
    jana = h.user("Jana")
    await join(h, jana, await make_invite(h))
    await plan_meeting_as(h, h.coordinator(), "20.01.2027 10:00")  # her private reminders
    await request_appointment(h, jana, "Beratung Projekt Sonnenblume", "0391 7654321")
    await h.deliver()  # this notice is sent
    await request_appointment(h, jana, "Rückfrage Sonnenblume", "jana.privat@example.org")
    personal = (
        "Jana Jobcenter",
        "Sonnenblume",
        "0391 7654321",
        "jana.privat@example.org",
        "jana@jobcenter.example.de",
        "Dienstags",
    )

    async def outbox_rows(session):  # type: ignore[no-untyped-def]
        return list(await session.scalars(select(Outbox)))

    before = await h.runtime.db.run(outbox_rows)
    assert any(r.chat_id == jana.id and r.status == "pending" for r in before)
    # the office's cards are rendered from the request when sent: their rows hold its id only
    assert sum(r.kind == "appointment_office" for r in before) == 2
    assert not any("Sonnenblume" in json.dumps(r.payload, ensure_ascii=False) for r in before)

    asked = await h.send(jana, "/daten_loeschen")
    await h.press_label(jana, asked.last, "Ja, Daten löschen")

    async def requests(session):  # type: ignore[no-untyped-def]
        return list(await session.scalars(select(AppointmentRequest)))

    found = await h.runtime.db.run(requests)
    assert len(found) == 2
    for request in found:
        assert request.telegram_user_id is None
        assert {request.name, request.topic, request.contact, request.preferred_days} == {
            privacy.ERASED
        }
    for row in await h.runtime.db.run(outbox_rows):
        stored = json.dumps(row.payload, ensure_ascii=False)
        assert not any(value in stored for value in personal), (row.dedup_key, stored)
        assert row.chat_id != jana.id, row.dedup_key
    # A notice still queued at the erasure never goes out.
    mark = len(h.emu.messages_to(COORDINATOR_ID))
    await h.deliver()
    assert not any("Sonnenblume" in m.text for m in h.emu.messages_to(COORDINATOR_ID)[mark:])


async def test_a_forged_erase_button_erases_nothing_without_the_question(
    harness: Harness,
) -> None:
    h = harness
    jana = h.user("Jana")
    welcome = await join(h, jana, await make_invite(h))
    assert "Willkommen" in welcome
    message = h.emu.last_message(jana.id)

    async def jana_row(session):  # type: ignore[no-untyped-def]
        return await session.scalar(select(Member).where(Member.display_name == "Jana Jobcenter"))

    pressed = await h.press(jana, message, "dl:ja")
    assert pressed.callback_answer is not None
    assert pressed.callback_answer["text"].startswith("Nichts gelöscht.")
    assert (await h.runtime.db.run(jana_row)).active
    # "Nein" closes the question: its "Ja" no longer erases either.
    asked = await h.send(jana, "/daten_loeschen")
    await h.press_label(jana, asked.last, "Nein")
    pressed = await h.press(jana, asked.last, "dl:ja")
    assert pressed.callback_answer is not None
    assert pressed.callback_answer["text"].startswith("Nichts gelöscht.")
    assert (await h.runtime.db.run(jana_row)).active
    # Asked and confirmed: erased.
    asked = await h.send(jana, "/daten_loeschen")
    await h.press_label(jana, asked.last, "Ja, Daten löschen")
    assert await h.runtime.db.run(jana_row) is None
