"""Texts cut to Telegram's limits: between lines, never inside an HTML element."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rakbot.domain.message_size import SHORTENED, shorten, split_message, visible_length


def test_visible_length_counts_parsed_text_in_utf16_units() -> None:
    assert visible_length("<b>Ja</b> &amp; 👍") == len("Ja & ") + 2
    assert visible_length("<b>Ja</b>", is_html=False) == 9


def test_a_text_that_fits_stays_one_message() -> None:
    assert split_message("a\nb", 10) == ["a\nb"]


def test_a_long_text_is_split_between_lines_and_elements_stay_whole() -> None:
    text = "\n".join(["<b>Kopf</b>", "<blockquote>eins", "zwei</blockquote>", "drei", "vier"])
    parts = split_message(text, 20)
    assert "\n".join(parts) == text
    assert all(visible_length(part) <= 20 for part in parts)
    assert len(parts) == 2
    assert any("<blockquote>eins\nzwei</blockquote>" in part for part in parts)


def test_one_overlong_line_is_cut_as_plain_text() -> None:
    parts = split_message("<b>" + "x" * 50 + "</b>", 10)
    assert parts == ["x" * 9 + SHORTENED]


def test_shorten_keeps_whole_lines_and_marks_the_cut() -> None:
    text = "\n".join(f"Zeile {n}" for n in range(100))
    short = shorten(text, 50)
    assert visible_length(short) <= 50
    assert short.endswith("\n" + SHORTENED) and short.startswith("Zeile 0\nZeile 1")


@given(st.lists(st.text(alphabet="aäb <>&😀", max_size=40), max_size=60), st.integers(20, 200))
def test_every_part_fits(lines: list[str], limit: int) -> None:
    text = "\n".join(line.replace("<", "").replace(">", "").replace("&", "") for line in lines)
    for part in split_message(text, limit):
        assert visible_length(part) <= limit
    assert visible_length(shorten(text, limit)) <= limit
