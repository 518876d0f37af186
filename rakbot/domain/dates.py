"""German date and time input and output, always on Berlin wall-clock time.

Parsing runs in two steps. A small grammar turns the text into wall-clock parts (a date and,
if written, a time), resolving relative words such as "morgen" or "nächsten Mittwoch" against
the caller's ``now``. `localize` then attaches Europe/Berlin and refuses wall times that do not
exist (spring gap) or exist twice (autumn fold), because guessing there would silently move a
meeting by an hour.

Grammar of one entry (after case folding, umlauts become ae/oe/ue, commas count as spaces)::

    [am] [nächsten|kommenden|diesen] [WEEKDAY] [den] DATE [um] [TIME]
    DATE = 20.01.2027 | 20.1.27 | 20.01. | 20. Januar 2027 | 20. Jan. | 2027-01-20
         | heute | morgen | übermorgen | in N Tagen/Wochen/Monaten
    TIME = 10 | 10 Uhr | 10:30 | 10.30 Uhr | halb 11, optionally with morgens/abends/...

A weekday may stand alone instead of DATE; next to a DATE it must agree with it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Final
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from dateutil.relativedelta import relativedelta, weekday

BERLIN: Final = ZoneInfo("Europe/Berlin")

MAX_AHEAD: Final = relativedelta(years=5)
"""Dates further ahead than this are refused as typing mistakes (e.g. 2072 for 2027)."""


class DateError(StrEnum):
    """Why a date input was refused; the handler turns it into a localized hint."""

    EMPTY = "empty"
    UNKNOWN = "unknown"
    INVALID = "invalid"
    INVALID_TIME = "invalid_time"
    WEEKDAY_MISMATCH = "weekday_mismatch"
    AMBIGUOUS = "ambiguous"
    PAST = "past"
    MISSING_TIME = "missing_time"
    NONEXISTENT_TIME = "nonexistent_time"
    AMBIGUOUS_TIME = "ambiguous_time"
    TOO_FAR = "too_far"


class DateParseError(ValueError):
    """A date input that cannot be accepted, with the machine-readable `reason`; in a list of
    dates, `entry` is the 1-based number of the entry that failed."""

    def __init__(self, reason: DateError, entry: int | None = None) -> None:
        super().__init__(f"date input refused: {reason.value}")
        self.reason = reason
        self.entry = entry


WEEKDAYS: Final[Mapping[str, int]] = MappingProxyType(
    {
        "montag": 0,
        "mo": 0,
        "dienstag": 1,
        "di": 1,
        "mittwoch": 2,
        "mi": 2,
        "donnerstag": 3,
        "do": 3,
        "freitag": 4,
        "fr": 4,
        "samstag": 5,
        "sonnabend": 5,
        "sa": 5,
        "sonntag": 6,
        "so": 6,
    }
)
"""Folded German weekday names and abbreviations → Monday=0 … Sunday=6."""

MONTHS: Final[Mapping[str, int]] = MappingProxyType(
    {
        "januar": 1,
        "jaenner": 1,
        "jan": 1,
        "februar": 2,
        "feber": 2,
        "febr": 2,
        "feb": 2,
        "maerz": 3,
        "marz": 3,
        "mrz": 3,
        "april": 4,
        "apr": 4,
        "mai": 5,
        "juni": 6,
        "jun": 6,
        "juli": 7,
        "jul": 7,
        "august": 8,
        "aug": 8,
        "september": 9,
        "sept": 9,
        "sep": 9,
        "oktober": 10,
        "okt": 10,
        "november": 11,
        "nov": 11,
        "dezember": 12,
        "dez": 12,
    }
)
"""Folded German month names and abbreviations → 1 … 12."""

NUMBER_WORDS: Final[Mapping[str, int]] = MappingProxyType(
    {
        "ein": 1,
        "eine": 1,
        "einen": 1,
        "einem": 1,
        "einer": 1,
        "zwei": 2,
        "drei": 3,
        "vier": 4,
        "fuenf": 5,
        "sechs": 6,
        "sieben": 7,
        "acht": 8,
        "neun": 9,
        "zehn": 10,
        "elf": 11,
        "zwoelf": 12,
    }
)
"""Folded German cardinal words (as used in "in zwei Wochen") → value."""


def fold(text: str) -> str:
    """Lower-case `text`, spell umlauts as ae/oe/ue and ß as ss, and collapse whitespace."""
    folded = unicodedata.normalize("NFC", text).casefold()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        folded = folded.replace(umlaut, spelled)
    return " ".join(folded.split())


def words_pattern(words: Mapping[str, int]) -> str:
    """A regex alternation of `words`, longest first so "mittwoch" wins over "mi"."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_NUMBER = rf"\d{{1,3}}|{words_pattern(NUMBER_WORDS)}"
