"""Names and phone numbers: the Telegram name at first contact, the office's corrections."""

from __future__ import annotations

from tests.e2e.harness import Harness
from tests.e2e.test_roster import join, make_invite


async def test_coordinator_from_settings_takes_telegram_name(harness: Harness) -> None:
    renate = harness.coordinator()
    reply = await harness.send(renate, "/mitglieder")
    assert "Regionale Koordination: Renate Breier" in reply.text
    assert "Regionale Koordination: Regionale Koordination" not in reply.text
    protocol = (await harness.send(renate, "/protokoll")).text
    assert "Name geändert – Renate Breier (Renate Breier)" in protocol
    # only once: a later name in Telegram does not overwrite what is stored
    renate.first_name = "Rena"
    reply = await harness.send(renate, "/mitglieder")
    assert "Renate Breier" in reply.text and "Rena Breier" not in reply.text


async def test_office_edits_name_and_phone_of_a_member_and_itself(harness: Harness) -> None:
    jana = harness.user("Jana")
    await join(harness, jana, await make_invite(harness))
    renate = harness.coordinator()
    reply = await harness.send(renate, "/mitglied")
    await harness.press_label(renate, reply.last, "Jana Jobcenter")
    card = reply.last
    await harness.press_label(renate, card, "Name ändern")
    assert "Neuer Name für Jana Jobcenter?" in harness.emu.last_message(renate.id).text
    # bad input: a clear message, the question stays open
    bad = await harness.send(renate, "J")
    assert bad.text == "Bitte einen Namen mit 2 bis 200 Zeichen.\nBitte noch einmal."
    done = await harness.send(renate, "  Jana   Jobcenter-Müller\u200b ")
    assert (
        done.text
        == "Gespeichert: Jana Jobcenter-Müller, Telefon: 03904 123456. Die Karte: /mitglied"
    )

    reply = await harness.send(renate, "/mitglied")
    await harness.press_label(renate, reply.last, "Jana Jobcenter-Müller")
    await harness.press_label(renate, reply.last, "Telefon ändern")
    bad = await harness.send(renate, "keine Nummer")
    assert bad.text.startswith("Das sieht nicht nach einer Telefonnummer aus.")
    done = await harness.send(renate, "-")
    assert done.text.endswith("Telefon: –. Die Karte: /mitglied")

    # the office corrects its own entry too
    reply = await harness.send(renate, "/mitglied")
    await harness.press_label(renate, reply.last, "Renate Breier")
    await harness.press_label(renate, reply.last, "Telefon ändern")
    done = await harness.send(renate, "03904 7240-12")
    assert "Telefon: 03904 7240-12" in done.text

    listing = (await harness.send(jana, "/mitglieder")).text
    assert "Jana Jobcenter-Müller" in listing and "03904 123456" not in listing
    assert "Renate Breier · 03904 7240-12" in listing
    protocol = (await harness.send(renate, "/protokoll")).text
    assert "Name geändert – Jana Jobcenter-Müller (Renate Breier)" in protocol
    assert "Telefonnummer geändert – Renate Breier (Renate Breier)" in protocol


async def test_a_member_cannot_press_the_edit_buttons(harness: Harness) -> None:
    jana = harness.user("Jana")
    await join(harness, jana, await make_invite(harness))
    reply = await harness.send(jana, "/mitglieder")
    pressed = await harness.press(jana, reply.last, "me:n:1")
    assert pressed.callback_answer is not None
    assert "nur die Regionale Koordination" in pressed.callback_answer["text"]
    # malformed data from a coordinator is refused plainly
    renate = harness.coordinator()
    reply = await harness.send(renate, "/mitglieder")
    for data in ("me:x:1", "me:n:abc", "me:n"):
        pressed = await harness.press(renate, reply.last, data)
        assert pressed.callback_answer is not None
        assert pressed.callback_answer["text"] == "Diese Schaltfläche ist nicht mehr gültig."
