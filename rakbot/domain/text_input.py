"""Cleaning and checking free text typed by users."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

_SPACES = re.compile(r"[ \t\u00a0]+")


def clean_text(raw: str) -> str:
    """Drop control and format characters (bidi overrides, zero-width), fold runs of spaces."""
    kept = "".join(
        ch for ch in raw if ch == "\n" or unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co"}
    )
    lines = [_SPACES.sub(" ", line).strip() for line in kept.split("\n")]
    return "\n".join(line for line in lines if line)


class TextProblem(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    NO_CONTACT = "no_contact"


@dataclass(frozen=True)
class Bounds:
    minimum: int
    maximum: int


def check_length(text: str, bounds: Bounds) -> TextProblem | None:
    if len(text) < bounds.minimum:
        return TextProblem.TOO_SHORT
    if len(text) > bounds.maximum:
        return TextProblem.TOO_LONG
    return None


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE)


def looks_like_contact(text: str) -> bool:
    """A phone number (at least 5 digits) or an e-mail address somewhere in the text."""
    return sum(ch.isdigit() for ch in text) >= 5 or bool(_EMAIL.search(text))


AGENDA_MAX_ITEMS = 30
AGENDA_ITEM_MAX = 300
NONE_WORDS = frozenset({"-", "keine", "kein", "nein", "ohne", "none", "no"})
_AGENDA_BULLET = re.compile(r"^(?:[-•*–]+|\d{1,2}[.)])\s*")


def parse_agenda(raw: str) -> tuple[str, ...]:
    """Agenda items, one per line; leading bullets or numbers ("1.", "2)") are dropped, since
    the bot numbers the items itself. "-" or "keine" means no agenda. At most 30 items of at
    most 300 characters each."""
    text = clean_text(raw)
    if text.lower() in NONE_WORDS:
        return ()
    items = (_AGENDA_BULLET.sub("", line).strip() for line in text.split("\n"))
    return tuple(item[:AGENDA_ITEM_MAX] for item in items if item)[:AGENDA_MAX_ITEMS]
