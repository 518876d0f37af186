"""Rangfolge end to end: the dialog, options pressed in order of preference in the group and in
the private chat, "Zurücksetzen", an institution excluded for a conflict of interest, forged
buttons, the Borda result, the minutes and the export; a secret ranking shows nothing until
it closes."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from rakbot.services.vote_export import votes_csv
from tests.e2e.ballot_setup import setup_rak
from tests.e2e.harness import Harness
from tests.e2e.test_ballot_kinds import data_of, minutes
from tests.e2e.test_ballot_secrecy import group_texts
from tests.e2e.test_ballots import result_messages

OPTIONS = "Fachkräfte\nAusbildung\nDigitalisierung"


async def test_ranked_ballot_from_dialog_to_minutes(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=1)
    reply = await h.send(rak.office, "/abstimmung_neu")
    assert "Rangfolge (Borda-Punkte)" in [label for row in reply.last.buttons() for label, _ in row]
    reply = await h.press_label(rak.office, reply.last, "Rangfolge")
    assert "Was wird in eine Rangfolge gebracht?" in reply.text
    reply = await h.send(rak.office, "Welche Schwerpunktthemen sind am wichtigsten?")
    assert "Welche Optionen" in reply.text
    bad = await h.send(rak.office, "nur Fachkräfte")
    assert "mindestens 2 Optionen" in bad.text
    reply = await h.send(rak.office, OPTIONS)
    reply = await h.press_label(rak.office, reply.last, "Offen")
    reply = await rak.link_meeting(reply, None, None)
    reply = await h.send(rak.office, "25.11.2026 12:00")
    assert "Rangfolge (Borda-Punkte), offen" in reply.text
    assert "1. Fachkräfte\n2. Ausbildung\n3. Digitalisierung" in reply.text
    await h.press_label(rak.office, reply.last, "In der Gruppe starten")
    ballot = h.emu.last_message(rak.group.id)
    assert data_of(ballot)[:4] == ["v:1:c1", "v:1:c2", "v:1:c3", "v:1:a"]

    for forged in ("v:1:c4", "v:1:c0", "v:1:y", "v:1:d1y", "v:1:s1=5", "v:1:g1", "v:2:c1"):
        refused = await h.press(rak.reps[0], ballot, forged)
        assert "nicht mehr gültig" in refused.callback_answer["text"], forged
    refused = await h.press(rak.guest, ballot, "v:1:c1")
    assert "Gäste" in refused.callback_answer["text"]

    # The last institution declares a conflict of interest: its presses are refused.
    befangen = rak.institutions[7][1]
    await h.press(rak.reps[7], ballot, "v:1:b")
    await h.press_label(rak.reps[7], h.emu.last_message(rak.reps[7].id), "Ja, befangen")
    refused = await h.press(rak.reps[7], ballot, "v:1:c1")
    assert "befangen" in refused.callback_answer["text"]

    # Options pressed in order of preference; the last follows by itself; reset starts again.
    reply = await h.press(rak.reps[0], ballot, "v:1:c2")
    assert reply.callback_answer["text"] == "Ihre Stimme: 1. Ausbildung (noch 2 Optionen offen)"
    reply = await h.press(rak.reps[0], ballot, "v:1:c1")
    assert reply.callback_answer["text"] == (
        "Ihre Stimme: 1. Ausbildung, 2. Fachkräfte, 3. Digitalisierung"
    )
    reply = await h.press(rak.reps[0], ballot, "v:1:a")
    assert reply.callback_answer["text"] == "Ihre Stimme: keine Rangfolge (Enthaltung)"
    await h.press(rak.reps[0], ballot, "v:1:c3")
    reply = await h.press(rak.reps[0], ballot, "v:1:c2")
    assert reply.callback_answer["text"] == (
        "Ihre Stimme: 1. Digitalisierung, 2. Ausbildung, 3. Fachkräfte"
    )
    for index in (1, 2, 3):
        await h.press(rak.reps[index], ballot, "v:1:c2")
        await h.press(rak.reps[index], ballot, "v:1:c1")
    await h.press(rak.reps[4], ballot, "v:1:c1")  # left half-done
    # In the private chat: the same buttons, the member's places marked.
    shown = await h.send(rak.reps[5], "/abstimmen 1")
    assert "Bitte die Optionen in der Reihenfolge Ihrer Wahl antippen" in shown.text
    await h.press(rak.reps[5], shown.last, "v:1:c3")
    await h.press(rak.reps[5], shown.last, "v:1:c1")
    edited = rak.current(shown.last)
    assert "Erfasst ist: 1. Digitalisierung, 2. Fachkräfte, 3. Ausbildung" in edited.text
    labels = [label for row in edited.buttons() for label, _ in row]
    assert "● 3. Digitalisierung – Platz 1" in labels and "↺ Zurücksetzen" in labels

    await h.travel(timedelta(seconds=3))
    live = rak.current(ballot).text
    assert "Stand (Borda-Punkte: letzter Platz 0, jeder Platz darüber 1 Punkt mehr):" in live
    assert "1. Fachkräfte: 4 Punkte\n2. Ausbildung: 7 Punkte\n3. Digitalisierung: 4 Punkte" in live
    assert "1 Enthaltung" in live
    assert (
        "• Agentur für Arbeit Magdeburg: 1. Digitalisierung, 2. Ausbildung, 3. Fachkräfte – "
        "Rep0 Vertreter"
    ) in live
    assert f"Noch nicht alles beantwortet: {rak.institutions[4][1]}" in live
    assert f"Noch nicht abgestimmt: {rak.institutions[6][1]}" in live
    assert f"Befangen (stimmen nicht mit): {befangen}" in live

    await h.travel(timedelta(days=3))
    line = (
        "Erster Platz: Ausbildung – Rangfolge: 1. Ausbildung (7 Punkte), 2. Fachkräfte "
        "(4 Punkte), 2. Digitalisierung (4 Punkte), 1 Enthaltung; beschlussfähig (6 von 7 "
        f"stimmberechtigten Institutionen; 1 befangen: {befangen})"
    )
    assert result_messages(rak)[-1].endswith(line)
    late = await h.press(rak.reps[6], ballot, "v:1:c1")
    assert "bereits geschlossen" in late.callback_answer["text"]
    text = await minutes(rak, 1)
    assert f"**Ergebnis:** {line}" in text
    assert "**Verfahren:** Rangfolge (Borda-Punkte), offen" in text
    assert "- Ausbildung: 7 Punkte" in text
    rows = list(
        csv.DictReader(io.StringIO((await votes_csv(h.runtime.db)).lstrip("\ufeff")), delimiter=";")
    )
    assert {row["Art"] for row in rows} == {"Rangfolge"}
    assert "Digitalisierung; Ausbildung; Fachkräfte" in {row["Auswahl"] for row in rows}


async def test_secret_ranking_shows_nothing_until_it_closes(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    ballot = await rak.start_kind_ballot(
        "Rangfolge", "Reihenfolge der Förderbereiche?", options="A\nB\nC\nD", secret=True
    )
    assert "Rangfolge (Borda-Punkte), geheim" in ballot.text
    rankings = (("c2", "c1", "c4"), ("c2", "c4", "c1"), ("c1", "c2", "c3"), ("c3", "c1", "c2"))
    for index, presses in enumerate((*rankings, ("c4", "c3", "c2"))):
        for code in presses:
            reply = await h.press(rak.reps[index], ballot, f"v:1:{code}")
    assert reply.callback_answer["text"] == "Ihre Stimme: 1. D, 2. C, 3. B, 4. A"
    assert "Ich habe Ihre Stimme erfasst: 1. D, 2. C, 3. B, 4. A" in (
        h.emu.last_message(rak.reps[4].id).text
    )
    await h.travel(timedelta(seconds=3))
    live = rak.current(ballot).text
    assert "Abgestimmt haben 5 von 8 Institutionen." in live
    for text in group_texts(rak):
        assert not re.search(r"\d+ Punkte|Stand|1\. [A-D], 2\.", text), text
    await h.send(rak.office, "/abstimmung_schliessen 1")
    await h.deliver()
    # B 3+3+2+1+1 = 10, A 2+1+3+2+0 = 8, C 0+0+1+3+2 = 6, D 1+2+0+0+3 = 6
    assert result_messages(rak)[-1].endswith(
        "Erster Platz: B – Rangfolge: 1. B (10 Punkte), 2. A (8 Punkte), 3. C (6 Punkte), "
        "3. D (6 Punkte); beschlussfähig (5 von 8 stimmberechtigten Institutionen)"
    )
    final = rak.current(ballot).text
    assert "Rep" not in final
    record = await minutes(rak, 1)
    assert "Rep" not in record
