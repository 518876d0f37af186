"""/diagramm end to end: each chart arrives as a photo whose caption carries the same facts, and
its image decodes to a picture of a sensible size that is not empty."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image

from rakbot.sandbox.models import SentMessage
from tests.e2e.ballot_setup import setup_rak
from tests.e2e.harness import Harness, Reply
from tests.e2e.records_setup import scored_round
from tests.e2e.test_meeting_minutes import run_meeting

pytestmark = pytest.mark.usefixtures("warm_renderer")


def photo_of(reply: Reply) -> SentMessage:
    photos = [m for m in reply.messages if m.kind == "photo"]
    assert len(photos) == 1, [m.text for m in reply.messages]
    image = Image.open(io.BytesIO(photos[0].document or b""))
    assert image.format == "PNG"
    width, height = image.size
    assert 400 <= width <= 2000 and 150 <= height <= 4000, image.size
    colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 10  # drawn, not a blank page
    return photos[0]


async def test_round_ranking_and_budget_charts(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    await scored_round(rak)
    photo = photo_of(await h.send(rak.reps[5], "/diagramm runde 1"))
    caption = photo.text
    assert "Wettbewerb Nr. 1 „Wettbewerb 2027, 1. Aufruf“ – Rangfolge je Förderbereich" in caption
    assert (
        "Förderbereich A: Budget 200.000,00 €, ausgewählt 190.000,00 €, Rest 10.000,00 €" in caption
    )
    assert "1. Jobcoaching Börde: 120.000,00 €, Ø 9,0 Punkte, ausgewählt" in caption
    assert "2. Ausbildung plus: 90.000,00 €, Ø 8,0 Punkte, passt nicht mehr ins Budget" in caption
    assert "4. Sprachbrücke: 30.000,00 €, Ø 5,0 Punkte, nicht ausgewählt" in caption
    # the selection is confirmed: the budget chart shows what is committed per area
    reply = await h.send(rak.office, "/runde_auswahl 1 26.11.2026 12:00")
    await h.press_label(rak.office, reply.last, "Ja")
    decision = h.emu.last_message(rak.group.id)
    for rep in (0, 1, 2, 3):
        await h.press(rak.reps[rep], decision, "v:2:y")
    await h.send(rak.office, "/abstimmung_schliessen 2")
    await h.deliver()
    photo = photo_of(await h.send(rak.reps[0], "/diagramm budget"))
    assert "Förderbereich A: 190.000,00 € von 200.000,00 € gebunden, Rest 10.000,00 €" in (
        photo.text
    )
    assert "Förderbereich C: 40.000,00 € von 50.000,00 € gebunden, Rest 10.000,00 €" in photo.text
    # the closed decision as a chart, in the group too
    photo = photo_of(await h.send(rak.reps[0], "/diagramm abstimmung 2", chat=rak.group))
    assert "Ergebnis der Abstimmung Nr. 2" in photo.text
    assert "Angenommen – 4 Ja, 0 Nein, 0 Enthaltungen" in photo.text
    assert "Ja: 4" in photo.text and "Nein: 0" in photo.text


async def test_ballot_and_attendance_charts_and_refusals(harness: Harness) -> None:
    h = harness
    rak = await run_meeting(h)
    names = [name for _id, name in rak.institutions]
    await h.travel(timedelta(days=1))
    photo = photo_of(await h.send(rak.reps[0], "/diagramm anwesenheit"))
    assert "Anwesenheit je Institution in den letzten 12 Monaten (1 Sitzungen)" in photo.text
    assert f"{names[0]}: 1 von 1" in photo.text and f"{names[2]}: 0 von 1" in photo.text
    # the secret ballot (5 took part) publishes its totals
    photo = photo_of(await h.send(rak.reps[0], "/diagramm abstimmung 3"))
    assert "Angenommen – 4 Ja, 1 Nein, 0 Enthaltungen" in photo.text
    open_ballot = await rak.start_ballot(question="Noch offen?")
    assert open_ballot is not None
    for typed, answer in [
        ("/diagramm abstimmung 4", "läuft noch"),
        ("/diagramm abstimmung 99", "gibt es nicht"),
        ("/diagramm runde 5", "Einen Wettbewerb Nr. 5 gibt es nicht"),
        ("/diagramm budget", "Noch keine Wettbewerbe."),
        ("/diagramm", "So geht es:"),
        ("/diagramm runde", "So geht es:"),
        ("/diagramm abstimmung x", "So geht es:"),
        ("/diagramm wetter", "So geht es:"),
    ]:
        reply = await h.send(rak.reps[1], typed)
        assert answer in reply.text, typed
        assert all(m.kind != "photo" for m in reply.messages)
    applicant = h.user("Antragsteller")
    reply = await h.send(applicant, "/diagramm anwesenheit")
    assert "Das steht nur Mitgliedern des RAK zur Verfügung." in reply.text
    assert all(m.kind != "photo" for m in reply.messages)
