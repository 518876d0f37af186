"""The packaged content and the loader's error reporting."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from rakbot.content import AREA_CODES, Content, ContentError, Text, load_content
from rakbot.content.loader import DEFAULT_FILE

PACKAGED = Path(__file__).resolve().parents[2] / "rakbot" / "content" / DEFAULT_FILE

OFFICIAL_AREA_NAMES = {
    "A": "Berufliche Integration von Personen mit besonderen Vermittlungshemmnissen "
    "„Aktive Eingliederung“",
    "B": "Unterstützung Alleinerziehender und Familienbedarfsgemeinschaften bei der sozialen "
    "und Arbeitsmarktstrategie „Familien stärken – Perspektiven eröffnen“",
    "C": "Sicherung der Bildungs- und Beschäftigungsfähigkeit förderbedürftiger junger Menschen "
    "„STABIL – Selbstfindung – Training – Anleitung – Betreuung – Initiative – Lernen“ (STABIL)",
    "D": "Kompetenzagenturen",
    "E": "Vertiefung schulischer und außerschulischer Berufsorientierung in Form begleiteter "
    "betrieblicher Praktika (PRAXIS BO)",
    "F": "Einbindung der Eltern in den Berufswahlprozess (ELTERN BO)",
    "G": "Verbundausbildung, Erhöhung der Ausbildungsqualität und -attraktivität "
    "(Verbundausbildung)",
    "J": "Regionale Koordination (REKO)",
}


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def test_default_load_is_cached(content: Content) -> None:
    assert load_content() is content


def test_custom_path_is_loaded_afresh() -> None:
    first = load_content(PACKAGED)
    second = load_content(PACKAGED)
    assert first == second
    assert first is not second


def test_committee(content: Content) -> None:
    assert content.committee_name.de == "Regionaler Arbeitskreis des Landkreises Börde"
    assert content.committee_short == "RAK Börde"
    assert content.founded == date(2016, 1, 20)
    assert content.about.de.count("\n") == 1
    assert content.about.en.count("\n") == 1


def test_institutions_as_in_seed(content: Content) -> None:
    assert [(i.name, i.short_name) for i in content.institutions] == [
        ("Agentur für Arbeit Magdeburg", "Agentur für Arbeit"),
        ("Deutscher Gewerkschaftsbund, Region Altmark-Börde-Harz", "DGB"),
        ("Industrie- und Handelskammer Magdeburg", "IHK"),
        ("Jobcenter Börde", "Jobcenter"),
        ("Liga der Freien Wohlfahrtspflege", "Liga"),
        ("Landkreis Börde – Sozialamt", "LK Sozialamt"),
        ("Landkreis Börde – Amt für Wirtschaft", "LK Wirtschaft"),
        ("Landkreis Börde – Gleichstellungsbeauftragte", "LK Gleichstellung"),
    ]


def test_contact_exactly_as_seed(content: Content) -> None:
    contact = content.contact
    assert contact.office.de == "Amt für Wirtschaft, Tourismus und Kultur"
    assert contact.office.en == "Office for Economic Affairs, Tourism and Culture"
    assert contact.unit.de == "Regionale Koordination (REKO BOE)"
    assert contact.unit.en == "Regional Coordination (REKO BOE)"
    assert (contact.street, contact.postal_code, contact.city) == (
        "Bornsche Straße 2",
        "39340",
        "Haldensleben",
    )
    assert (contact.person.de, contact.person.en) == ("Frau Renate Breier", "Ms Renate Breier")
    assert (contact.first_name, contact.last_name) == ("Renate", "Breier")
    assert contact.phone == "+49 3904 7240-2412"
    assert contact.fax == "+49 3904 7240-51203"
    assert contact.email is None
    assert contact.office_hours.de == "Termine nach Vereinbarung"
    assert contact.office_hours.en == "Appointments by arrangement"
    assert contact.latitude == pytest.approx(52.2893, abs=0.01)
    assert contact.longitude == pytest.approx(11.4090, abs=0.01)


def test_programme(content: Content) -> None:
    programme = content.programme
    assert (programme.name, programme.fund) == ("REGIO AKTIV", "ESF+")
    assert programme.funding_period_start == date(2022, 7, 1)
    assert programme.funding_period_end == date(2028, 6, 30)
    assert programme.grant_notice_date == date(2022, 7, 21)
    assert len(programme.aims) == 2
    assert programme.aims[1].de == "Verbesserung des Übergangs Schule-Beruf"


def test_funding_areas_with_official_names(content: Content) -> None:
    assert tuple(area.code for area in content.funding_areas) == AREA_CODES
    assert {area.code: area.name.de for area in content.funding_areas} == OFFICIAL_AREA_NAMES
    assert all(area.name.en and area.aim.en and area.projects.en for area in content.funding_areas)


def test_funding_area_short_names_and_goals(content: Content) -> None:
    assert {
        a.code: (a.short_name.de if a.short_name else None, a.goal) for a in content.funding_areas
    } == {
        "A": ("Aktive Eingliederung", 1),
        "B": ("Familien stärken – Perspektiven eröffnen", 1),
        "C": ("STABIL", 1),
        # the sources give D by name only, so no aim is assigned to it
        "D": ("Kompetenzagenturen", None),
        "E": ("PRAXIS BO", 2),
        "F": ("ELTERN BO", 2),
        "G": ("Verbundausbildung", 2),
        "J": ("REKO", None),
    }
    assert content.area("b").code == "B"
    with pytest.raises(KeyError):
        content.area("H")


def test_faq_entries_complete(content: Content) -> None:
    assert len(content.faq) >= 25
    assert len({entry.id for entry in content.faq}) == len(content.faq)
    for entry in content.faq:
        for text in (entry.question, entry.answer):
            assert text.de.strip() and text.en.strip(), entry.id
            assert "<" not in text.de + text.en, entry.id
        assert len(entry.answer.de) <= 600 and len(entry.answer.en) <= 600, entry.id


def test_faq_covers_every_funding_area(content: Content) -> None:
    for code in AREA_CODES:
        entry = content.faq_entry(f"foerderbereich-{code.lower()}")
        assert f"Förderbereich {code}" in entry.question.de


def test_faq_states_no_email_is_published(content: Content) -> None:
    answer = content.faq_entry("email").answer
    assert "nicht veröffentlicht" in answer.de
    assert "/termin_anfragen" in answer.de and "/appointment" in answer.en
    assert "@" not in PACKAGED.read_text(encoding="utf-8")


def test_text_get_by_language() -> None:
    text = Text(de="Hallo", en="Hello")
    assert text.get("en") == "Hello"
    assert text.get("en-GB") == "Hello"
    assert text.get("de") == "Hallo"
    assert text.get("fr") == "Hallo"


# --- broken copies of the packaged file -------------------------------------------------------


def _line(text: str, exact: str) -> int:
    """1-based number of the only line of ``text`` equal to ``exact``."""
    numbers = [n for n, line in enumerate(text.splitlines(), start=1) if line == exact]
    assert len(numbers) == 1, exact
    return numbers[0]


def _write_variant(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    original = PACKAGED.read_text(encoding="utf-8")
    assert original.count(old) == 1, old
    text = original.replace(old, new)
    path = tmp_path / DEFAULT_FILE
    path.write_text(text, encoding="utf-8")
    return path, text


def _faq_index(content: Content, entry_id: str) -> int:
    return [entry.id for entry in content.faq].index(entry_id)


def test_missing_faq_field_names_line_and_field(tmp_path: Path, content: Content) -> None:
    path, text = _write_variant(tmp_path, "      en: What is the e-mail address?\n", "")
    index = _faq_index(content, "email")
    line = _line(text, "      de: Wie lautet die E-Mail-Adresse?")
    with pytest.raises(ContentError) as caught:
        load_content(path)
    assert str(caught.value) == (
        f"rak_boerde.yaml, Zeile {line} (faq[{index}].question.en): Field required"
    )
    assert caught.value.line == line


def test_missing_contact_field_points_at_contact(tmp_path: Path) -> None:
    path, text = _write_variant(tmp_path, "  city: Haldensleben\n", "")
    line = _line(text, "  office:")
    with pytest.raises(ContentError, match=rf"Zeile {line} \(contact\.city\): Field required"):
        load_content(path)


def test_wrong_type_names_line_and_field(tmp_path: Path) -> None:
    path, text = _write_variant(tmp_path, '  postal_code: "39340"', "  postal_code: [39340]")
    line = _line(text, "  postal_code: [39340]")
    with pytest.raises(ContentError) as caught:
        load_content(path)
    message = str(caught.value)
    assert message.startswith(f"rak_boerde.yaml, Zeile {line} (contact.postal_code): ")
    assert "valid string" in message


def test_unknown_area_code_is_rejected(tmp_path: Path) -> None:
    path, text = _write_variant(tmp_path, "  - code: G\n", "  - code: H\n")
    line = _line(text, "  - code: H")
    with pytest.raises(ContentError, match=rf"Zeile {line} \(funding_areas\[6\]\.code\)"):
        load_content(path)


def test_duplicate_faq_id_names_the_second_entry(tmp_path: Path, content: Content) -> None:
    path, text = _write_variant(tmp_path, "  - id: telefon\n", "  - id: kontakt\n")
    index = _faq_index(content, "telefon")
    line = [n for n, row in enumerate(text.splitlines(), 1) if row == "  - id: kontakt"][1]
    with pytest.raises(ContentError) as caught:
        load_content(path)
    assert str(caught.value) == (
        f"rak_boerde.yaml, Zeile {line} (faq[{index}].id): duplicate FAQ id 'kontakt'"
    )


def test_reversed_funding_period_is_rejected(tmp_path: Path) -> None:
    path, text = _write_variant(
        tmp_path, "  funding_period_end: 2028-06-30", "  funding_period_end: 2021-06-30"
    )
    line = _line(text, "  funding_period_end: 2021-06-30")
    with pytest.raises(
        ContentError, match=rf"Zeile {line} \(programme\.funding_period_end\): .*after"
    ):
        load_content(path)


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path, text = _write_variant(
        tmp_path, "committee_short: RAK Börde", "committee_short: RAK: Börde"
    )
    line = _line(text, "committee_short: RAK: Börde")
    with pytest.raises(ContentError, match=rf"^rak_boerde\.yaml, Zeile {line}: YAML-Syntaxfehler"):
        load_content(path)


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "leer.yaml"
    empty.write_text("# nur ein Kommentar\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"^leer\.yaml: Datei ist leer$"):
        load_content(empty)
    with pytest.raises(ContentError, match=r"^fehlt\.yaml: Datei nicht lesbar"):
        load_content(tmp_path / "fehlt.yaml")


def test_no_claims_beyond_the_sources(content: Content) -> None:
    """Amounts, own contributions, deadlines and office hours are not in the published texts:
    the answers say so instead of stating them."""
    everything = " ".join(e.answer.de + " " + e.answer.en for e in content.faq)
    for claim in ("festen Betrag", "fixed amount", "welcher Eigenanteil", "gibt es nicht"):
        assert claim not in everything, claim
    amount = content.faq_entry("foerderhoehe").answer
    assert "sagen die veröffentlichten Angaben nicht" in amount.de
    assert "not stated in the published information" in amount.en


def test_the_2014_to_2020_period_is_told_in_the_past(content: Content) -> None:
    """The text on the RAK describes its guidelines and tasks of the ESF period 2014–2020."""
    guidelines = content.faq_entry("rak-richtlinien").answer
    assert guidelines.de.startswith("In der ESF-Förderperiode 2014–2020 musste der RAK")
    assert guidelines.en.startswith("In the ESF funding period 2014–2020, the RAK had to")
    assert "RÜMSA" in guidelines.de and "REGIO AKTIV" in guidelines.de.splitlines()[-1]
    tasks = content.faq_entry("rak-aufgaben").answer
    assert tasks.de.startswith("In der ESF-Förderperiode 2014–2020 hatte der RAK")
    for entry in content.faq:
        for sentence in re.split(r"\. |; |\n", entry.answer.de):
            if "2014–2020" in sentence:
                assert not re.search(r"\b(ist|sind|hat|muss|stimmt|bereitet)\b", sentence), (
                    entry.id,
                    sentence,
                )
