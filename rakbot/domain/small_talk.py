"""Greetings and thanks typed instead of a question: answered politely, not with "keine
Antwort gefunden"."""

from __future__ import annotations

import re
from enum import StrEnum

from rakbot.content.search import normalize


class SmallTalk(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    GOODBYE = "goodbye"


_PHRASES: dict[SmallTalk, frozenset[str]] = {
    SmallTalk.GREETING: frozenset(
        {
            "hallo",
            "hi",
            "hey",
            "moin",
            "servus",
            "guten tag",
            "guten morgen",
            "guten abend",
            "hallo zusammen",
            "hello",
            "good morning",
        }
    ),
    SmallTalk.THANKS: frozenset(
        {
            "danke",
            "danke schoen",
            "danke sehr",
            "dankeschoen",
            "vielen dank",
            "herzlichen dank",
            "besten dank",
            "super danke",
            "thanks",
            "thank you",
        }
    ),
    SmallTalk.GOODBYE: frozenset(
        {"tschuess", "auf wiedersehen", "bis bald", "ciao", "bye", "goodbye"}
    ),
}
_SPACES = re.compile(r"\s+")


def small_talk(text: str) -> SmallTalk | None:
    """What a message that is only a greeting, a thanks or a goodbye is; None otherwise."""
    folded = _SPACES.sub(" ", normalize(text)).strip()
    for kind, phrases in _PHRASES.items():
        if folded in phrases:
            return kind
    return None