_QUALIFIERS = "morgens?|frueh|vormittags?|mittags?|nachmittags?|abends?"
_MORNING = frozenset({"morgen", "frueh", "vormittag"})
_AFTERNOON = frozenset({"nachmittag", "abend"})

_AM = re.compile(r"am\s+")
_DEN = re.compile(r"den\s+")
_WEEKDAY = re.compile(
    r"(?:(?P<mod>naechste[nr]?|nachste[nr]?|kommende[nr]?|diese[nr]?)\s+)?"
    rf"(?P<wd>{words_pattern(WEEKDAYS)})\.?(?![a-z\d])"
)
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)(?:t(?=\d))?")
_NUMERIC = re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?:\s?(?P<y>\d{4})|(?P<yy>\d{2}))?(?!\d)")
# A two-digit year after a month name only counts when a time follows ("20. Jan 27 10 Uhr"),
# otherwise "20. Januar 10 Uhr" would land in 2010.
_TEXTUAL = re.compile(
    rf"(?P<d>\d{{1,2}})\.?\s*(?P<mon>{words_pattern(MONTHS)})(?![a-z])\.?"
    r"(?:\s*(?:(?P<y>\d{4})(?!\d)|(?P<yy>\d{2})(?=\s+(?:um\s+)?\d)))?"
)
_RELATIVE_DAY = re.compile(
    r"(?P<word>heute|uebermorgen|ubermorgen|morgen|vorgestern|gestern)(?![a-z])"
)
_IN_OFFSET = re.compile(
    rf"in\s+(?P<n>{_NUMBER})\s+(?P<unit>tagen|tag|wochen|woche|monaten|monat)(?![a-z])"
)
_TIME = re.compile(
    rf"(?:(?P<q1>{_QUALIFIERS})\s+)?(?:um\s+)?"
    r"(?:halb\s+(?P<half>\d{1,2})|(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?)(?:\s*uhr)?"
    rf"(?:\s+(?P<q2>{_QUALIFIERS}))?(?=$|[\s,;])"
)
_LIST_SEPARATOR = re.compile(r"\s*(?:[,;]|\bund\b)\s*")
_TRAILER = re.compile(r"[\s,]*")
_SLASH_DATE = re.compile(r"\d\s*/\s*\d")

_RELATIVE_DAYS: Final[Mapping[str, int]] = MappingProxyType(
    # "gestern" is understood so that it can be refused as past, not as unreadable.
    {"vorgestern": -2, "gestern": -1, "heute": 0, "morgen": 1, "uebermorgen": 2, "ubermorgen": 2}
)
_NEXT_WORDS = ("naechst", "nachst", "kommend")


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def _make_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateParseError(DateError.INVALID) from None


def _upcoming_date(month: int, day: int, today: date) -> date:
    """The first date with this day and month that is today or later.

    Comparing dates (not date and time) is deliberate: "20.01. 10:00" typed at 11:00 on
    20 January is reported as PAST instead of silently moving a year ahead.
    """
    for year in range(today.year, today.year + 9):  # 29.02. recurs within 8 years
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    raise DateParseError(DateError.INVALID)


