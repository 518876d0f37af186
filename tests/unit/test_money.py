"""German euro amounts: parsing into cents and formatting for display."""

from __future__ import annotations

import pytest

from rakbot.domain.money import MAX_CENTS, MoneyError, MoneyParseError, format_euro, parse_euro


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("125.000,50 €", 12_500_050),
        ("125.000,50", 12_500_050),
        ("125000", 12_500_000),
        ("125000 EUR", 12_500_000),
        ("125 000 €", 12_500_000),
        ("125\u00a0000\u00a0€", 12_500_000),
        ("125\u202f000 €", 12_500_000),
        ("1.234", 123_400),
        ("0,99 €", 99),
        ("€ 5.000", 500_000),
        ("€5.000", 500_000),
        ("EUR 5.000", 500_000),
        ("5.000 Euro", 500_000),
        ("Euro 5", 500),
        ("5.000€", 500_000),
        ("5.000,- €", 500_000),
        ("5,–", 500),
        ("1,5", 150),
        ("1.234.567,89", 123_456_789),
        ("1 234 567,89 €", 123_456_789),
        ("  42  ", 4_200),
        ("0", 0),
        ("007", 700),
        ("100.000.000,00 €", MAX_CENTS),
        ("12,05", 1_205),
        ("12,5 eur", 1_250),
    ],
)
def test_parse_euro_accepts_german_forms(text: str, cents: int) -> None:
    assert parse_euro(text) == cents


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", MoneyError.EMPTY),
        ("   ", MoneyError.EMPTY),
        ("125 T€", MoneyError.THOUSANDS_ABBREVIATION),
        ("125 Tsd.", MoneyError.THOUSANDS_ABBREVIATION),
        ("125 Tsd. €", MoneyError.THOUSANDS_ABBREVIATION),
        ("125TEUR", MoneyError.THOUSANDS_ABBREVIATION),
        ("125k", MoneyError.THOUSANDS_ABBREVIATION),
        ("125 Tausend Euro", MoneyError.THOUSANDS_ABBREVIATION),
        ("1,5 Mio. €", MoneyError.MILLIONS_ABBREVIATION),
        ("2 Millionen", MoneyError.MILLIONS_ABBREVIATION),
        ("-5", MoneyError.NEGATIVE),
        ("-1.000,00 €", MoneyError.NEGATIVE),
        ("€ −5", MoneyError.NEGATIVE),
        ("0,999", MoneyError.TOO_MANY_DECIMALS),
        ("12,5000 €", MoneyError.TOO_MANY_DECIMALS),
        ("1.234,567", MoneyError.TOO_MANY_DECIMALS),
        ("1.5", MoneyError.AMBIGUOUS),
        ("1.50 €", MoneyError.AMBIGUOUS),
        ("1,234,567", MoneyError.AMBIGUOUS),
        ("1,234.56", MoneyError.AMBIGUOUS),
        ("1,234", MoneyError.AMBIGUOUS),
        ("100.000.000,01", MoneyError.TOO_LARGE),
        ("999999999999", MoneyError.TOO_LARGE),
        ("abc", MoneyError.INVALID),
        ("12a", MoneyError.INVALID),
        ("€", MoneyError.INVALID),
        ("1.2345", MoneyError.INVALID),
        ("12.34.567", MoneyError.INVALID),
        ("1.234 567", MoneyError.INVALID),
        ("12 34", MoneyError.INVALID),
        (",50", MoneyError.INVALID),
        ("+5", MoneyError.INVALID),
        ("5 € €", MoneyError.INVALID),
        ("١٢٣", MoneyError.INVALID),
    ],
)
def test_parse_euro_refuses(text: str, reason: MoneyError) -> None:
    with pytest.raises(MoneyParseError) as caught:
        parse_euro(text)
    assert caught.value.reason is reason


@pytest.mark.parametrize(
    ("cents", "lang", "text"),
    [
        (12_500_050, "de", "125.000,50 €"),
        (12_500_050, "en", "€125,000.50"),
        (99, "de", "0,99 €"),
        (0, "de", "0,00 €"),
        (MAX_CENTS, "de", "100.000.000,00 €"),
        (1, "en", "€0.01"),
    ],
)
def test_format_euro(cents: int, lang: str, text: str) -> None:
    assert format_euro(cents, lang) == text


@pytest.mark.parametrize("cents", [0, 1, 99, 100, 123_456, 12_500_050, MAX_CENTS])
def test_format_then_parse_round_trips(cents: int) -> None:
    assert parse_euro(format_euro(cents)) == cents
