"""Ballots belong to the meeting and agenda item the office picks: stored, shown in the ballot
message, used by the minutes (no matching of texts); items without a decision say so."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Ballot
from tests.e2e.ballot_setup import Rak, setup_rak
from tests.e2e.harness import Harness
from tests.e2e.meeting_setup import cancel_meeting_as, plan_meeting_as
from tests.e2e.test_meeting_minutes import meeting_text


async def links(rak: Rak) -> list[tuple[int, int | None, int | None]]:
    async def work(session: AsyncSession) -> list[tuple[int, int | None, int | None]]:
        rows = await session.execute(
            select(Ballot.id, Ballot.meeting_id, Ballot.agenda_item).order_by(Ballot.id)
        )
        return [(bid, mid, item) for bid, mid, item in rows.all()]

    return await rak.h.runtime.db.run(work)


async def test_ballot_linked_to_meeting_and_agenda_item_before_the_meeting_day(
    harness: Harness,
) -> None:
    h = harness
    rak = await setup_rak(h, deputies=1)
    reply = await h.send(rak.office, "/niederschrift sitzung")
    assert reply.text == "Es hat noch keine Sitzung stattgefunden."
    # No meeting ahead: the dialog does not ask.
    await rak.start_ballot(question="Frage ohne Sitzung?")
    await plan_meeting_as(h, rak.office, "30.11.2026 10:00")
    await plan_meeting_as(h, rak.office, "24.11.2026 15:00", end="17:00")
    await cancel_meeting_as(h, rak.office, 2)

    # A week before the meeting the office prepares the ballot for TOP 2 of meeting 1.
    reply = await h.send(rak.office, "/abstimmung_neu")
    reply = await h.press_label(rak.office, reply.last, "Beschluss")
    reply = await h.send(rak.office, "Sollen die Projektanträge der Runde 3 gefördert werden?")
    reply = await h.press_label(rak.office, reply.last, "Offen")
    reply = await h.press_label(rak.office, reply.last, "In der Sitzung")
    offered = [label for row in reply.last.buttons() for label, _data in row]
    assert offered == ["Sitzung Nr. 1 am Mo., 30.11.2026, 10:00 Uhr", "Keiner Sitzung zuordnen"]
    reply = await h.press_label(rak.office, reply.last, "Sitzung Nr. 1")
    offered = [label for row in reply.last.buttons() for label, _data in row]
    assert offered == [
        "TOP 1: Protokoll",
        "TOP 2: Projektanträge Runde 3",
        "TOP 3: Verschiedenes",
        "Ohne Tagesordnungspunkt (Weitere Beschlüsse)",
    ]
    forged = await h.press(rak.office, reply.last, "bn:ai:9")
    assert "nicht mehr gültig" in forged.callback_answer["text"]
    reply = await h.press_label(rak.office, reply.last, "TOP 2")
    reply = await h.send(rak.office, "02.12.2026 12:00")
    assert "Sitzung Nr. 1 am 30.11.2026 – TOP 2: Projektanträge Runde 3" in reply.text
    await h.press_label(rak.office, reply.last, "In der Gruppe starten")
    message = h.emu.last_message(rak.group.id)
    assert "Sitzung Nr. 1 am 30.11.2026 – TOP 2: Projektanträge Runde 3" in message.text

    # Same words as an agenda line, but linked to no item: no text matching.
    await rak.start_ballot(
        question="Verschiedenes",
        deadline="02.12.2026 12:00",
        meeting="Sitzung Nr. 1",
        item="Ohne Tagesordnungspunkt",
    )
    assert await links(rak) == [(1, None, None), (2, 1, 1), (3, 1, None)]
    await h.press(rak.deputies[0], message, "v:2:n")  # replaced by the representative's vote
    for index in range(6):
        await h.press(rak.reps[index], message, "v:2:y")
    await h.travel(timedelta(days=7, hours=2))  # the meeting has begun
    await h.press(rak.office, message, "v:2:x")
    await h.deliver()
    text = await meeting_text(rak, "/niederschrift sitzung 1 md")
    assert "## TOP 1: Protokoll\nKeine Abstimmung zu diesem Punkt." in text
    assert (
        "## TOP 2: Projektanträge Runde 3\n\n### Abstimmung Nr. 2\n"
        "**Beschlussvorlage:** Sollen die Projektanträge der Runde 3 gefördert werden?"
    ) in text
    assert "## TOP 3: Verschiedenes\nKeine Abstimmung zu diesem Punkt." in text
    assert "## Weitere Beschlüsse\n\n### Abstimmung Nr. 3\n**Beschlussvorlage:** Verschiedenes" in (
        text
    )
    assert "Frage ohne Sitzung" not in text
    # present: the person whose vote counted, not the deputy who pressed first
    assert f"- {rak.institutions[0][1]}: Rep0 Vertreter (hat abgestimmt)" in text
    assert "Dep0" not in text
    record = await meeting_text(rak, "/niederschrift 2")
    assert "außerhalb einer Sitzung" not in record
    assert "**Ort und Datum:** Landratsamt Haldensleben, Raum 101" in record


async def test_the_link_follows_its_agenda_item_when_the_agenda_is_edited(
    harness: Harness,
) -> None:
    h = harness
    rak = await setup_rak(h)
    await plan_meeting_as(h, rak.office, "30.11.2026 10:00")
    await rak.start_ballot(
        question="Sollen die Projektanträge gefördert werden?",
        deadline="02.12.2026 12:00",
        meeting="Sitzung Nr. 1",
        item="TOP 2",
    )
    message = h.emu.last_message(rak.group.id)
    assert "TOP 2: Projektanträge Runde 3" in message.text

    # The office puts a greeting first: the ballot stays with "Projektanträge Runde 3", now TOP 3.
    reply = await h.send(
        rak.office,
        "/sitzung_tagesordnung 1\nBegrüßung\nProtokoll\nProjektanträge Runde 3\nVerschiedenes",
    )
    assert "Die Tagesordnung ist geändert (4 Punkte)." in reply.text
    assert await links(rak) == [(1, 1, 2)]
    await h.travel(timedelta(seconds=30))  # the live message's next edit slot
    assert "TOP 3: Projektanträge Runde 3" in message.text

    # The item is struck: the ballot is listed apart, not under whatever took its place.
    await h.send(rak.office, "/sitzung_tagesordnung 1\nBegrüßung\nProtokoll\nVerschiedenes")
    assert await links(rak) == [(1, 1, None)]
    for index in range(len(rak.reps)):
        await h.press(rak.reps[index], message, "v:1:y")
    await h.travel(timedelta(days=7, hours=2))
    await h.deliver()
    text = await meeting_text(rak, "/niederschrift sitzung 1 md")
    assert "## TOP 3: Verschiedenes\nKeine Abstimmung zu diesem Punkt." in text
    assert "## Weitere Beschlüsse\n\n### Abstimmung Nr. 1" in text
