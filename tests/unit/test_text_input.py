"""Free text typed by users: cleaning and the agenda list."""

from __future__ import annotations

import pytest

from rakbot.domain.text_input import AGENDA_ITEM_MAX, AGENDA_MAX_ITEMS, clean_text, parse_agenda


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


def test_parse_agenda_caps_items_and_their_length() -> None:
    typed = "\n".join(f"Punkt {n} " + "x" * 400 for n in range(50))
    items = parse_agenda(typed)
    assert len(items) == AGENDA_MAX_ITEMS
    assert all(len(item) == AGENDA_ITEM_MAX for item in items)
    assert items[0].startswith("Punkt 0 ")
