"""Competition rounds end to end: budgets per area, the proposals of the round, the overview."""

from __future__ import annotations

from tests.e2e.ballot_setup import Rak, setup_rak
from tests.e2e.harness import Harness


async def add_proposal(rak: Rak, title: str, area: str, amount: str, applicant: str) -> None:
    """Run /antrag_neu; `applicant` is a member institution's name or an external organisation."""
    h, office = rak.h, rak.office
    await h.send(office, "/antrag_neu")
    reply = await h.send(office, title)
    await h.press_label(office, reply.last, area)
    reply = await h.send(office, applicant)
    member = next((name for _id, name in rak.institutions if name == applicant), None)
    await h.press_label(office, reply.last, member or "Nein, externe Organisation")
    await h.send(office, amount)
    await h.send(office, "24 Monate")
    reply = await h.send(office, "-")
    await h.press_label(office, reply.last, "Speichern")


async def test_round_collects_the_proposals_of_its_areas(harness: Harness) -> None:
    rak = await setup_rak(harness)
    await add_proposal(rak, "Jobcoaching Börde", "A", "120.000 €", "Bildungswerk Nord")
    await add_proposal(rak, "Ausbildung plus", "A", "90.000 €", "Jobcenter Börde")
    await add_proposal(rak, "Familienlotsen", "C", "60.000 €", "Diakonie Börde")
    await add_proposal(rak, "Ohne Runde", "E", "10.000 €", "Verein Ost")
    office = rak.office

    reply = await harness.send(office, "/runde_neu")
    assert "Wie heißt der Wettbewerb?" in reply.text
    reply = await harness.send(office, "x")
    assert "3 bis 200 Zeichen" in reply.text
    reply = await harness.send(office, "Wettbewerb 2027, 1. Aufruf")
    assert "Förderbereiche: A, B, C" in reply.text
    for typed, problem in [
        ("A 250 T€", "Zeile 1: Der Betrag stimmt nicht."),
        ("A 250.000\nK 10.000", "Zeile 2: Diesen Förderbereich gibt es nicht."),
        ("250.000", "Zeile 1: erst der Förderbereich"),
        ("A 0 €", "größer als 0 €"),
    ]:
        reply = await harness.send(office, typed)
        assert problem in reply.text and "„A 250.000 €“" in reply.text
    reply = await harness.send(office, "A 200.000 €\nc: 50.000")
    assert "Förderbereich A: 200.000,00 €" in reply.text
    assert "Förderbereich C: 50.000,00 €" in reply.text
    reply = await harness.press_label(office, reply.last, "Anlegen")
    assert "Wettbewerb Nr. 1 angelegt, 3 Anträge sind dabei." in reply.text

    member = rak.reps[0]
    reply = await harness.send(member, "/runden")
    assert "Nr. 1: Wettbewerb 2027, 1. Aufruf – 250.000,00 € – offen" in reply.text
    reply = await harness.send(member, "/runde 1")
    assert "<b>Förderbereich A</b> – Budget 200.000,00 €" in reply.last.raw_text
    assert "Jobcoaching Börde (Bildungswerk Nord) – 120.000,00 € – noch ohne Bewertung" in (
        reply.text
    )
    assert "Ausbildung plus (Jobcenter Börde)" in reply.text
    assert "Familienlotsen" in reply.text and "Ohne Runde" not in reply.text
    assert "Ausgewählt: 0,00 € von 50.000,00 €, Rest 50.000,00 €" in reply.text


async def test_round_commands_refuse_bad_input_and_outsiders(harness: Harness) -> None:
    rak = await setup_rak(harness)
    stranger = harness.user("Fremd")
    reply = await harness.send(stranger, "/runden")
    assert "nur Mitgliedern" in reply.text
    reply = await harness.send(rak.reps[0], "/runde_neu")
    assert "Das darf nur die Regionale Koordination." in reply.text
    reply = await harness.send(rak.office, "/runde_neu", chat=rak.group)
    assert "im privaten Chat" in reply.text
    reply = await harness.send(rak.reps[0], "/runden")
    assert "Noch keine Wettbewerbe." in reply.text
    for command in ("/runde", "/runde 7", "/runde x", "/runde 99999999999"):
        reply = await harness.send(rak.reps[0], command)
        assert "Diesen Wettbewerb gibt es nicht." in reply.text
    await harness.send(rak.office, "/runde_neu")
    await harness.send(rak.office, "Aufruf 2027")
    reply = await harness.send(rak.office, "A 10.000")
    forged = await harness.press(rak.office, reply.last, "wr:drop")
    assert (
        forged.callback_answer is not None and "nicht mehr gültig" in forged.callback_answer["text"]
    )
    await harness.press_label(rak.office, reply.last, "Abbrechen")
    reply = await harness.send(rak.reps[0], "/runden")
    assert "Noch keine Wettbewerbe." in reply.text
