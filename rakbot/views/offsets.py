"""Reminder offsets in words: "7 Tage, 1 Tag, 2 Stunden" (or English)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from rakbot.i18n import Translator


def offset_text(t: Translator, offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    if minutes % 1440 == 0:
        return t.plural("{n} Tag", "{n} Tage", minutes // 1440)
    if minutes % 60 == 0:
        return t.plural("{n} Stunde", "{n} Stunden", minutes // 60)
    return t.plural("{n} Minute", "{n} Minuten", minutes)


def offsets_text(t: Translator, offsets: Iterable[timedelta]) -> str:
    return ", ".join(offset_text(t, offset) for offset in offsets)
