"""A decision that needs a two-thirds majority: chosen on the dialog's confirmation, shown on
the ballot, in the result and the minutes; 5 Ja against 3 Nein carry a simple majority but not
two thirds."""

from __future__ import annotations

from datetime import timedelta

from tests.e2e.ballot_setup import setup_rak
from tests.e2e.harness import Harness
from tests.e2e.test_ballot_kinds import minutes
from tests.e2e.test_ballots import result_messages


def labels(message: object) -> list[str]:
    return [label for row in message.buttons() for label, _ in row]  # type: ignore[attr-defined]


async def test_two_thirds_majority_fails_where_a_simple_one_would_pass(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    reply = await h.send(rak.office, "/abstimmung_neu")
    reply = await h.press_label(rak.office, reply.last, "Beschluss")
    reply = await h.send(rak.office, "Soll die Geschäftsordnung geändert werden?")
    reply = await h.press_label(rak.office, reply.last, "Offen")
    reply = await h.press_label(rak.office, reply.last, "In der Sitzung")
    reply = await rak.link_meeting(reply, None, None)
    reply = await h.send(rak.office, "25.11.2026 12:00")
    confirm = reply.last
    assert "Nötige Mehrheit: einfache Mehrheit der Ja- und Nein-Stimmen" in confirm.text
    assert labels(confirm)[2] == "Zweidrittelmehrheit verlangen"
    stale = await h.press(rak.office, confirm, "bn:mj:7")
    assert "nicht mehr gültig" in stale.callback_answer["text"]
    await h.press_label(rak.office, confirm, "Zweidrittelmehrheit verlangen")
    shown = rak.current(confirm)
    assert "Abstimmung in der Sitzung, offen, Zweidrittelmehrheit" in shown.text
    assert "Nötige Mehrheit: Zweidrittelmehrheit der Ja- und Nein-Stimmen" in shown.text
    await h.press_label(rak.office, shown, "Einfache Mehrheit genügt")
    assert "offen, Zweidrittelmehrheit" not in rak.current(confirm).text
    await h.press_label(rak.office, rak.current(confirm), "Zweidrittelmehrheit verlangen")
    await h.press_label(rak.office, rak.current(confirm), "In der Gruppe starten")
    ballot = h.emu.last_message(rak.group.id)
    assert "Abstimmung in der Sitzung, offen, Zweidrittelmehrheit" in ballot.text

    for index in range(8):
        await h.press(rak.reps[index], ballot, "v:1:y" if index < 5 else "v:1:n")
    private = await h.send(rak.reps[0], "/abstimmen 1")
    assert "offen, Zweidrittelmehrheit" in private.text
    await h.send(rak.office, "/abstimmung_schliessen 1")
    await h.deliver()
    line = (
        "Abgelehnt – 5 Ja, 3 Nein, 0 Enthaltungen; beschlussfähig (8 von 8 stimmberechtigten "
        "Institutionen); Zweidrittelmehrheit verfehlt (nötig: 6 Ja bei 8 Ja- und Nein-Stimmen)"
    )
    assert result_messages(rak)[-1].endswith(line)
    assert line in rak.current(ballot).text
    text = await minutes(rak, 1)
    assert "**Verfahren:** Abstimmung in der Sitzung, offen, Zweidrittelmehrheit" in text
    assert f"**Ergebnis:** {line}" in text


async def test_only_decisions_offer_a_qualified_majority(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    reply = await h.send(rak.office, "/abstimmung_neu")
    reply = await h.press_label(rak.office, reply.last, "Einfachauswahl")
    await h.send(rak.office, "Wo findet die Klausur statt?")
    reply = await h.send(rak.office, "Magdeburg\nHaldensleben")
    reply = await h.press_label(rak.office, reply.last, "Offen")
    reply = await rak.link_meeting(reply, None, None)
    reply = await h.send(rak.office, "25.11.2026 12:00")
    assert "Zweidrittelmehrheit" not in reply.text + " ".join(labels(reply.last))
    forged = await h.press(rak.office, reply.last, "bn:mj:1")
    assert "nicht mehr gültig" in forged.callback_answer["text"]
    await h.press_label(rak.office, reply.last, "In der Gruppe starten")
    assert "Zweidrittelmehrheit" not in h.emu.last_message(rak.group.id).text

    # an accepted two-thirds decision says by how much
    reply = await h.send(rak.office, "/abstimmung_neu")
    reply = await h.press_label(rak.office, reply.last, "Beschluss")
    reply = await h.send(rak.office, "Soll der RAK eine Sprecherin wählen?")
    reply = await h.press_label(rak.office, reply.last, "Geheim")
    reply = await h.press_label(rak.office, reply.last, "In der Sitzung")
    reply = await rak.link_meeting(reply, None, None)
    reply = await h.send(rak.office, "25.11.2026 12:00")
    await h.press_label(rak.office, reply.last, "Zweidrittelmehrheit verlangen")
    await h.press_label(rak.office, rak.current(reply.last), "In der Gruppe starten")
    ballot = h.emu.last_message(rak.group.id)
    for index, code in enumerate("yyyynaa"):
        await h.press(rak.reps[index], ballot, f"v:2:{code}")
    await h.travel(timedelta(days=3))
    assert any(
        text.endswith(
            "Angenommen – 4 Ja, 1 Nein, 2 Enthaltungen; beschlussfähig (7 von 8 stimmberechtigten "
            "Institutionen); Zweidrittelmehrheit erreicht (nötig: 4 Ja bei 5 Ja- und Nein-Stimmen)"
        )
        for text in result_messages(rak)
    )
