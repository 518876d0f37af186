"""FAQ search over the packaged content."""

from __future__ import annotations

import pytest

from rakbot.content import FaqEntry, FaqIndex, Text, load_content, normalize
from rakbot.content.desk import Desk


@pytest.fixture(scope="module")
def de_index() -> FaqIndex:
    return FaqIndex(load_content().faq, "de")


@pytest.fixture(scope="module")
def en_index() -> FaqIndex:
    return FaqIndex(load_content().faq, "en")


@pytest.fixture(scope="module")
def desk() -> Desk:
    return Desk(load_content())


def _top(index: FaqIndex, query: str) -> str | None:
    hits = index.search(query)
    return hits[0].entry.id if hits else None


def _answer(desk: Desk, query: str, lang: str) -> str:
    """What the desk answers (FAQ id, "termin" or "none"), intents and areas included."""
    return desk.answer(query, lang).answer_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Förderzeitraum", "foerderzeitraum"),
        ("Straße: Bornsche Str. 2!", "strasse bornsche str 2"),
        ("„Familien stärken – Perspektiven eröffnen“", "familien staerken perspektiven eroeffnen"),
        ("  E-Mail?  ", "e mail"),
        ("Café", "cafe"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Alleinerziehende", "foerderbereich-b"),
        ("alleinerziehend", "foerderbereich-b"),
        ("Alleinerziehnde", "foerderbereich-b"),
        ("Alleinerz.", "foerderbereich-b"),
        ("ALLEINERZIEHENDE!!!", "foerderbereich-b"),
        ("Foerderzeitraum", "foerderzeitraum"),
        ("Wie lange läuft die Förderung noch?", "foerderzeitraum"),
        ("Foerderbereiche", "foerderbereiche"),
        ("Boerde", "rak-was-ist"),
        ("Was ist der Regionale Arbeitskreis?", "rak-was-ist"),
        ("Wann wurde der RAK gegründet?", "rak-gruendung"),
        ("Was macht der RAK?", "rak-aufgaben"),
        ("Wer hat die Mitglieder berufen?", "rak-berufung"),
        ("Landrat", "rak-berufung"),
        ("Gäste", "rak-gaeste"),
        ("IHK", "rak-mitglieder"),
        ("Wer entscheidet über Projekte?", "rak-projektauswahl"),
        ("Wie stelle ich einen Antrag?", "antrag-wettbewerb"),
        ("Wettbewerbsverfahren", "antrag-wettbewerb"),
        ("Zuwendungsbescheid", "zuwendungsbescheid"),
        ("Zielvereinbarung", "zielvereinbarung"),
        ("Wie ist die Telefonnummer?", "telefon"),
        ("E-Mail-Adresse", "email"),
        ("Sprechzeitn", "sprechzeiten"),
        ("Öffnungszeiten", "sprechzeiten"),
        ("Wo ist das Büro?", "adresse"),
        ("Wie erreiche ich Frau Breier?", "kontakt"),
        ("Praktikum", "foerderbereich-e"),
        ("Verbundausbildng", "foerderbereich-g"),
        ("Europäischer Sozialfonds", "esf-plus"),
        ("Wie viel Geld kann ich bekommen?", "foerderhoehe"),
        ("Förderhöhe", "foerderhoehe"),
        ("Wer kann gefördert werden?", "wer-wird-gefoerdert"),
        ("Welche Zielgruppen werden gefördert?", "wer-wird-gefoerdert"),
        ("Wann ist der nächste Wettbewerbsaufruf?", "antrag-wettbewerb"),
        ("Wo finde ich das Antragsformular?", "antrag-wettbewerb"),
        ("Brauche ich eine Kofinanzierung?", "foerderhoehe"),
    ],
)
def test_german_queries(desk: Desk, query: str, expected: str) -> None:
    assert _answer(desk, query, "de") == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("single parents", "foerderbereich-b"),
        ("funding period", "foerderzeitraum"),
        ("When was the RAK founded?", "rak-gruendung"),
        ("Who appointed the members", "rak-berufung"),
        ("office hours", "sprechzeiten"),
        ("phone number", "telefon"),
        ("e-mail address", "email"),
        ("How do I apply?", "antrag-wettbewerb"),
        ("competitive procedure", "antrag-wettbewerb"),
        ("How much money can we get?", "foerderhoehe"),
        ("grant notice", "zuwendungsbescheid"),
        ("internship", "foerderbereich-e"),
        ("guests", "rak-gaeste"),
        ("European Social Fund", "esf-plus"),
        ("transition from school to work", "ziel-uebergang-schule-beruf"),
        ("What are the aims of REGIO AKTIV?", "regio-aktiv-ziele"),
        ("offce hours", "sprechzeiten"),
    ],
)
def test_english_queries(desk: Desk, query: str, expected: str) -> None:
    assert _answer(desk, query, "en") == expected


@pytest.mark.parametrize("query", ["", "   ", "xqzv blorp", "?!…", "Wie ist das?", "the", "Hallo"])
def test_no_hit_for_nonsense_or_stop_words(
    de_index: FaqIndex, en_index: FaqIndex, query: str
) -> None:
    assert de_index.search(query) == []
    assert en_index.search(query) == []


@pytest.mark.parametrize(
    ("plain", "transcribed"),
    [("Förderzeitraum", "Foerderzeitraum"), ("Mitglieder RAK Börde", "Mitglieder RAK Boerde")],
)
def test_umlaut_spellings_give_identical_results(
    de_index: FaqIndex, plain: str, transcribed: str
) -> None:
    assert de_index.search(plain) == de_index.search(transcribed) != []


@pytest.mark.parametrize("code", ["A", "B", "C", "D", "E", "F", "G", "J"])
def test_each_area_found_by_code(desk: Desk, code: str) -> None:
    expected = f"foerderbereich-{code.lower()}"
    assert _answer(desk, f"Förderbereich {code}", "de") == expected
    assert _answer(desk, f"funding area {code}", "en") == expected


def test_each_area_found_by_short_name(de_index: FaqIndex) -> None:
    for area in load_content().funding_areas:
        assert area.short_name is not None
        ids = [hit.entry.id for hit in de_index.search(area.short_name.de)]
        assert f"foerderbereich-{area.code.lower()}" in ids, area.short_name.de


def test_hits_are_sorted_and_limited(de_index: FaqIndex) -> None:
    hits = de_index.search("RAK Aufgaben Mitglieder Projekte", limit=2)
    assert len(hits) == 2
    assert hits[0].score >= hits[1].score > 0


def test_question_weighs_more_than_answer() -> None:
    entries = [
        FaqEntry(
            id="nebenbei",
            question=Text(de="Wie ist das Wetter?", en="How is the weather?"),
            answer=Text(de="Für Praktikum fragen Sie bitte woanders.", en="Ask elsewhere."),
        ),
        FaqEntry(
            id="praktikum",
            question=Text(de="Gibt es ein Praktikum?", en="Is there an internship?"),
            answer=Text(de="Ja.", en="Yes."),
        ),
    ]
    hits = FaqIndex(entries, "de").search("Praktika")
    assert hits[0].entry.id == "praktikum"
