"""Telegram's HTML parse mode: text, entities and the errors."""

from __future__ import annotations

import pytest

from rakbot.sandbox.html_text import HtmlParseError, parse_html


def test_tags_become_entities_with_utf16_offsets() -> None:
    parsed = parse_html('😀 <b>fett</b> <a href="https://x.de/?a=1&amp;b=2">Link</a>')
    assert parsed.text == "😀 fett Link"
    assert parsed.entities == [
        {"type": "bold", "offset": 3, "length": 4},
        {"type": "text_link", "offset": 8, "length": 4, "url": "https://x.de/?a=1&b=2"},
    ]
    assert parsed.warnings == []


def test_escapes_and_numeric_references_decode() -> None:
    assert parse_html("a &lt;b&gt; &amp; &quot;c&quot; &#228;&#x1F600;").text == 'a <b> & "c" ä😀'


def test_pre_with_language_makes_one_entity() -> None:
    parsed = parse_html('<pre><code class="language-python">x = 1</code></pre>')
    assert parsed.entities == [{"type": "pre", "offset": 0, "length": 5, "language": "python"}]


def test_spoiler_expandable_quote_and_custom_emoji() -> None:
    parsed = parse_html(
        '<span class="tg-spoiler">a</span><blockquote expandable>b</blockquote>'
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
    )
    assert [e["type"] for e in parsed.entities] == [
        "spoiler",
        "expandable_blockquote",
        "custom_emoji",
    ]


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("<br/>", 'Unsupported start tag "br" at byte offset 0'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("ä < b", "Unclosed start tag at byte offset 3"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
    ],
)
def test_invalid_html_is_refused_like_telegram(source: str, error: str) -> None:
    with pytest.raises(HtmlParseError) as caught:
        parse_html(source)
    assert str(caught.value) == error


def test_bare_ampersand_and_gt_are_kept_but_reported() -> None:
    parsed = parse_html("Q&A > FAQ")
    assert parsed.text == "Q&A > FAQ"
    assert parsed.warnings == ["unescaped '&' at byte offset 1", "unescaped '>' at byte offset 4"]
