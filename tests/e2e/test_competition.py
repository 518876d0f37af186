"""Competition rounds end to end: budgets per area, the proposals of the round, the overview."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Proposal
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


async def score(rak: Rak, rep: int, ballot_id: int, points: dict[int, int]) -> None:
    """One representative scores options (by position) in the private chat."""
    view = await rak.h.send(rak.reps[rep], f"/abstimmen {ballot_id}")
    for option, given in points.items():
        reply = await rak.h.press(rak.reps[rep], view.last, f"v:{ballot_id}:s{option}={given}")
        assert reply.callback_answer is not None
        assert "Ihre Stimme" in reply.callback_answer["text"], reply.callback_answer


async def test_a_whole_round_scored_selected_within_budget_and_confirmed(
    harness: Harness,
) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    jobcenter, liga = rak.institutions[3][1], rak.institutions[4][1]
    await add_proposal(rak, "Jobcoaching Börde", "A", "120.000 €", "Bildungswerk Nord")
    await add_proposal(rak, "Ausbildung plus", "A", "90.000 €", jobcenter)
    await add_proposal(rak, "Werkstatt 4.0", "A", "70.000 €", "Verein Ost")
    await add_proposal(rak, "Sprachbrücke", "A", "30.000 €", "Kulturverein")
    await add_proposal(rak, "Familienlotsen", "C", "40.000 €", liga)
    office = rak.office
    await h.send(office, "/runde_neu")
    await h.send(office, "Wettbewerb 2027, 1. Aufruf")
    reply = await h.send(office, "A 200.000 €\nC 50.000 €")
    await h.press_label(office, reply.last, "Anlegen")

    reply = await h.send(office, "/runde_auswahl 1 26.11.2026 12:00")
    reply = await h.press_label(office, reply.last, "Ja")
    assert "in diesem Stand des Wettbewerbs nicht" in reply.callback_answer["text"]
    reply = await h.send(office, "/runde_bewerten 1 morgen")
    assert "Uhrzeit" in reply.text
    reply = await h.send(office, "/runde_bewerten 1 25.11.2026 12:00")
    assert "Frist Mittwoch, 25. November 2026, 12:00 Uhr?" in reply.text
    reply = await h.press_label(office, reply.last, "Ja")
    assert "Abstimmung Nr. 1 läuft in der Gruppe." in reply.text
    scoring = h.emu.last_message(rak.group.id)
    assert "Bewertung im Wettbewerb „Wettbewerb 2027, 1. Aufruf“" in scoring.text
    reply = await h.send(office, "/runde_bewerten 1 25.11.2026 12:00")
    reply = await h.press_label(office, reply.last, "Ja")
    assert "Bewertung läuft" in reply.callback_answer["text"]

    # Options in proposal order: 1 Jobcoaching, 2 Ausbildung, 3 Werkstatt, 4 Sprachbrücke,
    # 5 Familienlotsen. The Jobcenter cannot score its own proposal; the Liga not its own.
    for rep in (0, 1, 2):
        await score(rak, rep, 1, {1: 9, 2: 8, 3: 7, 4: 5, 5: 6})
    # The same score again on the last option changes nothing, not even the private view.
    view = await h.send(rak.reps[0], "/abstimmen 1")
    for _ in range(2):
        again = await h.press(rak.reps[0], view.last, "v:1:s5=6")
        assert again.callback_answer["text"].startswith("Ihre Stimme")
    await score(rak, 3, 1, {1: 9, 3: 7, 4: 5, 5: 6})
    await score(rak, 4, 1, {1: 9, 2: 8, 3: 7, 4: 5})
    reply = await h.send(rak.reps[5], "/runde 1")
    assert "Stand: Bewertung läuft" in reply.text
    assert "Ø 9,0 Punkte (5 Bewertungen)" in reply.text
    await h.send(office, "/abstimmung_schliessen 1")
    await h.deliver()

    reply = await h.send(rak.reps[5], "/runde 1")
    text = reply.text
    assert "Stand: bewertet" in text
    lines = text.splitlines()
    area_a = lines[lines.index("Förderbereich A – Budget 200.000,00 €") :]
    assert area_a[1].startswith("1. ✅ Nr. 1 Jobcoaching Börde")
    assert area_a[2].startswith("2. ▫️ Nr. 2 Ausbildung plus")
    assert area_a[2].endswith("(passt nicht mehr ins Budget)")
    assert area_a[3].startswith("3. ✅ Nr. 3 Werkstatt 4.0")
    assert area_a[4] == "– – – Budgetgrenze – – –"
    assert area_a[5].startswith("4. ▫️ Nr. 4 Sprachbrücke")
    assert "Ausgewählt: 190.000,00 € von 200.000,00 €, Rest 10.000,00 €" in text
    assert "1. ✅ Nr. 5 Familienlotsen" in text and "Ø 6,0 Punkte (4 Bewertungen)" in text

    reply = await h.send(office, "/runde_auswahl 1 26.11.2026 12:00")
    reply = await h.press_label(office, reply.last, "Ja")
    assert "Abstimmung Nr. 2 läuft in der Gruppe." in reply.text
    decision = h.emu.last_message(rak.group.id)
    assert "Förderempfehlung im Wettbewerb „Wettbewerb 2027, 1. Aufruf“ bestätigen" in (
        decision.text
    )
    assert "Bereich A: Nr. 1 Jobcoaching Börde, Nr. 3 Werkstatt 4.0" in decision.text
    refused = await h.press(rak.reps[4], decision, "v:2:y")
    assert "befangen" in refused.callback_answer["text"]
    for rep in (0, 1, 2, 3):
        await h.press(rak.reps[rep], decision, "v:2:y")
    await h.send(office, "/abstimmung_schliessen 2")
    await h.deliver()
    result = [m.text for m in h.emu.messages_to(rak.group.id) if m.text.startswith("Ergebnis")]
    assert "Angenommen – 4 Ja, 0 Nein, 0 Enthaltungen" in result[-1]
    assert f"1 befangen: {liga}" in result[-1]

    reply = await h.send(rak.reps[5], "/runde 1")
    assert "Stand: entschieden" in reply.text
    statuses = await h.runtime.db.run(
        lambda s: s.execute(select(Proposal.title, Proposal.status).order_by(Proposal.id))
    )
    assert [tuple(row) for row in statuses] == [
        ("Jobcoaching Börde", "approved"),
        ("Ausbildung plus", "rejected"),
        ("Werkstatt 4.0", "approved"),
        ("Sprachbrücke", "rejected"),
        ("Familienlotsen", "approved"),
    ]
    reply = await h.send(office, "/runde_auswahl 1 27.11.2026 12:00")
    reply = await h.press_label(office, reply.last, "Ja")
    assert "entschieden" in reply.callback_answer["text"]


async def test_a_scoring_without_quorum_selects_nothing_and_can_be_repeated(
    harness: Harness,
) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    await add_proposal(rak, "Jobcoaching Börde", "A", "120.000 €", "Bildungswerk Nord")
    await add_proposal(rak, "Werkstatt 4.0", "A", "70.000 €", "Verein Ost")
    await add_proposal(rak, "Großprojekt", "A", "250.000 €", "Verein West")
    office = rak.office
    await h.send(office, "/runde_neu")
    await h.send(office, "Wettbewerb 2027")
    reply = await h.send(office, "A 200.000 €")
    await h.press_label(office, reply.last, "Anlegen")

    async def score(ballot_id: int, reps: range) -> None:
        for rep in reps:
            view = (await h.send(rak.reps[rep], f"/abstimmen {ballot_id}")).last
            await h.press(rak.reps[rep], view, f"v:{ballot_id}:s1=8")
            await h.press(rak.reps[rep], view, f"v:{ballot_id}:s2=5")
            await h.press(rak.reps[rep], view, f"v:{ballot_id}:s3=6")

    reply = await h.send(office, "/runde_bewerten 1 25.11.2026 12:00")
    await h.press_label(office, reply.last, "Ja")
    await score(1, range(3))  # 3 of 8: no quorum
    await h.send(office, "/abstimmung_schliessen 1")
    await h.deliver()
    overview = await h.send(rak.reps[5], "/runde 1")
    assert "Stand: offen" in overview.text and "✅" not in overview.text
    assert "Die Bewertung (Abstimmung Nr. 1) war nicht beschlussfähig" in overview.text
    reply = await h.send(office, "/runde_auswahl 1 26.11.2026 12:00")
    reply = await h.press_label(office, reply.last, "Ja")
    assert "in diesem Stand des Wettbewerbs nicht" in reply.callback_answer["text"]
    # Scored anew with quorum; the selection is turned down; it may be scored once more.
    reply = await h.send(office, "/runde_bewerten 1 25.11.2026 12:00")
    reply = await h.press_label(office, reply.last, "Ja")
    assert "Abstimmung Nr. 2 läuft in der Gruppe." in reply.text
    await score(2, range(6))
    await h.send(office, "/abstimmung_schliessen 2")
    await h.deliver()
    scored = (await h.send(rak.reps[5], "/runde 1")).text
    assert "Stand: bewertet" in scored
    assert (
        "Großprojekt (Verein West) – 250.000,00 € – Ø 6,0 Punkte (6 Bewertungen) (höher als das "
        in scored
    )
    reply = await h.send(office, "/runde_auswahl 1 26.11.2026 12:00")
    await h.press_label(office, reply.last, "Ja")
    decision = h.emu.last_message(rak.group.id)
    for rep in range(5):
        await h.press(rak.reps[rep], decision, "v:3:n")
    await h.send(office, "/abstimmung_schliessen 3")
    await h.deliver()
    reply = await h.send(office, "/runde_bewerten 1 27.11.2026 12:00")
    reply = await h.press_label(office, reply.last, "Ja")
    assert "Abstimmung Nr. 4 läuft in der Gruppe." in reply.text
