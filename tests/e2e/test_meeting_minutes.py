"""The Niederschrift of a whole meeting end to end: plan a meeting with an agenda, members
answer, the office runs ballots "In der Sitzung" during it (and a written procedure before), then
/niederschrift sitzung 1 md sends the record as a Markdown document (the PDF and DOCX are
checked in test_minutes_files.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rakbot.sandbox.models import SentMessage
from storage.models import AuditEntry, Ballot, Member
from tests.e2e.ballot_setup import Rak, setup_rak
from tests.e2e.harness import COORDINATOR_ID, Harness, Reply
from tests.e2e.meeting_setup import announced_card, cancel_meeting_as, plan_meeting_as
from tests.e2e.test_ballots import add_proposal

AGENDA = "Protokoll der letzten Sitzung\nAntrag Jobcoaching Börde\nKlausurort 2027\nVerschiedenes"

pytestmark = pytest.mark.usefixtures("warm_renderer")


def document_of(reply: Reply) -> SentMessage:
    documents = [m for m in reply.messages if m.kind == "document"]
    assert len(documents) == 1, [m.text for m in reply.messages]
    assert documents[0].document is not None
    return documents[0]


async def meeting_ids(rak: Rak) -> list[tuple[int, int | None]]:
    async def work(session: AsyncSession) -> list[tuple[int, int | None]]:
        rows = await session.execute(select(Ballot.id, Ballot.meeting_id).order_by(Ballot.id))
        return [(bid, mid) for bid, mid in rows.all()]

    return await rak.h.runtime.db.run(work)


async def minutes_audit(rak: Rak) -> list[tuple[str | None, int | None]]:
    async def work(session: AsyncSession) -> list[tuple[str | None, int | None]]:
        rows = await session.execute(
            select(AuditEntry.subject, Member.telegram_user_id)
            .outerjoin(Member, Member.id == AuditEntry.actor_member_id)
            .where(AuditEntry.action == "minutes.produced")
            .order_by(AuditEntry.id)
        )
        return [(subject, user) for subject, user in rows.all()]

    return await rak.h.runtime.db.run(work)


async def run_meeting(h: Harness) -> Rak:
    """Meeting no. 1 today 10:00–12:30 with four agenda items; a written procedure ended by an
    objection before it; two ballots in the meeting, closed."""
    rak = await setup_rak(h, deputies=2)
    await plan_meeting_as(h, rak.office, "23.11.2026 10:00", agenda=AGENDA)
    card = await announced_card(h, rak.group.id)
    await h.press_label(rak.reps[0], card, "Zusage")
    await h.press_label(rak.reps[1], card, "Stellvertretung kommt")
    await h.press_label(rak.reps[2], card, "Absage")
    await h.press_label(rak.reps[3], card, "Zusage")
    # Before the meeting: a written procedure that ends with an objection.
    written = await rak.start_ballot(question="Umlauf: Geschäftsordnung ändern?", written=True)
    await h.press(rak.reps[5], written, "v:1:o")
    await h.deliver()
    # During the meeting: a decision on a proposal (the applicant is excluded) and a secret one.
    await h.travel(timedelta(hours=1, minutes=15))
    proposal_id = await add_proposal(rak, applicant_index=4)
    ballot = await rak.start_ballot(
        proposal_label=f"Antrag Nr. {proposal_id}", meeting="Sitzung Nr. 1", item="TOP 2"
    )
    await h.press(rak.reps[0], ballot, "v:2:y")
    await h.press(rak.deputies[1], ballot, "v:2:y")
    await h.press(rak.reps[5], ballot, "v:2:n")
    await h.press(rak.reps[6], ballot, "v:2:a")
    secret = await rak.start_ballot(
        question="Tagen wir zum Klausurort 2027 in Haldensleben?",
        secret=True,
        meeting="Sitzung Nr. 1",
        item="TOP 3",
    )
    for voter, code in [
        (rak.reps[0], "y"),
        (rak.deputies[1], "y"),
        (rak.reps[5], "y"),
        (rak.reps[6], "n"),
        (rak.reps[7], "y"),
    ]:
        await h.press(voter, secret, f"v:3:{code}")
    await h.send(rak.office, "/abstimmung_schliessen 2")
    await h.send(rak.office, "/abstimmung_schliessen 3")
    await h.deliver()
    return rak


async def meeting_text(rak: Rak, command: str) -> str:
    reply = await rak.h.send(rak.office, command)
    return document_of(reply).document.decode()  # type: ignore[union-attr]


async def test_minutes_of_a_meeting_with_tops_results_and_presence(harness: Harness) -> None:
    h = harness
    rak = await run_meeting(h)
    names = [name for _id, name in rak.institutions]
    # Ballots "In der Sitzung" belong to the meeting; the written procedure does not.
    assert await meeting_ids(rak) == [(1, None), (2, 1), (3, 1)]
    reply = await h.send(rak.office, "/niederschrift sitzung 1 md")
    document = document_of(reply)
    assert document.chat_id == rak.office.id
    assert document.filename == "niederschrift-sitzung-1.md"
    assert "Niederschrift der Sitzung Nr. 1 vom 23.11.2026" in document.text
    text = document.document.decode()  # type: ignore[union-attr]
    assert text.startswith("# Niederschrift der Sitzung Nr. 1 – ")
    assert (
        "**Ort und Datum:** Landratsamt Haldensleben, Raum 101, Montag, 23. November 2026, "
        "10:00 Uhr bis 12:30 Uhr" in text
    )
    assert "**Vorsitz:** Regionale Koordination" in text
    # Present per institution, with the basis.
    assert f"- {names[0]}: Rep0 Vertreter (hat abgestimmt)" in text
    assert (
        f"- {names[1]}: Dep1 Stellvertreter, Stellvertretung angekündigt (hat abgestimmt)" in text
    )
    assert f"- {names[3]}: Rep3 Vertreter (laut Rückmeldung)" in text
    # Institution 7 voted only in the secret ballot: present, but nobody named.
    assert f"- {names[7]}: – (hat abgestimmt)" in text
    assert f"**Nicht anwesend:** {names[2]} (entschuldigt), {names[4]}" in text
    assert "Rep7" not in text
    # The agenda as TOPs, the ballots under the matching ones.
    assert (
        "- TOP 1: Protokoll der letzten Sitzung\n- TOP 2: Antrag Jobcoaching Börde\n"
        "- TOP 3: Klausurort 2027\n- TOP 4: Verschiedenes" in text
    )
    top1 = text.index("## TOP 1: Protokoll der letzten Sitzung")
    top2 = text.index("## TOP 2: Antrag Jobcoaching Börde")
    top3 = text.index("## TOP 3: Klausurort 2027")
    top4 = text.index("## TOP 4: Verschiedenes")
    first = text.index("### Abstimmung Nr. 2\n**Beschlussvorlage:** Soll der Antrag Nr. 1")
    second = text.index("### Abstimmung Nr. 3\n**Beschlussvorlage:** Tagen wir zum Klausurort 2027")
    assert top1 < top2 < first < top3 < second < top4
    assert "Keine Abstimmung zu diesem Punkt." in text[top1:top2]
    assert "**Antrag:** Jobcoaching Börde" in text[first:top3]
    assert (
        "**Ergebnis:** Angenommen – 2 Ja, 1 Nein, 1 Enthaltung; beschlussfähig (4 von 7 "
        f"stimmberechtigten Institutionen; 1 befangen: {names[4]})" in text[first:top3]
    )
    assert f"**Befangen (nicht mitgestimmt):** {names[4]}" in text[first:top3]
    assert "**Verfahren:** Abstimmung in der Sitzung, geheim" in text[second:top4]
    assert "Angenommen – 4 Ja, 1 Nein, 0 Enthaltungen; beschlussfähig (5 von 8" in text
    assert "## Weitere Beschlüsse" not in text
    # The written procedure before the meeting is reported in its own section.
    written = text.index("## Im Umlaufverfahren gefasste Beschlüsse")
    assert written > top4
    assert (
        "### Abstimmung Nr. 1\n**Beschlussvorlage:** Umlauf: Geschäftsordnung ändern?"
        in text[written:]
    )
    assert f"Widerspruch von {names[5]}" in text[written:]
    # Every production is audited with the coordinator as actor.
    assert await minutes_audit(rak) == [("meeting:1", COORDINATOR_ID)]


async def test_latest_meeting_offered_and_refusals(harness: Harness) -> None:
    h = harness
    rak = await run_meeting(h)
    await plan_meeting_as(h, rak.office, "30.11.2026 10:00", agenda="-")
    latest = await h.send(rak.office, "/niederschrift sitzung md")
    assert document_of(latest).filename == "niederschrift-sitzung-1.md"
    usage = await h.send(rak.office, "/niederschrift")
    assert "/niederschrift sitzung 3" in usage.text and "/niederschrift 5" in usage.text
    assert usage.last.buttons() == [[("Niederschrift der Sitzung Nr. 1 vom 23.11.2026", "nd:1")]]
    pressed = await h.press(rak.office, usage.last, "nd:1")
    assert [m.filename for m in pressed.messages] == [
        "niederschrift-sitzung-1.pdf",
        "niederschrift-sitzung-1.docx",
    ]
    # The ballot record is still there and audited too.
    ballot = await h.send(rak.office, "/niederschrift 2")
    assert document_of(ballot).filename == "niederschrift-abstimmung-2.md"
    # Not yet started, unknown, forged.
    reply = await h.send(rak.office, "/niederschrift sitzung 2")
    assert "Sitzung Nr. 2 hat noch nicht begonnen" in reply.text
    reply = await h.send(rak.office, "/niederschrift sitzung 99")
    assert reply.text == "Eine Sitzung Nr. 99 gibt es nicht. Vergangene Sitzungen: /termine alt"
    for forged in (
        "/niederschrift sitzung abc",
        "/niederschrift sitzung 1 2",
        "/niederschrift sitzung 1 md pdf",
        "/niederschrift sitzung pdf 1",
        "/niederschrift sitzung 99999999999999999999",
        "/niederschrift sitzung ²",
        "/niederschrift ²",
        "/niederschrift 1 2",
        "/niederschrift 99999999999999999999",
    ):
        reply = await h.send(rak.office, forged)
        assert reply.messages and all(m.kind != "document" for m in reply.messages), forged
        assert "Bitte mit der Nummer einer Sitzung" in reply.text or "So geht es" in reply.text
    reply = await h.send(rak.office, "/niederschrift 42")
    assert "Eine Abstimmung mit dieser Nummer gibt es nicht." in reply.text
    for data, answer in (("nd:abc", "nicht mehr gültig"), ("nd:", "nicht mehr gültig")):
        pressed = await h.press(rak.office, usage.last, data)
        assert pressed.callback_answer and answer in pressed.callback_answer["text"]
        assert pressed.messages == []
    pressed = await h.press(rak.office, usage.last, "nd:99")
    assert "Eine Sitzung Nr. 99 gibt es nicht" in pressed.text
    # Not in the group: the record names who voted what.
    reply = await h.send(rak.office, "/niederschrift 2", chat=rak.group)
    assert reply.text.startswith("Niederschriften schicke ich nur im privaten Chat")
    assert all(m.kind != "document" for m in reply.messages)
    # Not the office: refused, nothing produced.
    before = await minutes_audit(rak)
    reply = await h.send(rak.reps[0], "/niederschrift sitzung 1")
    assert "Regionale Koordination" in reply.text
    assert all(m.kind != "document" for m in reply.messages)
    pressed = await h.press(rak.reps[0], usage.last, "nd:1")
    assert pressed.callback_answer and "Regionale Koordination" in pressed.callback_answer["text"]
    assert pressed.messages == []
    assert await minutes_audit(rak) == before
    assert before == [("meeting:1", COORDINATOR_ID)] * 2 + [("ballot:2", COORDINATOR_ID)]


async def chair_audit(rak: Rak) -> list[tuple[str | None, dict[str, object]]]:
    async def work(session: AsyncSession) -> list[tuple[str | None, dict[str, object]]]:
        rows = await session.execute(
            select(AuditEntry.subject, AuditEntry.details)
            .where(AuditEntry.action == "meeting.chair_set")
            .order_by(AuditEntry.id)
        )
        return [(subject, dict(details or {})) for subject, details in rows.all()]

    return await rak.h.runtime.db.run(work)


async def test_chair_entered_after_the_meeting_names_it_in_the_minutes(harness: Harness) -> None:
    h = harness
    rak = await run_meeting(h)
    reply = await h.send(rak.office, "/sitzung_vorsitz 1")
    assert "kein Vorsitz eingetragen" in reply.text
    # Entered after the meeting (control characters dropped), shown back.
    reply = await h.send(rak.office, "/sitzung_vorsitz 1 Dr. Maria\u202e  Beispiel (IHK)")
    assert reply.text == "Vorsitz der Sitzung Nr. 1: Dr. Maria Beispiel (IHK)"
    assert "**Vorsitz:** Dr. Maria Beispiel (IHK)" in await meeting_text(
        rak, "/niederschrift sitzung 1 md"
    )
    # A ballot of the meeting names its chair and place; the written procedure does not.
    ballot = await meeting_text(rak, "/niederschrift 2")
    assert "**Vorsitz:** Dr. Maria Beispiel (IHK)" in ballot
    assert "**Ort und Datum:** Landratsamt Haldensleben, Raum 101" in ballot
    written = await meeting_text(rak, "/niederschrift 1")
    assert "**Vorsitz:** Regionale Koordination" in written
    # Removed again: the minutes name the Regionale Koordination.
    reply = await h.send(rak.office, "/sitzung_vorsitz 1 Keine")
    assert "kein Vorsitz eingetragen" in reply.text
    assert "**Vorsitz:** Regionale Koordination" in await meeting_text(
        rak, "/niederschrift sitzung 1 md"
    )
    assert await chair_audit(rak) == [
        ("meeting:1", {"old": None, "new": "Dr. Maria Beispiel (IHK)"}),
        ("meeting:1", {"old": "Dr. Maria Beispiel (IHK)", "new": None}),
    ]


async def test_chair_refuses_bad_input_cancelled_meetings_and_members(harness: Harness) -> None:
    h = harness
    rak = await run_meeting(h)
    await plan_meeting_as(h, rak.office, "30.11.2026 10:00", agenda="-")
    await cancel_meeting_as(h, rak.office, 2)
    for bad in ("/sitzung_vorsitz", "/sitzung_vorsitz abc Anna", f"/sitzung_vorsitz 1 {'x' * 201}"):
        reply = await h.send(rak.office, bad)
        assert reply.text.startswith("So geht es: /sitzung_vorsitz 3"), bad
    reply = await h.send(rak.office, "/sitzung_vorsitz 1 X")
    assert "Bitte den Namen der Person" in reply.text
    reply = await h.send(rak.office, "/sitzung_vorsitz 99 Anna Beispiel")
    assert reply.text.startswith("Diese Sitzung gibt es nicht.")
    for cancelled in ("/sitzung_vorsitz 2 Anna Beispiel", "/sitzung_vorsitz 2"):
        reply = await h.send(rak.office, cancelled)
        assert reply.text == "Diese Sitzung ist abgesagt.", cancelled
    reply = await h.send(rak.reps[0], "/sitzung_vorsitz 1 Rep0 Vertreter")
    assert "Regionale Koordination" in reply.text
    assert await chair_audit(rak) == []
