"""Cleaning and checking free text typed by users."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

#: any run of white space other than a line break (tab, no-break, thin, ideographic, …)
_SPACES = re.compile(r"[^\S\n]+")
#: line and paragraph separators count as line breaks
_LINE_BREAKS = str.maketrans({"\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"})
#: control, format (bidi overrides and marks, zero-width space/joiners, BOM, soft hyphen),
#: surrogate and private-use characters: invisible or meaningless in a German text, and a
#: bidi override can make a name or an option display as something else
_DROPPED = frozenset({"Cc", "Cf", "Cs", "Co"})


def clean_text(raw: str) -> str:
    """The rule for every text a user types: drop control and format characters (bidi
    overrides, zero-width), fold runs of spaces, keep line breaks but no empty lines."""
    kept = "".join(
        ch
        for ch in raw.translate(_LINE_BREAKS)
        if ch == "\n" or unicodedata.category(ch) not in _DROPPED
    )
    lines = [_SPACES.sub(" ", line).strip() for line in kept.split("\n")]
    return "\n".join(line for line in lines if line)


def clean_line(raw: str) -> str:
    """`clean_text` for a single-line field (a name, a place, a question, an option): line
    breaks become spaces."""
    return clean_text(raw).replace("\n", " ")


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


#: the shortest German number with its area code ("039 12345" style); "12345" alone is no number
PHONE_MIN_DIGITS = 7


def looks_like_contact(text: str) -> bool:
    """A phone number (at least 7 digits, area code included) or an e-mail address somewhere
    in the text."""
    return sum(ch.isdigit() for ch in text) >= PHONE_MIN_DIGITS or bool(_EMAIL.search(text))


AGENDA_MAX_ITEMS = 30
AGENDA_ITEM_MAX = 300
NONE_WORDS = frozenset({"-", "keine", "kein", "nein", "ohne", "none", "no"})
_AGENDA_BULLET = re.compile(r"^(?:[-•*–]+|\d{1,2}[.)])\s*")


class AgendaTooLong(ValueError):
    """An agenda that would not fit: item number `item` (1-based) has `length` characters,
    more than AGENDA_ITEM_MAX; or, with `item` 0, there are `length` items, more than
    AGENDA_MAX_ITEMS. Refused rather than cut, so that no text is lost unnoticed."""

    def __init__(self, item: int, length: int) -> None:
        super().__init__(f"agenda too long: item {item}, length {length}")
        self.item = item
        self.length = length


def parse_agenda(raw: str) -> tuple[str, ...]:
    """Agenda items, one per line; leading bullets or numbers ("1.", "2)") are dropped, since
    the bot numbers the items itself. "-" or "keine" means no agenda. At most 30 items of at
    most 300 characters each, else AgendaTooLong."""
    text = clean_text(raw)
    if text.lower() in NONE_WORDS:
        return ()
    stripped = (_AGENDA_BULLET.sub("", line).strip() for line in text.split("\n"))
    items = tuple(item for item in stripped if item)
    if len(items) > AGENDA_MAX_ITEMS:
        raise AgendaTooLong(0, len(items))
    for number, item in enumerate(items, start=1):
        if len(item) > AGENDA_ITEM_MAX:
            raise AgendaTooLong(number, len(item))
    return items


class DurationProblem(StrEnum):
    AMOUNT = "amount"
    INVALID_DATE = "invalid_date"
    REVERSED = "reversed"


_AMOUNT = re.compile(r"€|\beur(?:o)?\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")


def duration_problem(text: str) -> DurationProblem | None:
    """What is wrong with a project's duration ("01.01.2027–31.12.2028", "24 Monate"): an
    amount typed into the wrong field, a date that does not exist, an end before the start.
    Anything else is taken as typed."""
    if _AMOUNT.search(text):
        return DurationProblem.AMOUNT
    dates = []
    for day, month, year in _NUMERIC_DATE.findall(text):
        try:
            dates.append(date(int(year), int(month), int(day)))
        except ValueError:
            return DurationProblem.INVALID_DATE
    if len(dates) >= 2 and dates[1] < dates[0]:
        return DurationProblem.REVERSED
    return None