def _calendar_date(text: str, pos: int, today: date) -> tuple[date, int] | None:
    """Read an explicit calendar date at `pos`, or return None when there is none."""
    if match := _ISO.match(text, pos):
        day = _make_date(int(match["y"]), int(match["m"]), int(match["d"]))
        return day, match.end()
    match = _NUMERIC.match(text, pos) or _TEXTUAL.match(text, pos)
    if match is None:
        return None
    groups = match.groupdict()
    month = MONTHS[groups["mon"]] if groups.get("mon") else int(groups["m"])
    day_of_month = int(groups["d"])
    if groups["y"]:
        return _make_date(int(groups["y"]), month, day_of_month), match.end()
    if groups["yy"]:
        return _make_date(2000 + int(groups["yy"]), month, day_of_month), match.end()
    if not 1 <= month <= 12:
        raise DateParseError(DateError.INVALID)
    return _upcoming_date(month, day_of_month, today), match.end()


def _relative_date(text: str, pos: int, today: date) -> tuple[date, int] | None:
    """Read "heute", "morgen", "übermorgen" or "in N Tagen/Wochen/Monaten" at `pos`."""
    if match := _RELATIVE_DAY.match(text, pos):
        return today + timedelta(days=_RELATIVE_DAYS[match["word"]]), match.end()
    if match := _IN_OFFSET.match(text, pos):
        amount = _number(match["n"])
        unit = match["unit"]
        if unit.startswith("tag"):
            step = relativedelta(days=amount)
        elif unit.startswith("woche"):
            step = relativedelta(weeks=amount)
        else:
            step = relativedelta(months=amount)
        return today + step, match.end()
    return None


def _apply_qualifier(hour: int, qualifier: str) -> int:
    """Turn "3 Uhr nachmittags" into 15 and refuse contradictions like "20 Uhr morgens".

    `qualifier` is folded without a trailing "s" ("abends" → "abend"); "morgen" after a date
    means "in the morning", as in "heute morgen 9 Uhr".
    """
    if qualifier in _MORNING and hour > 12:
        raise DateParseError(DateError.INVALID_TIME)
    if qualifier in _AFTERNOON and 1 <= hour <= 11:
        return hour + 12
    if qualifier == "mittag" and 1 <= hour <= 4:
        return hour + 12
    return hour


def _time_of_day(text: str, pos: int) -> tuple[time, int] | None:
    """Read a time at `pos`, or return None when there is none."""
    match = _TIME.match(text, pos)
    if match is None:
        return None
    if match["half"] is not None:
        # "halb 11" is 10:30; "halb 1" is taken as lunchtime, not half past midnight.
        target = int(match["half"])
        if not 1 <= target <= 24:
            raise DateParseError(DateError.INVALID_TIME)
        hour, minute = (12 if target == 1 else target - 1), 30
    else:
        hour, minute = int(match["h"]), int(match["m"] or 0)
    if hour > 23 or minute > 59:
        raise DateParseError(DateError.INVALID_TIME)
    if match["q1"] and match["q2"]:
        raise DateParseError(DateError.UNKNOWN)
    hour = _apply_qualifier(hour, (match["q1"] or match["q2"] or "").removesuffix("s"))
    return time(hour, minute), match.end()


def _weekday_date(target: int, strictly_after: bool, at: time | None, now_wall: datetime) -> date:
    """Resolve a weekday name without a date.

    "nächsten/kommenden Mittwoch" is the first Wednesday strictly after today. A bare
    "Mittwoch" is the next Wednesday whose time is still ahead: today if today is Wednesday
    and the time (or, without a time, the day) has not passed yet, else a week later.
    """
    today = now_wall.date()
    if strictly_after:
        return today + relativedelta(days=1, weekday=weekday(target))
    candidate = today + relativedelta(weekday=weekday(target))
    if candidate == today and at is not None and datetime.combine(today, at) <= now_wall:
        candidate += timedelta(weeks=1)
    return candidate


