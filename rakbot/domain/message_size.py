"""Telegram's size limits for a message, and texts cut to fit them.

Telegram counts a text after its HTML is parsed, in UTF-16 code units: 4,096 for a message,
1,024 for a caption. A longer text is refused with 400, so a live group message that grew
(a scoring round with many proposals) would stop changing. `split_message` cuts a text into
messages at line ends where no HTML element is open; `shorten` keeps what fits and says that
the rest was left out (for edits, which cannot become two messages).
"""

from __future__ import annotations

import html
import re
from typing import Final

TEXT_LIMIT: Final = 4096
CAPTION_LIMIT: Final = 1024
CALLBACK_DATA_BYTES: Final = 64
#: The line that ends a text shortened to fit.
SHORTENED: Final = "…"

_TAG = re.compile(r"<(/?)[a-zA-Z][a-zA-Z0-9-]*(?:\s[^>]*)?>")


def visible_length(text: str, *, is_html: bool = True) -> int:
    """The length Telegram checks against its limits."""
    plain = html.unescape(_TAG.sub("", text)) if is_html else text
    return len(plain.encode("utf-16-le")) // 2


def _blocks(text: str, is_html: bool) -> list[str]:
    """Runs of lines that open and close their HTML elements (single lines, mostly)."""
    if not is_html:
        return text.split("\n")
    blocks: list[str] = []
    current: list[str] = []
    depth = 0
    for line in text.split("\n"):
        current.append(line)
        for match in _TAG.finditer(line):
            depth += -1 if match.group(1) else 1
        if depth <= 0:
            blocks.append("\n".join(current))
            current, depth = [], 0
    if current:
        blocks.append("\n".join(current))
    return blocks


def _cut(block: str, limit: int, is_html: bool) -> str:
    """One block longer than `limit` on its own: its plain text, cut."""
    plain = html.unescape(_TAG.sub("", block)) if is_html else block
    room = limit - len(SHORTENED)
    while visible_length(plain[:room], is_html=False) > room:
        room -= 1
    cut = plain[:room].rstrip() + SHORTENED
    return html.escape(cut, quote=False) if is_html else cut


def split_message(text: str, limit: int = TEXT_LIMIT, *, is_html: bool = True) -> list[str]:
    """`text` as one or more messages, each within `limit`, cut only between lines."""
    if visible_length(text, is_html=is_html) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for block in _blocks(text, is_html):
        if visible_length(block, is_html=is_html) > limit:
            block = _cut(block, limit, is_html)
        candidate = f"{current}\n{block}" if current else block
        if current and visible_length(candidate, is_html=is_html) > limit:
            parts.append(current)
            candidate = block
        current = candidate
    parts.append(current)
    return [part.strip("\n") for part in parts if part.strip()]


def shorten(text: str, limit: int = TEXT_LIMIT, *, is_html: bool = True) -> str:
    """`text` cut after the last line that fits, ending in `SHORTENED`."""
    if visible_length(text, is_html=is_html) <= limit:
        return text
    room = limit - len(SHORTENED) - 1
    return split_message(text, room, is_html=is_html)[0] + "\n" + SHORTENED
