"""What an applicant wants, before any FAQ search: an appointment, the contact, the address,
the office hours, the phone, the e-mail, the funding areas, how to apply – whatever the wording,
in German and English.

Each intent has trigger words (as lemmas and as written, spelled by
:func:`rakbot.content.analysis.normalize`) and phrases; the intent with the most triggers
wins, ties go to the more specific one (the order below). A named funding area
("Förderbereich B", "area J") is an answer of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from rakbot.content.analysis import lemma, normalize, words


class Intent(StrEnum):
    """Intents, each named after the answer it leads to (FAQ id or "termin")."""

    APPOINTMENT = "termin"
    PHONE = "telefon"
    EMAIL = "email"
    HOURS = "sprechzeiten"
    ADDRESS = "adresse"
    CONTACT = "kontakt"
    APPLY = "antrag-wettbewerb"
    AREAS = "foerderbereiche"


_TRIGGERS: dict[Intent, str] = {
    Intent.APPOINTMENT: """termin termine terminanfrage terminvereinbarung beratungstermin
        beratungsgespraech gespraechstermin vorbeikommen vorbeischauen appointment appointments book
        schedule meet meeting""",
    Intent.PHONE: """telefon telefonnummer telefonisch anrufen nummer rufnummer fax faxnummer
        tel phone telephone call fax""",
    Intent.EMAIL: """email mail mailadresse emailadresse""",
    Intent.HOURS: """sprechzeit sprechzeiten oeffnungszeit oeffnungszeiten geoeffnet oeffnen offen
        besetzt open opening hours""",
    Intent.ADDRESS: """adresse anschrift anfahrt standort strasse buero address located
        location directions""",
    Intent.CONTACT: """ansprechpartner ansprechpartnerin ansprechperson kontakt kontaktieren
        kontaktdaten zustaendig zustaendige erreichen sprechen contact touch responsible talk""",
    Intent.APPLY: """antrag antraege beantragen bewerben bewerbung antragsformular
        ausschreibung einreichen foerderantrag antragsfrist wettbewerbsaufruf apply
        application applications proposal proposals""",
    Intent.AREAS: """foerderbereiche""",
}
_PHRASES: dict[Intent, tuple[str, ...]] = {
    Intent.APPOINTMENT: ("in person", "persoenlich vorbei"),
    Intent.ADDRESS: (
        "wo finde ich sie",
        "wo finde ich euch",
        "wo sitzt",
        "wo sitzen sie",
        "wo seid ihr",
        "wo sind sie",
        "wo ist das buero",
        "komme ich zu ihnen",
        "where are you",
        "where is your",
        "where can i find you",
    ),
    Intent.HOURS: ("wann seid ihr da", "wann sind sie da", "when are you"),
    Intent.CONTACT: ("an wen", "mit wem", "who do i", "wer ist frau breier"),
    Intent.AREAS: (
        "was wird alles gefoerdert",
        "welche bereiche",
        "was fuer projekte",
        "funding areas",
        "what kind of projects",
        "which areas",
    ),
    Intent.APPLY: ("call for proposals",),
}
_AREA_CODE = re.compile(r"\b(?:foerderbereich|bereich|area)\s+([a-z])\b")

#: Every trigger word, so that the FAQ search counts them as understood.
VOCABULARY: frozenset[str] = frozenset(
    word for triggers in _TRIGGERS.values() for word in triggers.split()
)


@dataclass(frozen=True)
class Detected:
    intent: Intent
    hits: int


def area_code(text: str, codes: frozenset[str]) -> str | None:
    """The funding area a message names ("Förderbereich b", "area J"), if any."""
    match = _AREA_CODE.search(normalize(text))
    if match and match.group(1).upper() in codes:
        return match.group(1).upper()
    return None


def detect(text: str) -> Detected | None:
    """The intent of a message, or None when it names none."""
    folded = f" {normalize(text)} "
    terms: set[str] = set()
    for word in words(text):
        plain = normalize(word).replace(" ", "")
        terms.update({plain, lemma(word, "de"), lemma(word, "en")})
    if "e mail" in folded:
        terms.add("email")
    best: Detected | None = None
    for intent in Intent:
        hits = len(terms & set(_TRIGGERS[intent].split()))
        hits += sum(1 for phrase in _PHRASES.get(intent, ()) if f" {phrase} " in folded)
        if hits and (best is None or hits > best.hits):
            best = Detected(intent, hits)
    return best
