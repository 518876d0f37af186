"""Free text typed by users: cleaning and the agenda list."""

from __future__ import annotations

import pytest

from rakbot.domain.text_input import (
    AGENDA_ITEM_MAX,
    AGENDA_MAX_ITEMS,
    AgendaTooLong,
    DurationProblem,
    clean_line,
    clean_text,
    duration_problem,
    looks_like_contact,
    parse_agenda,
)


def test_clean_text_drops_control_and_bidi_characters_and_folds_spaces() -> None:
    assert clean_text("  Haus\u202e halt \x07\n\n  Budget\t 2027 ") == "Haus halt\nBudget 2027"


@pytest.mark.parametrize(
    ("typed", "items"),
    [
        ("Begrüßung\nBudget 2027\nVerschiedenes", ("Begrüßung", "Budget 2027", "Verschiedenes")),
        ("1. Begrüßung\n2) Budget\n- Verschiedenes", ("Begrüßung", "Budget", "Verschiedenes")),
        ("• Bericht REKO\n\n\n* Anträge A", ("Bericht REKO", "Anträge A")),
        ("2027 Budget", ("2027 Budget",)),
        ("-", ()),
        ("keine", ()),
        ("Keine", ()),
        ("   \n ", ()),
    ],
)
def test_parse_agenda(typed: str, items: tuple[str, ...]) -> None:
    assert parse_agenda(typed) == items


def test_parse_agenda_refuses_what_it_would_have_to_cut() -> None:
    many = "\n".join(f"Punkt {n}" for n in range(AGENDA_MAX_ITEMS + 1))
    with pytest.raises(AgendaTooLong) as caught:
        parse_agenda(many)
    assert (caught.value.item, caught.value.length) == (0, AGENDA_MAX_ITEMS + 1)
    long_second = "Protokoll\n" + "x" * (AGENDA_ITEM_MAX + 1)
    with pytest.raises(AgendaTooLong) as caught:
        parse_agenda(long_second)
    assert (caught.value.item, caught.value.length) == (2, AGENDA_ITEM_MAX + 1)
    at_limit = "\n".join("y" * AGENDA_ITEM_MAX for _ in range(AGENDA_MAX_ITEMS))
    assert len(parse_agenda(at_limit)) == AGENDA_MAX_ITEMS


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("24 Monate", None),
        ("01.01.2027–31.12.2028", None),
        ("01.01.2027 bis 31.12.2027", None),
        ("ab 01.03.2027, zwei Jahre", None),
        ("1.000.000.000 €", DurationProblem.AMOUNT),
        ("50000 EUR", DurationProblem.AMOUNT),
        ("01.01.2027–31.12.2026", DurationProblem.REVERSED),
        ("31.02.2027–31.12.2028", DurationProblem.INVALID_DATE),
    ],
)
def test_duration_problem(typed: str, problem: DurationProblem | None) -> None:
    assert duration_problem(typed) is problem


@pytest.mark.parametrize(
    ("typed", "contact"),
    [
        ("0391 1234567", True),
        ("+49 3904 7240-2412", True),
        ("039 12345", True),
        ("anna@beispiel.de", True),
        ("12345", False),
        ("0391 12", False),
        ("ruft mich an", False),
    ],
)
def test_looks_like_contact(typed: str, contact: bool) -> None:
    assert looks_like_contact(typed) is contact


def test_invisible_characters_and_line_breaks_in_single_line_fields() -> None:
    typed = "\u202eStadt\u200b Haldens\u2066leben\u2069\u2028| HDL\r\n\u00a0\u2003Amt\x00"
    assert clean_text(typed) == "Stadt Haldensleben\n| HDL\nAmt"
    assert clean_line(typed) == "Stadt Haldensleben | HDL Amt"
