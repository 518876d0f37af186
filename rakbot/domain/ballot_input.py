"""What a coordinator types when setting up a ballot: option lists and date options.

Pure: the dialog hands in the text (and `now` for dates) and gets back clean options or a
reason the handler turns into a short German hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from rakbot.domain.dates import BERLIN, MAX_AHEAD, DateParseError, localize, parse_date_list
from rakbot.domain.text_input import clean_line, clean_text

MIN_OPTIONS = 2
MAX_OPTIONS = 10
OPTION_MAX_LENGTH = 60

_SEPARATORS = (re.compile(r"\n"), re.compile(r";"), re.compile(r","))


class OptionError(StrEnum):
    TOO_FEW = "too_few"
    TOO_MANY = "too_many"
    TOO_LONG = "too_long"
    DUPLICATE = "duplicate"
    PAST = "past"
    TOO_FAR = "too_far"


class OptionInputError(ValueError):
    def __init__(self, reason: OptionError, detail: str = "") -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.detail = detail


def split_options(text: str) -> list[str]:
    """One option per line; in a single line semicolons, else commas separate them."""
    stripped = text.strip()
    for separator in _SEPARATORS:
        parts = [p.strip(" \t•-*") for p in separator.split(stripped)]
        parts = [p for p in parts if p]
        if len(parts) > 1:
            return parts
    return [stripped] if stripped else []


def parse_options(text: str) -> list[str]:
    """2–10 distinct option labels of at most `OPTION_MAX_LENGTH` characters each, cleaned by
    the text input rules (no bidi or zero-width characters: two options that look the same are
    the same)."""
    labels = [clean_line(p) for p in split_options(clean_text(text))]
    labels = [label for label in labels if label]
    _check_count(len(labels))
    for label in labels:
        if len(label) > OPTION_MAX_LENGTH:
            raise OptionInputError(OptionError.TOO_LONG, label)
    seen: set[str] = set()
    for label in labels:
        if label.casefold() in seen:
            raise OptionInputError(OptionError.DUPLICATE, label)
        seen.add(label.casefold())
    return labels


def _check_count(count: int) -> None:
    if count < MIN_OPTIONS:
        raise OptionInputError(OptionError.TOO_FEW)
    if count > MAX_OPTIONS:
        raise OptionInputError(OptionError.TOO_MANY)


def option_entries(labels: list[str]) -> list[dict[str, str]]:
    """The stored form of the options: `{"key": "o1", "label": …}` in the given order."""
    return [{"key": f"o{i}", "label": label} for i, label in enumerate(labels, start=1)]


def parse_max_choices(text: str, option_count: int) -> int:
    """How many options a member may tick in a multiple-choice ballot: 1 … option_count."""
    value = text.strip()
    if not value.isdigit() or not 1 <= int(value) <= option_count:
        raise ValueError(value)
    return int(value)


@dataclass(frozen=True)
class DateOption:
    """A date to choose from; `all_day` when no time was typed (then `at` is midnight)."""

    at: datetime
    all_day: bool


def parse_date_options(text: str, now: datetime) -> list[DateOption]:
    """2–10 future dates typed the German way, separated by commas, semicolons, "und" or lines.

    The result is sorted by time (the earliest wins a tie for the best date) and free of
    duplicates. Raises `DateParseError` for unreadable input, `OptionInputError` otherwise.
    """
    entries: list[tuple[date, time | None]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            entries += parse_date_list(line, now)
        except DateParseError as error:
            entry = None if error.entry is None else len(entries) + error.entry
            raise DateParseError(error.reason, entry=entry) from error
    today = now.astimezone(BERLIN).date()
    found: dict[datetime, DateOption] = {}
    for day, at in entries:
        option = _date_option(day, at)
        past = day < today if at is None else option.at <= now
        if past:
            raise OptionInputError(OptionError.PAST, day.isoformat())
        if option.at > now.astimezone(BERLIN) + MAX_AHEAD:
            raise OptionInputError(OptionError.TOO_FAR, day.isoformat())
        if option.at in found:
            raise OptionInputError(OptionError.DUPLICATE, day.isoformat())
        found[option.at] = option
    _check_count(len(found))
    return [found[at] for at in sorted(found)]


def _date_option(day: date, at: time | None) -> DateOption:
    return DateOption(localize(day, at or time(0)), at is None)


__all__ = [
    "DateOption",
    "DateParseError",
    "OptionError",
    "OptionInputError",
    "option_entries",
    "parse_date_options",
    "parse_max_choices",
    "parse_options",
    "split_options",
]


@dataclass(frozen=True)
class Examples:
    """Inputs the dialog offers as examples, always in the future: a deadline a week ahead and
    two dates and a bare day for a date poll, two to four weeks ahead."""

    deadline: str
    dates: tuple[str, str, str]


def examples(now: datetime) -> Examples:
    """Examples computed from `now` (Europe/Berlin), written as the dialog understands them."""
    today = now.astimezone(BERLIN).date()

    def day(weeks: int) -> date:
        return date.fromordinal(today.toordinal() + 7 * weeks)

    third = day(4)
    return Examples(
        deadline=f"{day(1):%d.%m.%Y} 12:00",
        dates=(
            f"{day(2):%d.%m.%Y} 10 Uhr",
            f"{day(3):%d.%m.%Y} 14 Uhr",
            f"{third.day}. {_MONTH_NAMES[third.month - 1]}",
        ),
    )


_MONTH_NAMES = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
