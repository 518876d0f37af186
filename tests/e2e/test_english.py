"""English that is English: an English reader gets English throughout, a German reader German,
and the committee's group chat stays German whoever writes in it.

Every public command (each of its names) and every button of the public answers is walked as a
reader of each language; an answer fails when it holds words of the other language. The
heuristic: function words that occur in running text of one language but not of the other,
umlauts for German, and the other language's command names. Proper names that stay German in an
English text (official titles, institutions, the address) are taken out before the check.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from handlers import ALL_COMMANDS
from rakbot.content import load_content
from rakbot.domain.access import Audience
from rakbot.sandbox.models import FakeUser, SentMessage
from tests.e2e.ballot_setup import setup_rak
from tests.e2e.harness import Harness, Reply


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


GERMAN_WORDS = _word_set(
    """und oder der die das dem den des ein eine einen einem einer eines nicht mit für ist sind
    wird werden wurde wurden zu zum zur von vom auf bei ich wir sie ihr ihre ihnen ihrer sich
    auch nur noch hier bitte über wie wer wann gibt haben kein keine dass aber als nach aus
    können kann diese dieser dieses einfach gern schreiben sowie unter oben"""
)
ENGLISH_WORDS = _word_set(
    """the and you your please with is are of this can not what which who here for to or have
    has will there be from by at on it its we our my me request appointment contact help
    funding office hours"""
)
#: German names an English text rightly keeps: official titles (glossed in English), member
#: institutions, the authority and the address. Longest first, so that parts go with the whole.
GERMAN_NAMES = sorted(
    [
        "Landesbeauftragter für den Datenschutz Sachsen-Anhalt",
        "STABIL – Selbstfindung – Training – Anleitung – Betreuung – Initiative – Lernen",
        "Familien stärken – Perspektiven eröffnen",
        "Aktive Eingliederung",
        "Familienbedarfsgemeinschaften",
        "Agentur für Arbeit Magdeburg",
        "Deutscher Gewerkschaftsbund",
        "Industrie- und Handelskammer Magdeburg",
        "Liga der Freien Wohlfahrtspflege",
        "Landesverwaltungsamt",
        "Bornsche Straße",
        "RÜMSA",
        "Börde",
    ],
    key=len,
    reverse=True,
)
WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")
COMMAND = re.compile(r"/(\w+)")
#: German command name → its English name, and back
ENGLISH_NAME = {c.name: c.aliases[0] for c in ALL_COMMANDS if c.aliases}
GERMAN_NAME = {english: german for german, english in ENGLISH_NAME.items()}


def german_in(text: str) -> list[str]:
    """What is German in an English text (beyond the names it keeps)."""
    for name in GERMAN_NAMES:
        text = text.replace(name, " ")
    found = [w for w in WORD.findall(COMMAND.sub(" ", text)) if w.lower() in GERMAN_WORDS]
    found += [c for c in "äöüÄÖÜß" if c in text]
    found += [f"/{c}" for c in COMMAND.findall(text) if c in ENGLISH_NAME]
    return found


def english_in(text: str) -> list[str]:
    """What is English in a German text."""
    found = [w for w in WORD.findall(COMMAND.sub(" ", text)) if w.lower() in ENGLISH_WORDS]
    found += [f"/{c}" for c in COMMAND.findall(text) if c in GERMAN_NAME]
    return found


def _shown(message: SentMessage) -> list[str]:
    """Everything a reader sees of a message: text or caption, venue, button labels."""
    seen = [message.text]
    seen += [message.payload.get(key, "") for key in ("title", "address")]
    markup = message.reply_markup or {}
    for row in [*markup.get("inline_keyboard", []), *markup.get("keyboard", [])]:
        seen += [button.get("text", "") for button in row]
    return [text for text in seen if text]


class Walk:
    """Collects what one reader is shown, answer by answer, for one check at the end."""

    def __init__(self, harness: Harness, user: FakeUser) -> None:
        self.harness = harness
        self.user = user
        self.shown: list[tuple[str, str]] = []

    def note(self, action: str, messages: list[SentMessage]) -> None:
        self.shown += [(action, text) for message in messages for text in _shown(message)]

    async def send(self, text: str) -> Reply:
        reply = await self.harness.send(self.user, text)
        self.note(text, reply.messages)
        return reply

    async def press(self, message: SentMessage, data: str) -> Reply:
        reply = await self.harness.press(self.user, message, data)
        self.note(data, reply.messages)
        if reply.callback_answer and reply.callback_answer.get("text"):
            self.shown.append((data, reply.callback_answer["text"]))
        # an edited message: its text now
        self.note(data, [self.harness.emu.last_message(message.chat_id)])
        return reply

    def problems(self, check: Callable[[str], list[str]]) -> list[str]:
        return [
            f"{action}: {found} in {text!r}"
            for action, text in self.shown
            if (found := check(text))
        ]


async def walk_commands(walk: Walk, cancel: str) -> None:
    """Every public command by each of its names; the privacy button and "keep my data"."""
    for command in ALL_COMMANDS:
        if command.audience is not Audience.PUBLIC:
            continue
        for name in (command.name, *command.aliases):
            reply = await walk.send(f"/{name}")
            for message in reply.messages:
                for _label, data in [b for row in message.buttons() for b in row]:
                    if data and data.startswith(("ds:", "dl:n")):
                        await walk.press(message, data)
            await walk.send(cancel)


async def walk_public_bot(walk: Walk, questions: list[str], cancel: str) -> None:
    """Every public command, every area and FAQ button, free questions, the inline mode."""
    await walk_commands(walk, cancel)
    areas = await walk.send("/foerderbereiche")
    for area in load_content().funding_areas:
        await walk.press(areas.last, f"fb:{area.code}")
    await walk.press(areas.last, "fb:all")
    faq = await walk.send("/faq")
    for entry in load_content().faq:
        await walk.press(faq.last, f"faq:{entry.id}")
    for question in questions:
        await walk.send(question)
    results = await walk.harness.inline(walk.user, "")
    for result in results["results"]:
        walk.shown.append(("inline", result["title"]))
        walk.shown.append(("inline", result["input_message_content"]["message_text"]))


ENGLISH_QUESTIONS = [
    "Hello",
    "Thank you!",
    "Who is my contact person?",
    "When are you open?",
    "I want an appointment",
    "Where can I find you?",
    "What is the phone number?",
    "What is the e-mail address?",
    "How do I apply?",
    "How much money can my project get?",
    "Which funding areas are there?",
    "single parents",
    "What's the weather like?",
    "/nonsense",
]
GERMAN_QUESTIONS = [
    "Hallo",
    "Danke!",
    "Wer ist meine Ansprechpartnerin?",
    "Wann haben Sie geöffnet?",
    "Ich möchte einen Termin",
    "Wo finde ich Sie?",
    "Wie lautet die Telefonnummer?",
    "Wie lautet die E-Mail-Adresse?",
    "Wie kann ich mich bewerben?",
    "Wie viel Geld bekommt mein Projekt?",
    "Welche Förderbereiche gibt es?",
    "Alleinerziehende",
    "Wie ist das Wetter?",
    "/unsinn",
]


async def test_an_english_reader_sees_no_german(harness: Harness) -> None:
    walk = Walk(harness, harness.user("John", language_code="en"))
    await walk_public_bot(walk, ENGLISH_QUESTIONS, "/cancel")
    assert len(walk.shown) > 150
    problems = walk.problems(german_in)
    assert not problems, "\n".join(problems)


async def test_a_german_reader_sees_no_english(harness: Harness) -> None:
    walk = Walk(harness, harness.user("Anna"))
    await walk_public_bot(walk, GERMAN_QUESTIONS, "/abbrechen")
    assert len(walk.shown) > 150
    problems = walk.problems(english_in)
    assert not problems, "\n".join(problems)


def test_the_heuristic_tells_the_languages_apart() -> None:
    assert german_in("Bitte wählen Sie einen Termin") and not english_in("Bitte wählen Sie")
    assert english_in("Please choose a date") and not german_in("Please choose a date")
    assert german_in("Request one with /termin_anfragen") == ["/termin_anfragen"]
    assert english_in("Mit /contact erreichen Sie uns") == ["/contact"]
    # names stay German in English text, the words around them must not
    assert not german_in("Ms Renate Breier, Bornsche Straße 2, 39340 Haldensleben (Börde)")
    assert german_in("Amt für Wirtschaft") == ["für", "ü"]


async def test_help_lists_english_names_that_all_work(harness: Harness) -> None:
    john = harness.user("John", language_code="en")
    shown = (await harness.send(john, "/help")).text
    names = re.findall(r"^/(\w+) – ", shown, flags=re.MULTILINE)
    assert {"help", "contact", "hours", "areas", "privacy", "appointment", "my_data"} <= set(names)
    assert {"delete_my_data", "cancel", "start", "faq"} <= set(names)
    assert not set(names) & set(ENGLISH_NAME), names
    for name in names:
        reply = await harness.send(john, f"/{name}")
        assert reply.messages, name
        assert "I don't know the command" not in reply.text, name
        await harness.send(john, "/cancel")


async def test_contact_in_english_as_the_faq_gives_it(harness: Harness) -> None:
    john = harness.user("John", language_code="en")
    reply = await harness.send(john, "/contact")
    text, card, venue = reply.messages
    assert "Regional Coordination (REKO BOE)" in text.text
    assert "Office for Economic Affairs, Tourism and Culture" in text.text
    assert "Contact person: Ms Renate Breier" in text.text
    assert "Office hours: Appointments by arrangement" in text.text
    assert "/appointment" in text.text and "Bornsche Straße 2" in text.text
    assert "ORG:District of Börde;Office for Economic Affairs" in card.payload["vcard"]
    assert venue.payload["title"] == "Regional Coordination (REKO BOE)"
    assert venue.payload["address"].endswith("Bornsche Straße 2, 39340 Haldensleben")
    faq = await harness.send(john, "/faq Who is my contact person?")
    assert "Office for Economic Affairs, Tourism and Culture" in faq.text
    assert "Ms Renate Breier" in faq.text and "/appointment" in faq.text
    german = await harness.send(harness.user("Anna"), "/kontakt")
    assert "Ansprechpartnerin: Frau Renate Breier" in german.text
    assert german.messages[2].payload["title"] == "Regionale Koordination (REKO BOE)"


async def test_english_menu_buttons_and_the_areas(harness: Harness) -> None:
    john = harness.user("John", language_code="en")
    areas = await harness.send(john, "/areas")
    labels = [label for row in areas.last.buttons() for label, _ in row]
    assert "A · Active Inclusion" in labels and "D · Competence agencies" in labels
    await harness.press(john, areas.last, "fb:D")
    detail = harness.emu.last_message(areas.last.chat_id).text
    assert "The published information gives only the name of this area" in detail
    from_menu = await harness.send(john, "📞 Contact")
    assert "Contact person: Ms Renate Breier" in from_menu.text


async def test_the_group_stays_german_for_an_english_member(harness: Harness) -> None:
    rak = await setup_rak(harness, deputies=0)
    emma = dataclasses.replace(rak.reps[0], language_code="en")
    group = rak.group
    shown: list[str] = []
    for text in ("/help", "/contact", "/hours", "/faq Who is my contact person?", "/privacy"):
        reply = await harness.send(emma, text, chat=group)
        assert reply.messages, text
        shown += [part for message in reply.messages for part in _shown(message)]
    assert any("Das kann ich für Sie tun" in text for text in shown)
    assert any("Ansprechpartnerin: Frau Renate Breier" in text for text in shown)
    areas = await harness.send(emma, "/areas", chat=group)
    assert "Förderbereiche" in areas.text
    await harness.press(emma, areas.last, "fb:B")
    card = harness.emu.last_message(group.id)
    assert "Förderbereich B" in card.text and "Alleinerziehende" in card.text
    shown += [*_shown(areas.last), card.text]
    problems = [f"{found} in {text!r}" for text in shown if (found := english_in(text))]
    assert not problems, "\n".join(problems)
    # the same member privately: English
    private = await harness.send(emma, "/help")
    assert "Here is what I can do for you" in private.text


async def test_the_note_to_a_declined_english_applicant_is_english(harness: Harness) -> None:
    """The note goes to the person privately, so it is in their language, not the group's."""
    group = harness.emu.group("RAK Börde")
    harness.emu.make_admin(group, harness.emu.bot_user)
    await harness.send(harness.coordinator(), "/gruppe_verbinden", chat=group)
    link = next(k for k, v in harness.emu.invite_links.items() if v["creates_join_request"])
    john = harness.user("John", language_code="en")
    await harness.runtime.stats.wait_processed(harness.emu.request_to_join(john, group, link))
    note = harness.emu.last_message(john.id).text
    assert note.startswith("I declined your request to join the RAK group")
    assert "/contact" in note and not german_in(note)
