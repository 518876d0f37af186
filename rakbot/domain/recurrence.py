"""Meeting series: German phrases to RFC 5545 rules or date lists, their dates and a summary.

Rules are expanded on naive Berlin wall-clock times and only then put into the zone, so a
10:00 meeting stays at 10:00 across DST changes while its UTC offset changes. A wall time
that a rule lands on inside the spring gap moves forward by an hour, as RFC 5545 prescribes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from babel.dates import get_day_names
from dateutil.rrule import rrulestr

from rakbot.domain.dates import (
    BERLIN,
    LOCALES,
    NUMBER_WORDS,
    WEEKDAYS,
    DateError,
    DateParseError,
    as_berlin,
    fold,
    language,
    localize,
    parse_date_list,
    to_utc,
    words_pattern,
)


class RecurrenceError(StrEnum):
    """Why a series text was refused.

    EMPTY: nothing typed. UNKNOWN: neither a known phrase nor a date list. INVALID_DATE: a
    date list that names an impossible, ambiguous or DST-skipped/doubled date or time.
    """

    EMPTY = "empty"
    UNKNOWN = "unknown"
    INVALID_DATE = "invalid_date"


class RecurrenceParseError(ValueError):
    """A series text that cannot be accepted, with the machine-readable `reason`."""

    def __init__(self, reason: RecurrenceError) -> None:
        super().__init__(f"recurrence refused: {reason.value}")
        self.reason = reason


@dataclass(frozen=True)
class Recurrence:
    """Either an RFC 5545 RRULE value (without "RRULE:") or explicit aware datetimes."""

    rule: str | None = None
    dates: tuple[datetime, ...] = ()

    def __post_init__(self) -> None:
        if (self.rule is None) == (not self.dates):
            raise ValueError("exactly one of rule and dates must be set")
        if any(moment.utcoffset() is None for moment in self.dates):
            raise ValueError("dates must be timezone-aware")


_DAY_CODES: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_QUARTER_STARTS: Final = "1,4,7,10"
_QUARTER_ENDS: Final = "3,6,9,12"

_UNITS: Final[Mapping[str, tuple[str, int]]] = MappingProxyType(
    {
        "tag": ("DAILY", 1),
        "woche": ("WEEKLY", 1),
        "monat": ("MONTHLY", 1),
        "quartal": ("MONTHLY", 3),
        "jahr": ("YEARLY", 1),
    }
)
_ADVERBS: Final[Mapping[str, tuple[str, int]]] = MappingProxyType(
    {
        "taeglich": ("DAILY", 1),
        "woechentlich": ("WEEKLY", 1),
        "vierzehntaegig": ("WEEKLY", 2),
        "14-taegig": ("WEEKLY", 2),
        "14 taegig": ("WEEKLY", 2),
        "monatlich": ("MONTHLY", 1),
        "zweimonatlich": ("MONTHLY", 2),
        "vierteljaehrlich": ("MONTHLY", 3),
        "quartalsweise": ("MONTHLY", 3),
        "halbjaehrlich": ("MONTHLY", 6),
        "jaehrlich": ("YEARLY", 1),
    }
)
_ORDINAL_STEMS: Final[Mapping[str, int]] = MappingProxyType(
    {"erst": 1, "zweit": 2, "dritt": 3, "viert": 4, "fuenft": 5, "letzt": -1}
)

_EACH = r"(?:jede[nmrs]?|am)"
_ORDINAL = rf"(?:(?P<num>\d{{1,2}})\.|(?P<stem>{words_pattern(_ORDINAL_STEMS)})e[nmrs]?)"
_WEEKDAY = rf"(?P<wd>{words_pattern(WEEKDAYS)})\.?"

_EVERY_N = re.compile(
    rf"alle (?P<n>\d{{1,2}}|{words_pattern(NUMBER_WORDS)}) "
    r"(?P<unit>tag|woche|monat|quartal|jahr)(?:e|en|n)?"
)
_EVERY_NTH_UNIT = re.compile(rf"jede[nmrs]? (?:{_ORDINAL} )?(?P<unit>tag|woche|monat|quartal|jahr)")
_NTH_WEEKDAY = re.compile(
    rf"(?:{_EACH} )?{_ORDINAL} {_WEEKDAY} (?:im|in jedem|jedes|des|eines) "
    r"(?P<period>monat|quartal)s?"
)
_WEEKLY_ON = re.compile(rf"jede[nmrs]? {_WEEKDAY}")


def _rule(freq: str, interval: int = 1, *, bymonth: str = "", byday: str = "") -> str:
    parts = [f"FREQ={freq}"]
    if interval != 1:
        parts.append(f"INTERVAL={interval}")
    if bymonth:
        parts.append(f"BYMONTH={bymonth}")
    if byday:
        parts.append(f"BYDAY={byday}")
    return ";".join(parts)


def _ordinal(match: re.Match[str], default: int = 1) -> int:
    """The ordinal ("2.", "zweiten", "letzten" → -1) matched by `_ORDINAL`, or `default`."""
    if match["num"] is not None:
        return int(match["num"])
    if match["stem"] is not None:
        return _ORDINAL_STEMS[match["stem"]]
    return default


def _nth_weekday_rule(match: re.Match[str]) -> str | None:
    """The rule for "jeden ersten Mittwoch im Monat/Quartal", or None for an unusable ordinal.

    Quarters are calendar quarters: the first Wednesday of January, April, July and October,
    whatever month the series starts in. So it is a YEARLY rule over the quarters' first
    months (their last months for "letzten"), not MONTHLY;INTERVAL=3 counted from the start.
    """
    nth = _ordinal(match)
    byday = f"{nth:+d}{_DAY_CODES[WEEKDAYS[match['wd']]]}"
    if match["period"] == "monat":
        return _rule("MONTHLY", byday=byday) if nth in (1, 2, 3, 4, 5, -1) else None
    if nth == -1:
        return _rule("YEARLY", bymonth=_QUARTER_ENDS, byday=byday)
    # Only the first four of a weekday are sure to fall into the quarter's first month.
    return _rule("YEARLY", bymonth=_QUARTER_STARTS, byday=byday) if nth in (1, 2, 3, 4) else None


def _phrase_rule(phrase: str) -> str | None:
    """The RRULE for a German series phrase, or None if it is not one."""
    if phrase in _ADVERBS:
        return _rule(*_ADVERBS[phrase])
    if match := _EVERY_N.fullmatch(phrase):
        amount = int(match["n"]) if match["n"].isdigit() else NUMBER_WORDS[match["n"]]
        freq, factor = _UNITS[match["unit"]]
        return _rule(freq, amount * factor) if amount > 0 else None
    if match := _EVERY_NTH_UNIT.fullmatch(phrase):
        every = _ordinal(match)
        freq, factor = _UNITS[match["unit"]]
        return _rule(freq, every * factor) if every > 0 else None
    if match := _NTH_WEEKDAY.fullmatch(phrase):
        return _nth_weekday_rule(match)
    if match := _WEEKLY_ON.fullmatch(phrase):
        return _rule("WEEKLY", byday=_DAY_CODES[WEEKDAYS[match["wd"]]])
    return None


def _date_list(text: str, start: datetime) -> tuple[datetime, ...]:
    """Explicit dates; an entry without a time gets the wall-clock time of `start`."""
    local_start = as_berlin(start)
    try:
        moments = {
            localize(day, at or local_start.time())
            for day, at in parse_date_list(text, local_start)
        }
    except DateParseError as error:
        reason = {
            DateError.EMPTY: RecurrenceError.EMPTY,
            DateError.UNKNOWN: RecurrenceError.UNKNOWN,
        }.get(error.reason, RecurrenceError.INVALID_DATE)
        raise RecurrenceParseError(reason) from error
    return tuple(sorted(moments))


def parse_recurrence(text: str, start: datetime) -> Recurrence:
    """Parse a German series text such as "alle 6 Wochen" or "20.01.2027, 17.03.2027".

    `start` is the first meeting: the rule is later expanded from it, and a date list takes
    from it the missing years (next date from `start` on) and times.
    """
    phrase = fold(text).strip(" .,;")
    if not phrase:
        raise RecurrenceParseError(RecurrenceError.EMPTY)
    if rule := _phrase_rule(phrase):
        return Recurrence(rule=rule)
    return Recurrence(dates=_date_list(text, start))


def rule_fits_start(rec: Recurrence, start: datetime) -> bool:
    """Whether the first meeting is itself a date of the rule ("20.01.2027" is not the first
    Wednesday of a quarter); the series then goes on with the rule's own dates. A date list
    always fits."""
    if rec.rule is None:
        return True
    wall_start = as_berlin(start).replace(tzinfo=None)
    return next(iter(rrulestr(rec.rule, dtstart=wall_start)), None) == wall_start


def on_weekends(moments: Iterable[datetime]) -> list[datetime]:
    """The meetings that fall on a Saturday or Sunday (Berlin), e.g. from "monatlich"."""
    return [moment for moment in moments if as_berlin(moment).weekday() >= 5]


def _in_berlin(wall: datetime) -> datetime:
    """Attach Berlin to a wall time; a time in the spring gap moves forward (RFC 5545)."""
    return wall.replace(tzinfo=BERLIN).astimezone(UTC).astimezone(BERLIN)


def _candidates(rec: Recurrence, start: datetime) -> Iterator[datetime]:
    if rec.rule is None:
        yield from sorted(as_berlin(moment) for moment in rec.dates)
        return
    wall_start = as_berlin(start).replace(tzinfo=None)
    for wall in rrulestr(rec.rule, dtstart=wall_start):
        yield _in_berlin(wall)


def occurrences(
    rec: Recurrence,
    start: datetime,
    *,
    after: datetime | None = None,
    until: datetime | None = None,
    count: int | None = None,
    exdates: Iterable[datetime] = (),
) -> list[datetime]:
    """The series' meetings as aware Berlin datetimes, in order.

    A rule is expanded from `start` (its DTSTART, included if it matches the rule); a date
    list stands on its own and ignores `start`.
    Only meetings strictly after `after` and not after `until` are listed, at most `count`
    of them. `exdates` are the original times of moved or cancelled meetings; they match by
    instant. `count` or `until` is required so that an endless rule cannot run forever.
    Naive arguments are taken as UTC, like everything read from the database.
    """
    if count is None and until is None:
        raise ValueError("occurrences need count or until")
    if count is not None and count < 0:
        raise ValueError("count must not be negative")
    after = None if after is None else to_utc(after)
    until = None if until is None else to_utc(until)
    skipped = {to_utc(moment) for moment in exdates}
    found: list[datetime] = []
    for moment in _candidates(rec, start):
        if (count is not None and len(found) >= count) or (until is not None and moment > until):
            break
        if (after is not None and moment <= after) or to_utc(moment) in skipped:
            continue
        found.append(moment)
    return found


_FREQUENCY_TEXTS: Final[Mapping[str, Mapping[str, tuple[str, str]]]] = MappingProxyType(
    {
        "de": {
            "DAILY": ("täglich", "alle {n} Tage"),
            "WEEKLY": ("wöchentlich", "alle {n} Wochen"),
            "MONTHLY": ("monatlich", "alle {n} Monate"),
            "YEARLY": ("jährlich", "alle {n} Jahre"),
        },
        "en": {
            "DAILY": ("daily", "every {n} days"),
            "WEEKLY": ("weekly", "every {n} weeks"),
            "MONTHLY": ("monthly", "every {n} months"),
            "YEARLY": ("yearly", "every {n} years"),
        },
    }
)
_ORDINAL_TEXTS: Final[Mapping[str, Mapping[int, str]]] = MappingProxyType(
    {
        "de": {1: "ersten", 2: "zweiten", 3: "dritten", 4: "vierten", 5: "fünften", -1: "letzten"},
        "en": {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"},
    }
)
_TEXTS: Final[Mapping[str, Mapping[str, str]]] = MappingProxyType(
    {
        "de": {
            "one_date": "1 Termin",
            "dates": "{n} Termine",
            "weekly_on": "jeden {day}",
            "weeks_on": "alle {n} Wochen am {day}",
            "month": "jeden {nth} {day} im Monat",
            "quarter": "jeden {nth} {day} im Quartal",
            "custom": "eigene Regel ({rule})",
        },
        "en": {
            "one_date": "1 date",
            "dates": "{n} dates",
            "weekly_on": "every {day}",
            "weeks_on": "every {n} weeks on {day}",
            "month": "every {nth} {day} of the month",
            "quarter": "every {nth} {day} of the quarter",
            "custom": "custom rule ({rule})",
        },
    }
)
_BYDAY = re.compile(r"(?P<nth>[+-]?\d)?(?P<day>MO|TU|WE|TH|FR|SA|SU)")


def _describe_rule(rule: str, lang: str) -> str:
    """Describe the rule shapes `parse_recurrence` produces; show any other rule as it is."""
    texts = _TEXTS[lang]
    parts = {
        key: value for key, _, value in (part.partition("=") for part in rule.upper().split(";"))
    }
    freq = parts.pop("FREQ", "")
    interval = int(parts.pop("INTERVAL", "1"))
    byday = _BYDAY.fullmatch(parts.pop("BYDAY", ""))
    bymonth = parts.pop("BYMONTH", "")
    if parts or freq not in _FREQUENCY_TEXTS[lang] or interval < 1:
        return texts["custom"].format(rule=rule)
    if byday is None and not bymonth:
        once, every_n = _FREQUENCY_TEXTS[lang][freq]
        return once if interval == 1 else every_n.format(n=interval)
    if byday is None:
        return texts["custom"].format(rule=rule)
    day = get_day_names("wide", locale=LOCALES[lang])[_DAY_CODES.index(byday["day"])]
    nth = int(byday["nth"]) if byday["nth"] else None
    if freq == "WEEKLY" and nth is None and not bymonth:
        key = "weekly_on" if interval == 1 else "weeks_on"
        return texts[key].format(n=interval, day=day)
    ordinal = _ORDINAL_TEXTS[lang].get(nth) if nth is not None else None
    if ordinal is None or interval != 1:
        return texts["custom"].format(rule=rule)
    if freq == "MONTHLY" and not bymonth:
        return texts["month"].format(nth=ordinal, day=day)
    quarter_months = _QUARTER_ENDS if nth == -1 else _QUARTER_STARTS
    if freq == "YEARLY" and bymonth == quarter_months:
        return texts["quarter"].format(nth=ordinal, day=day)
    return texts["custom"].format(rule=rule)


def describe(rec: Recurrence, lang: str = "de") -> str:
    """A short summary: "alle 6 Wochen", "jeden ersten Mittwoch im Quartal", "3 Termine"."""
    code = language(lang)
    if rec.rule is not None:
        return _describe_rule(rec.rule, code)
    count = len(rec.dates)
    return _TEXTS[code]["one_date"] if count == 1 else _TEXTS[code]["dates"].format(n=count)
