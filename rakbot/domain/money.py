"""Euro amounts as typed by German users, held as integer cents.

Parsing follows German notation (dot groups thousands, comma separates cents) and refuses
anything that could mean something else, so a typo can never move an amount by a factor of
1000: "1.5" and "1,234,567" are English style and ambiguous, "125 T€" must be written out.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum

from babel.numbers import format_currency

MAX_CENTS = 100_000_000 * 100
"""Largest accepted amount (100 million euro); larger input is almost certainly a typo."""

_LOCALES = {"de": "de_DE", "en": "en_US"}

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_CURRENCY = r"(?:euro|eur|€)"
_LEADING_CURRENCY = re.compile(rf"^{_CURRENCY}\s*", re.IGNORECASE)
_TRAILING_CURRENCY = re.compile(rf"\s*{_CURRENCY}$", re.IGNORECASE)
_THOUSANDS = re.compile(r"\d\s*(?:t€|teur|tsd\.?|tausend|k€?)(?:\s|$|€|eur)", re.IGNORECASE)
_MILLIONS = re.compile(r"\d\s*(?:mio\.?|mill?\.|millionen|mrd\.?|milliarden)", re.IGNORECASE)
_ZERO_CENTS_DASH = re.compile(r",[-–—]{1,2}$")
_MINUS = re.compile(r"^[-−–]\s*\d", re.ASCII)

_INTEGER = r"(?:\d{1,3}(?:\.\d{3})+|\d{1,3}(?: \d{3})+|\d+)"
_GERMAN = re.compile(rf"^(?P<int>{_INTEGER})(?:,(?P<dec>\d{{1,2}}))?$", re.ASCII)
_TOO_MANY_DECIMALS = re.compile(rf"^{_INTEGER},\d{{3,}}$", re.ASCII)
# Would be read as English notation: "1.5", "1,234,567", "1,234.56", and "1,234" whose three
# digits after the comma are more likely a thousands group than a typo for cents.
_ENGLISH = re.compile(r"^(?:\d+\.\d{1,2}|[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?)$", re.ASCII)


class MoneyError(StrEnum):
    EMPTY = "empty"
    INVALID = "invalid"
    NEGATIVE = "negative"
    TOO_MANY_DECIMALS = "too_many_decimals"
    AMBIGUOUS = "ambiguous"
    THOUSANDS_ABBREVIATION = "thousands_abbreviation"
    MILLIONS_ABBREVIATION = "millions_abbreviation"
    TOO_LARGE = "too_large"


class MoneyParseError(ValueError):
    def __init__(self, reason: MoneyError) -> None:
        super().__init__(reason.value)
        self.reason = reason


def parse_euro(text: str) -> int:
    """Cents from a German euro amount such as "125.000,50 €", "125 000 €" or "€ 5.000,-"."""
    normalized = _SPACES.sub(" ", text).strip()
    if not normalized:
        raise MoneyParseError(MoneyError.EMPTY)
    if _THOUSANDS.search(normalized):
        raise MoneyParseError(MoneyError.THOUSANDS_ABBREVIATION)
    if _MILLIONS.search(normalized):
        raise MoneyParseError(MoneyError.MILLIONS_ABBREVIATION)
    number = _TRAILING_CURRENCY.sub("", _LEADING_CURRENCY.sub("", normalized))
    number = _ZERO_CENTS_DASH.sub(",00", number)
    if _MINUS.match(number):
        raise MoneyParseError(MoneyError.NEGATIVE)
    match = _GERMAN.match(number)
    if match is None:
        raise MoneyParseError(_reason_for_unparsable(number))
    euros = int(re.sub(r"[. ]", "", match["int"]))
    cents = int((match["dec"] or "0").ljust(2, "0"))
    amount = euros * 100 + cents
    if amount > MAX_CENTS:
        raise MoneyParseError(MoneyError.TOO_LARGE)
    return amount


def _reason_for_unparsable(number: str) -> MoneyError:
    if _ENGLISH.match(number):
        return MoneyError.AMBIGUOUS
    if _TOO_MANY_DECIMALS.match(number):
        return MoneyError.TOO_MANY_DECIMALS
    return MoneyError.INVALID


def format_euro(cents: int, lang: str = "de") -> str:
    """Format cents for display: "125.000,50 €" for "de", "€125,000.50" for "en".

    Babel's no-break space before the sign is replaced by a plain space so the text is the
    same wherever it is compared or copied.
    """
    amount = Decimal(cents).scaleb(-2)
    text = format_currency(amount, "EUR", locale=_LOCALES.get(lang, lang))
    return text.replace("\u00a0", " ")
