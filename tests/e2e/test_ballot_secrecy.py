"""Secret ballots stay secret everywhere; open ballots may hide their interim result; a secret
ballot with too few participants publishes its outcome without numbers."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta

from rakbot.services.vote_export import votes_csv
from tests.e2e.ballot_setup import Rak, setup_rak
from tests.e2e.harness import Harness

#: anything that reads like a count of choices
NUMBERS = re.compile(r"\d+ (Ja|Nein|Enthaltung|Vielleicht|Stimme)|Stand")


def group_texts(rak: Rak) -> list[str]:
    """Every text the group has seen: messages and each edit of them."""
    messages = rak.h.emu.messages_to(rak.group.id)
    return [m.text for m in messages] + [edit for m in messages for edit in m.edits]


async def test_secret_ballot_shows_participation_only_until_closed(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h)
    ballot = await rak.start_ballot(question="Wahl der Sprecherin?", secret=True)
    await h.press(rak.reps[0], ballot, "v:1:n")
    await h.travel(timedelta(seconds=3))
    live = rak.current(ballot).text
    assert "Abgestimmt haben 1 von 8 Institutionen." in live
    assert "Stimmenzahlen werden erst nach dem Ende der Abstimmung angezeigt." in live
    assert "Noch nicht abgestimmt:" in live
    await h.press(rak.reps[1], ballot, "v:1:y")
    await h.travel(timedelta(seconds=3))
    assert "Abgestimmt haben 2 von 8 Institutionen." in rak.current(ballot).text
    for index in range(2, 6):
        await h.press(rak.reps[index], ballot, "v:1:y")
    await h.travel(timedelta(days=1, hours=3, minutes=30))  # the 24-hour reminder
    assert any("Erinnerung" in text for text in group_texts(rak))
    # the private view and the private confirmation show the voter's own choice, no numbers
    private = await h.send(rak.reps[0], "/abstimmen 1")
    assert not NUMBERS.search(private.text)
    # while it runs nothing anywhere shows a number or a choice per institution
    for text in group_texts(rak):
        assert not NUMBERS.search(text), text
    archive = await h.send(rak.reps[0], "/ergebnisse")
    assert "noch keine abgeschlossenen" in archive.text
    log = await h.send(rak.office, "/protokoll")
    assert "Ja" not in log.text and "Nein" not in log.text
    mine = json.loads((await h.send(rak.reps[0], "/meine_daten")).last.document or b"{}")
    assert [vote["auswahl"] for vote in mine["stimmabgaben"]] == ["geheim"]
    exported = (await votes_csv(h.runtime.db)).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(exported), delimiter=";"))
    assert len(rows) == 6
    assert {row["Auswahl"] for row in rows} == {"geheim"}
    assert {row["Mitglied"] for row in rows} == {""}

    await h.travel(timedelta(days=1))  # the deadline
    final = rak.current(ballot).text
    assert "Stand: 5 Ja, 1 Nein, 0 Enthaltungen" in final
    assert "Angenommen – 5 Ja, 1 Nein, 0 Enthaltungen" in final
    assert "Rep" not in final and "Noch nicht abgestimmt" not in final
    minutes = await h.send(rak.office, "/niederschrift 1")
    record = (minutes.last.document or b"").decode()
    assert "Ja 5, Nein 1, Enthaltung 0" in record and "Rep" not in record


async def test_hidden_interim_result_of_an_open_ballot(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    reply = await h.send(rak.office, "/abstimmung_neu")
    reply = await h.press_label(rak.office, reply.last, "Beschluss")
    reply = await h.send(rak.office, "Soll der RAK eine Klausur abhalten?")
    reply = await h.press_label(rak.office, reply.last, "Zwischenstand verbergen")
    reply = await h.press_label(rak.office, reply.last, "In der Sitzung")
    reply = await h.send(rak.office, "25.11.2026 12:00")
    assert "offen, Zwischenstand verborgen" in reply.text
    await h.press_label(rak.office, reply.last, "In der Gruppe starten")
    ballot = h.emu.last_message(rak.group.id)
    assert "Abstimmung in der Sitzung, offen, Zwischenstand verborgen" in ballot.text
    for index in range(6):
        await h.press(rak.reps[index], ballot, "v:1:" + ("n" if index == 0 else "y"))
        await h.travel(timedelta(seconds=3))
    for text in group_texts(rak):
        assert not NUMBERS.search(text) and "Rep0" not in text, text
    assert "Abgestimmt haben 6 von 8 Institutionen." in rak.current(ballot).text
    await h.press(rak.office, ballot, "v:1:x")
    await h.deliver()
    final = rak.current(ballot).text
    assert "Stand: 5 Ja, 1 Nein, 0 Enthaltungen" in final
    assert "Nein – Rep0 Vertreter" in final


async def test_secret_ballot_with_two_participants_publishes_no_numbers(
    harness: Harness,
) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    ballot = await rak.start_kind_ballot(
        "Terminfindung",
        "Termin der Klausur",
        options="20.01.2027 10 Uhr, 27.01.2027 14 Uhr",
        secret=True,
    )
    await h.press(rak.reps[0], ballot, "v:1:p")
    view = h.emu.last_message(rak.reps[0].id)
    await h.press(rak.reps[0], view, "v:1:d1y")
    await h.press(rak.reps[0], h.emu.last_message(rak.reps[0].id), "v:1:d2n")
    await h.press(rak.reps[1], ballot, "v:1:p")
    view = h.emu.last_message(rak.reps[1].id)
    await h.press(rak.reps[1], view, "v:1:d1n")
    await h.press(rak.reps[1], h.emu.last_message(rak.reps[1].id), "v:1:d2y")
    await h.press(rak.office, ballot, "v:1:x")
    await h.deliver()
    withheld = "Stimmenzahlen werden nicht veröffentlicht"
    final = rak.current(ballot).text
    assert withheld in final and "Bester Termin" in final
    assert not NUMBERS.search(final), final
    result = h.emu.last_message(rak.group.id).text
    assert withheld in result and not NUMBERS.search(result)
    archive = await h.send(rak.reps[0], "/ergebnisse")
    assert withheld in archive.text and not NUMBERS.search(archive.text)
    minutes = await h.send(rak.office, "/niederschrift 1")
    record = (minutes.last.document or b"").decode()
    assert "**Stimmen:** nicht veröffentlicht" in record and not NUMBERS.search(record)
