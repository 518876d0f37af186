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
