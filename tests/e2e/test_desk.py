"""The applicant desk end to end: intents before search, an honest hand-over, the message's
own language."""

from __future__ import annotations

import pytest

from tests.e2e.harness import Harness

HANDOVER = "keine verlässliche Antwort"


async def test_appointment_wish_offers_the_dialog(harness: Harness) -> None:
    anna = harness.user("Anna")
    reply = await harness.send(anna, "Ich möchte einen Termin")
    assert "Einen Termin bei der Regionalen Koordination können Sie direkt hier anfragen" in (
        reply.text
    )
    assert "Aufgaben" not in reply.text
    started = await harness.press(anna, reply.last, "ta:begin")
    assert "1/4: Wie ist Ihr Name?" in started.text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Wo finde ich Sie?", "Bornsche Straße 2, 39340 Haldensleben"),
        ("Wann haben Sie geöffnet?", "Sprechzeiten der Regionalen Koordination"),
        ("An wen kann ich mich wenden?", "Ansprechpartnerin: Frau Renate Breier"),
        ("Was wird alles gefördert?", "Tippen Sie auf einen Bereich"),
        ("Alleinerziehendenprojekt", "Förderbereich B"),
        ("Praktikumsplatz", "Förderbereich E"),
        ("Gibt es was für Langzeitarbeitslose?", "Förderbereich A"),
    ],
)
async def test_intents_and_compounds_reach_their_answer(
    harness: Harness, question: str, expected: str
) -> None:
    reply = await harness.send(harness.user("Anna"), question)
    assert expected in reply.text


@pytest.mark.parametrize(
    "question",
    ["Wie ist das Wetter?", "Wer hat gestern Fußball gewonnen?", "Du bist doof", "Kindergeld"],
)
async def test_out_of_scope_is_handed_over_not_answered(harness: Harness, question: str) -> None:
    reply = await harness.send(harness.user("Anna"), question)
    assert HANDOVER in reply.text
    assert "+49 3904 7240-2412" in reply.text and "/termin_anfragen" in reply.text
    assert reply.last.reply_markup is None


async def test_the_message_language_decides_not_only_the_telegram_setting(
    harness: Harness,
) -> None:
    anna = harness.user("Anna")  # German Telegram
    reply = await harness.send(anna, "Who is my contact person?")
    assert "Contact person: Ms Renate Breier" in reply.text or "Renate Breier" in reply.text
    assert "Förderbereich" not in reply.text
    john = harness.user("John", language_code="en")
    reply = await harness.send(john, "I want an appointment")
    assert "You can request an appointment with the Regional Coordination" in reply.text
    assert "appointed" not in reply.text
    reply = await harness.send(john, "What's the weather like?")
    assert "I'm afraid I can't give you a reliable answer" in reply.text


async def test_privacy_notice_has_every_section_and_is_reachable_from_start_and_help(
    harness: Harness,
) -> None:
    anna = harness.user("Anna")
    notice = await harness.send(anna, "/datenschutz")
    for heading in ("Verantwortlich", "Welche Daten", "Wozu", "Rechtsgrundlage", "Wie lange"):
        assert heading in notice.text
    assert "Bornsche Straße 2, 39340 Haldensleben" in notice.text
    assert "Telegram" in notice.text and "Art. 6 Abs. 1 lit. e DSGVO" in notice.text
    assert "Landesbeauftragten für den Datenschutz Sachsen-Anhalt" in notice.text
    assert "/meine_daten" in notice.text and "/daten_loeschen" in notice.text
    start = await harness.send(anna, "/start")
    labels = [b["text"] for row in start.last.reply_markup["keyboard"] for b in row]
    assert "🔒 Datenschutz" in labels
    from_menu = await harness.send(anna, "🔒 Datenschutz")
    assert from_menu.text == notice.text
    help_reply = await harness.send(anna, "/hilfe")
    assert "/datenschutz – Datenschutzhinweise" in help_reply.text
    pressed = await harness.press(anna, help_reply.last, "ds:show")
    assert pressed.text == notice.text
    stale = await harness.press(anna, help_reply.last, "ds:other")
    assert stale.callback_answer is not None
    assert "nicht mehr gültig" in stale.callback_answer["text"]


async def test_appointment_request_tells_about_privacy_before_asking_for_the_name(
    harness: Harness,
) -> None:
    reply = await harness.send(harness.user("Anna"), "/termin_anfragen")
    notice, question = reply.text.index("/datenschutz"), reply.text.index("Wie ist Ihr Name?")
    assert notice < question
    assert "Datenschutz: Ihre Angaben gehen nur an die Regionale Koordination" in reply.text


async def test_english_reader_gets_english_help_and_privacy(harness: Harness) -> None:
    john = harness.user("John", language_code="en")
    help_reply = await harness.send(john, "/help")
    assert "/help – " in help_reply.text and "/contact – " in help_reply.text
    assert "/appointment – " in help_reply.text and "/privacy – " in help_reply.text
    assert "/hilfe" not in help_reply.text and "/kontakt –" not in help_reply.text
    notice = await harness.send(john, "/privacy")
    assert "Privacy notice" in notice.text and "Controller" in notice.text
    assert "Landesbeauftragter für den Datenschutz Sachsen-Anhalt" in notice.text
    request = await harness.send(john, "/appointment")
    assert "Privacy: your details go only to the Regional Coordination" in request.text