def _skip_gap(text: str, pos: int) -> int:
    """Skip the spaces and commas that may separate the parts of an entry."""
    while pos < len(text) and text[pos] in " ,":
        pos += 1
    return pos


def _read_entry(text: str, pos: int, now_wall: datetime) -> tuple[date, time | None, int]:
    """Read one date entry starting at `pos`; return its wall-clock parts and the end."""
    today = now_wall.date()
    if match := _AM.match(text, pos):
        pos = match.end()
    named_weekday: int | None = None
    strictly_after = False
    if match := _WEEKDAY.match(text, pos):
        named_weekday = WEEKDAYS[match["wd"]]
        strictly_after = (match["mod"] or "").startswith(_NEXT_WORDS)
        pos = _skip_gap(text, match.end())
    if match := _DEN.match(text, pos):
        pos = match.end()

    found = _calendar_date(text, pos, today)
    if found is None and named_weekday is None:
        found = _relative_date(text, pos, today)
    if found is not None:
        pos = found[1]

    at: time | None = None
    if time_found := _time_of_day(text, _skip_gap(text, pos)):
        at, pos = time_found

    if found is not None:
        day = found[0]
        if named_weekday is not None and day.weekday() != named_weekday:
            raise DateParseError(DateError.WEEKDAY_MISMATCH)
        return day, at, pos
    if named_weekday is not None:
        return _weekday_date(named_weekday, strictly_after, at, now_wall), at, pos
    raise DateParseError(DateError.UNKNOWN)


def _prepare(text: str) -> str:
    folded = fold(text)
    if not folded.strip(" ,"):
        raise DateParseError(DateError.EMPTY)
    if _SLASH_DATE.search(folded):
        raise DateParseError(DateError.AMBIGUOUS)
    return folded


