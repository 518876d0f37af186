"""Bidi controls and zero-width characters never reach what the bot stores and shows: ballot
questions and options, institution names (the text input rules, rakbot/domain/text_input.py)."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Ballot, Institution
from tests.e2e.ballot_setup import setup_rak
from tests.e2e.harness import Harness

RLO, PDI, LRI, ZWSP, ZWJ, BOM = "\u202e", "\u2069", "\u2066", "\u200b", "\u200d", "\ufeff"
INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
)


def visible(text: str) -> bool:
    return not INVISIBLE & set(text)


async def test_ballot_options_and_question_are_stored_without_invisible_characters(
    harness: Harness,
) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    reply = await h.send(rak.office, "/abstimmung_neu")
    reply = await h.press_label(rak.office, reply.last, "Einfachauswahl")
    reply = await h.send(rak.office, f"Wo tagt{ZWSP} der RAK{RLO} im Mai?")
    assert "Welche Optionen" in reply.text
    # Two options that look the same are the same option.
    bad = await h.send(rak.office, f"Magdeburg\nMagde{ZWSP}burg")
    assert "nur einmal" in bad.text
    reply = await h.send(rak.office, f"{RLO}Haldensleben\nWanz{ZWJ}leben\n{LRI}Oschersleben{PDI}")
    reply = await h.press_label(rak.office, reply.last, "Offen")
    reply = await h.send(rak.office, "25.11.2026 12:00")
    await h.press_label(rak.office, reply.last, "In der Gruppe starten")
    ballot = h.emu.last_message(rak.group.id)
    labels = [text for row in ballot.buttons() for text, _ in row]
    assert visible(ballot.text) and all(visible(label) for label in labels), labels
    assert "Wo tagt der RAK im Mai?" in ballot.text
    assert {"Haldensleben", "Wanzleben", "Oschersleben"} <= {
        label.split(" ")[-1] for label in labels
    }, labels

    stored = await h.runtime.db.run(lambda s: s.scalar(select(Ballot)))
    assert stored is not None and stored.question == "Wo tagt der RAK im Mai?"
    assert [o["label"] for o in stored.options] == ["Haldensleben", "Wanzleben", "Oschersleben"]


async def test_institution_names_are_stored_without_invisible_characters(
    harness: Harness,
) -> None:
    h = harness
    office = h.coordinator()
    reply = await h.send(office, f"/institution_neu Stadt {RLO}Haldensleben | Stadt{ZWSP} HDL")
    assert "Institution angelegt: Stadt Haldensleben" in reply.text
    # Invisible characters do not make a second institution of the same name.
    reply = await h.send(office, f"/institution_neu Stadt Haldens{BOM}leben")
    assert "gibt es schon" in reply.text
    names = await h.runtime.db.run(
        lambda s: s.execute(select(Institution.name, Institution.short_name))
    )
    rows = [tuple(row) for row in names.all()]
    assert ("Stadt Haldensleben", "Stadt HDL") in rows
    assert all(visible(name) and visible(short) for name, short in rows)
