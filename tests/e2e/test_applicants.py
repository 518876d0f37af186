"""What an applicant can do, end to end through the emulator, on the real database."""

from __future__ import annotations

import pytest

from tests.e2e.harness import Harness

CONTACT_LINES = [
    "Amt für Wirtschaft, Tourismus und Kultur",
    "Bornsche Straße 2",
    "39340 Haldensleben",
    "Frau Renate Breier",
    "+49 3904 7240-2412",
    "+49 3904 7240-51203",
]


async def test_start_greets_and_shows_the_main_menu(harness: Harness) -> None:
    reply = await harness.send(harness.user("Anna"), "/start")
    assert len(reply.messages) == 1
    text = reply.last.text
    assert "RAK Börde" in text and "Regionale Koordination (REKO BOE)" in text
    keyboard = reply.last.reply_markup["keyboard"]
    labels = [button["text"] for row in keyboard for button in row]
    assert labels == [
        "📋 Förderbereiche",
        "📞 Kontakt",
        "🕘 Sprechzeiten",
        "📅 Termin anfragen",
        "❓ Häufige Fragen",
        "ℹ️ Hilfe",
        "🔒 Datenschutz",
    ]


async def test_contact_is_exactly_the_seed_with_card_and_venue(harness: Harness) -> None:
    reply = await harness.send(harness.user("Anna"), "/kontakt")
    text, card, venue = reply.messages
    assert [m.kind for m in reply.messages] == ["text", "contact", "venue"]
    for line in CONTACT_LINES:
        assert line in text.text
    assert "Termine nach Vereinbarung" in text.text
    assert "E-Mail" not in text.text and "@" not in text.text
    assert card.payload["phone_number"] == "+49 3904 7240-2412"
    assert card.payload["first_name"] == "Renate"
    assert card.payload["last_name"] == "Breier"
    assert "EMAIL" not in card.payload["vcard"]
    assert "TEL;TYPE=WORK,FAX:+49 3904 7240-51203" in card.payload["vcard"]
    assert venue.payload["address"].endswith("Bornsche Straße 2, 39340 Haldensleben")
    assert float(venue.payload["latitude"]) == pytest.approx(52.289, abs=0.01)


async def test_menu_button_text_runs_the_command(harness: Harness) -> None:
    reply = await harness.send(harness.user("Anna"), "📞 Kontakt")
    assert [m.kind for m in reply.messages] == ["text", "contact", "venue"]


async def test_office_hours_by_arrangement(harness: Harness) -> None:
    reply = await harness.send(harness.user("Anna"), "/sprechzeiten")
    assert "Termine nach Vereinbarung" in reply.text
    assert "/termin_anfragen" in reply.text


async def test_funding_areas_list_and_detail_buttons(harness: Harness) -> None:
    anna = harness.user("Anna")
    reply = await harness.send(anna, "/foerderbereiche")
    overview = reply.last
    assert (
        "Förderzeitraum der Regionalen Koordination laut Zuwendungsbescheid: "
        "01.07.2022 – 30.06.2028" in overview.text
    )
    for code in "ABCDEFGJ":
        assert f"\n{code} " in overview.text
    assert "„Familien stärken – Perspektiven eröffnen“" in overview.text
    data = [d for row in overview.buttons() for _, d in row]
    assert data == [f"fb:{code}" for code in "ABCDEFGJ"]

    pressed = await harness.press(anna, overview, "fb:B")
    assert pressed.callback_answer is not None
    detail = harness.emu.last_message(overview.chat_id)
    assert detail.message_id == overview.message_id and detail.edits
    assert "Förderbereich B" in detail.text and "Alleinerziehende" in detail.text
    assert "Zielgruppe:" in detail.text and "Projekte:" in detail.text
    assert detail.buttons() == [[("« Alle Förderbereiche", "fb:all")]]
    # The seed dates that period for the Regionale Koordination's grant only (area J).
    assert "Förderzeitraum" not in detail.text
    reko = await harness.press(anna, detail, "fb:all")
    await harness.press(anna, harness.emu.last_message(overview.chat_id), "fb:J")
    assert "Förderzeitraum der Regionalen Koordination" in (
        harness.emu.last_message(overview.chat_id).text
    )
    assert reko.callback_answer is not None

    await harness.press(anna, detail, "fb:all")
    assert "Förderzeitraum" in harness.emu.last_message(overview.chat_id).text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Alleinerziehende", "Förderbereich B"),
        ("alleinerziehnd", "Förderbereich B"),
        ("Foerderzeitraum", "30.06.2028"),
        ("Wer ist Mitglied im RAK?", "Jobcenter Börde"),
    ],
)
async def test_free_questions_find_answers(harness: Harness, question: str, expected: str) -> None:
    reply = await harness.send(harness.user("Anna"), question)
    assert expected in reply.text