def _wall_now(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(BERLIN).replace(tzinfo=None)


def localize(day: date, at: time) -> datetime:
    """Attach Berlin time to a wall-clock date and time.

    Raises DateParseError with NONEXISTENT_TIME for a time skipped in spring (02:00–02:59 on
    the last Sunday of March) and AMBIGUOUS_TIME for one that occurs twice in autumn.
    """
    wall = datetime.combine(day, at)
    aware = wall.replace(tzinfo=BERLIN)
    if aware.astimezone(UTC).astimezone(BERLIN).replace(tzinfo=None) != wall:
        raise DateParseError(DateError.NONEXISTENT_TIME)
    if aware.utcoffset() != aware.replace(fold=1).utcoffset():
        raise DateParseError(DateError.AMBIGUOUS_TIME)
    return aware


def parse_date_list(text: str, now: datetime) -> list[tuple[date, time | None]]:
    """Parse entries separated by commas, semicolons or "und" into wall-clock parts.

    A time written right after a date belongs to it ("20.01.2027, 10 Uhr, 17.03.2027"), so
    callers can fill missing times themselves. No past, future or DST checks are made here.
    """
    folded = _prepare(text)
    now_wall = _wall_now(now)
    entries: list[tuple[date, time | None]] = []
    pos = 0
    while True:
        try:
            day, at, pos = _read_entry(folded, pos, now_wall)
        except DateParseError as error:
            raise DateParseError(error.reason, entry=len(entries) + 1) from error
        entries.append((day, at))
        if _TRAILER.fullmatch(folded, pos):
            return entries
        separator = _LIST_SEPARATOR.match(folded, pos)
        if separator is None:
            raise DateParseError(DateError.UNKNOWN)
        pos = separator.end()


def parse_german_datetime(
    text: str, now: datetime, *, require_time: bool = True, allow_past: bool = False
) -> datetime:
    """Parse a German date (and time) typed by a user into an aware Berlin datetime.

    Without a time, `require_time` decides between MISSING_TIME and midnight; such a
    whole-day date only counts as PAST when the day itself is over. Any written time must
    lie after `now` unless `allow_past`; nothing may lie more than five years ahead.
    """
    folded = _prepare(text)
    now_wall = _wall_now(now)
    day, at, end = _read_entry(folded, 0, now_wall)
    if not _TRAILER.fullmatch(folded, end):
        raise DateParseError(DateError.UNKNOWN)
    if at is None and require_time:
        raise DateParseError(DateError.MISSING_TIME)
    result = localize(day, at or time(0))
    if not allow_past:
        is_past = day < now_wall.date() if at is None else result <= now
        if is_past:
            raise DateParseError(DateError.PAST)
    if result > now.astimezone(BERLIN) + MAX_AHEAD:
        raise DateParseError(DateError.TOO_FAR)
    return result


def as_berlin(dt: datetime) -> datetime:
    """`dt` in Berlin time; a naive value is taken as UTC, as the database stores UTC."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(BERLIN)


def to_utc(dt: datetime) -> datetime:
    """`dt` as an aware UTC datetime; a naive value is taken as UTC already."""
    return as_berlin(dt).astimezone(UTC)


LOCALES: Final[Mapping[str, str]] = MappingProxyType({"de": "de_DE", "en": "en_GB"})
"""Babel locale per supported language: German as in Germany, English as in Britain."""
_PATTERNS: Final[Mapping[str, Mapping[str, str]]] = MappingProxyType(
    {
        "short": {"de": "EEE, dd.MM.yyyy, HH:mm 'Uhr'", "en": "EEE, d MMM yyyy, HH:mm"},
        "long": {"de": "EEEE, d. MMMM yyyy, HH:mm 'Uhr'", "en": "EEEE, d MMMM yyyy, HH:mm"},
        "date": {"de": "dd.MM.yyyy", "en": "d MMM yyyy"},
        "time": {"de": "HH:mm 'Uhr'", "en": "HH:mm"},
    }
)


def language(lang: str) -> str:
    """Reduce a language tag ("en", "en-GB", "de_AT") to "de" or "en"; German is the default."""
    base = lang.replace("_", "-").split("-")[0].lower()
    return base if base in LOCALES else "de"


def _format(dt: datetime, kind: str, lang: str) -> str:
    code = language(lang)
    return format_datetime(
        as_berlin(dt), _PATTERNS[kind][code], tzinfo=BERLIN, locale=LOCALES[code]
    )


def format_short(dt: datetime, lang: str = "de") -> str:
    """ "Mi., 20.01.2027, 10:00 Uhr" / "Wed, 20 Jan 2027, 10:00"."""
    return _format(dt, "short", lang)


def format_long(dt: datetime, lang: str = "de") -> str:
    """ "Mittwoch, 20. Januar 2027, 10:00 Uhr" / "Wednesday, 20 January 2027, 10:00"."""
    return _format(dt, "long", lang)


def format_date(dt: datetime, lang: str = "de") -> str:
    """ "20.01.2027" / "20 Jan 2027"."""
    return _format(dt, "date", lang)


def format_time(dt: datetime, lang: str = "de") -> str:
    """ "10:00 Uhr" / "10:00"."""
    return _format(dt, "time", lang)


def example_starts(now: datetime) -> tuple[str, str]:
    """Two meeting starts to show as examples, always ahead of `now` and written as the parser
    reads them: two weeks ahead as digits ("07.12.2026 10:00"), three weeks ahead in words
    ("14. Dezember 2026, 10:30")."""
    today = as_berlin(now).date()
    first = localize(today + timedelta(weeks=2), time(10, 0))
    second = localize(today + timedelta(weeks=3), time(10, 30))
    words = format_datetime(second, "d. MMMM y, HH:mm", tzinfo=BERLIN, locale=LOCALES["de"])
    return f"{first:%d.%m.%Y %H:%M}", words


def example_series(now: datetime) -> str:
    """A list of meeting dates to show as an example, ahead of `now`: "18.01.2027, 15.03.2027"."""
    today = as_berlin(now).date()
    return ", ".join(f"{today + timedelta(weeks=weeks):%d.%m.%Y}" for weeks in (8, 16))