async def test_faq_command_and_other_hits_as_buttons(harness: Harness) -> None:
    anna = harness.user("Anna")
    reply = await harness.send(anna, "/faq Praktikum")
    assert "PRAXIS BO" in reply.text and not reply.last.buttons()
    reply = await harness.send(anna, "/faq Jugendliche")
    assert "Vielleicht meinen Sie" in reply.text
    buttons = [data for row in reply.last.buttons() for _, data in row]
    assert buttons and all(data.startswith("faq:") for data in buttons)
    follow = await harness.press(anna, reply.last, buttons[0])
    assert len(follow.messages) == 1 and follow.last.text.strip()


async def test_faq_without_question_offers_frequent_ones(harness: Harness) -> None:
    reply = await harness.send(harness.user("Anna"), "/faq")
    assert "Häufig gefragt" in reply.text
    # What applicants ask first, not the committee's history.
    assert [row[0][1] for row in reply.last.buttons()] == [
        "faq:wer-wird-gefoerdert",
        "faq:antrag-wettbewerb",
        "faq:foerderhoehe",
        "faq:foerderbereiche",
        "faq:kontakt",
    ]


async def test_gibberish_gets_a_hint_with_the_contact(harness: Harness) -> None:
    reply = await harness.send(harness.user("Anna"), "xqzv blorp frumpel")
    assert "keine verlässliche Antwort" in reply.text
    assert "+49 3904 7240-2412" in reply.text and "/termin_anfragen" in reply.text


async def test_inline_mode_offers_matching_answers(harness: Harness) -> None:
    answer = await harness.inline(harness.user("Anna"), "Praktikum")
    results = answer["results"]
    assert results and len(results) <= 10
    assert any("PRAXIS BO" in r["input_message_content"]["message_text"] for r in results)
    empty = await harness.inline(harness.user("Anna"), "")
    assert len(empty["results"]) == 10


async def test_help_lists_public_commands(harness: Harness) -> None:
    reply = await harness.send(harness.user("Anna"), "/hilfe")
    for command in ("/kontakt", "/sprechzeiten", "/foerderbereiche", "/faq", "/termin_anfragen"):
        assert command in reply.text


async def test_command_menus_are_published_per_scope(harness: Harness) -> None:
    menus = harness.emu.my_commands
    private = [c["command"] for c in menus[("all_private_chats", "")]]
    assert {"start", "kontakt", "foerderbereiche", "termin_anfragen"} <= set(private)
    group = [c["command"] for c in menus[("all_group_chats", "")]]
    assert "termin_anfragen" not in group and "kontakt" in group
    english = {c["command"]: c["description"] for c in menus[("all_private_chats", "en")]}
    # English readers see the English names in their menu, as in /help
    assert english["contact"] == "Contact of the Regional Coordination"
    assert "kontakt" not in english and "appointment" in english


async def test_english_speaker_gets_english(harness: Harness) -> None:
    john = harness.user("John", language_code="en-GB")
    reply = await harness.send(john, "/start")
    assert "Welcome" in reply.text
    labels = [b["text"] for row in reply.last.reply_markup["keyboard"] for b in row]
    assert "📞 Contact" in labels
    reply = await harness.send(john, "/foerderbereiche")
    assert "Funding period of the Regional Coordination under its grant notice: 1 Jul 2022" in (
        reply.text
    )
    reply = await harness.send(john, "single parents")
    assert "funding area B" in reply.text
    reply = await harness.send(john, "/nonsense")
    assert "I don't know the command /nonsense" in reply.text


async def test_greetings_and_thanks_are_answered_politely(harness: Harness) -> None:
    anna = harness.user("Anna")
    assert (await harness.send(anna, "Hallo")).text.startswith("Guten Tag! Fragen Sie mich")
    assert (await harness.send(anna, "Danke!")).text.startswith("Gern geschehen!")
    question = await harness.send(anna, "Hallo, wer kann gefördert werden?")
    assert "Wer kann gefördert werden" in question.text
