"""Telegram's ``parse_mode=HTML``: plain text plus entities, or the error Telegram answers.

Telegram itself rejects unknown tags, bad nesting and a bare ``<``. It tolerates a bare ``&`` or
``>``, although its documentation requires them escaped; those come back as ``warnings`` so the
emulator can flag text the bot forgot to escape (usually user input pasted into a template).
Offsets in error messages are UTF-8 byte offsets, entity offsets UTF-16 code units, as Telegram's.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from rakbot.sandbox.entities import utf16_len
from rakbot.sandbox.models import JsonDict

_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_SPECIAL = re.compile(r"[<>&]")
_CHAR_REF = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_ATTRIBUTE = re.compile(r"""\s*([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")


class HtmlParseError(ValueError):
    """The text is not valid Telegram HTML; ``str(error)`` is Telegram's wording."""


@dataclass
class ParsedText:
    text: str
    entities: list[JsonDict]
    warnings: list[str] = field(default_factory=list)


@dataclass
class _OpenTag:
    name: str
    offset: int
    attributes: dict[str, str]
    language: str | None = None


def parse_html(source: str) -> ParsedText:
    """Parse ``source`` like Telegram; raises ``HtmlParseError``."""
    parts: list[str] = []
    position = 0  # UTF-16 offset in the plain text
    entities: list[JsonDict] = []
    warnings: list[str] = []
    stack: list[_OpenTag] = []
    index = 0
    while True:
        match = _SPECIAL.search(source, index)
        end = match.start() if match else len(source)
        if end > index:
            chunk = source[index:end]
            parts.append(chunk)
            position += utf16_len(chunk)
        if match is None:
            break
        char, index = match.group(), match.start()
        if char == "&":
            ref = _CHAR_REF.match(source, index)
            decoded = html.unescape(ref.group()) if ref else "&"
            if ref is None:
                warnings.append(f"unescaped '&' at byte offset {_byte_offset(source, index)}")
            parts.append(decoded)
            position += utf16_len(decoded)
            index = ref.end() if ref else index + 1
        elif char == ">":
            warnings.append(f"unescaped '>' at byte offset {_byte_offset(source, index)}")
            parts.append(">")
            position += 1
            index += 1
        elif source.startswith("</", index):
            index = _close_tag(source, index, stack, position, entities)
        else:
            index = _open_tag(source, index, stack, position)
    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText("".join(parts), entities, warnings)


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _open_tag(source: str, start: int, stack: list[_OpenTag], position: int) -> int:
    close = source.find(">", start)
    if close < 0:
        raise HtmlParseError(f"Unclosed start tag at byte offset {_byte_offset(source, start)}")
    body = source[start + 1 : close]
    name_match = re.match(r"[^\s/>]*", body)
    name = name_match.group().lower() if name_match else ""
    if name not in _ENTITY_TYPES or body.rstrip().endswith("/"):
        raise HtmlParseError(
            f'Unsupported start tag "{name}" at byte offset {_byte_offset(source, start)}'
        )
    attributes = {
        m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in _ATTRIBUTE.finditer(body, len(name))
        if m.group(1)
    }
    if name == "span" and attributes.get("class") != "tg-spoiler":
        raise HtmlParseError('Tag "span" must have class "tg-spoiler"')
    if name == "tg-emoji" and not attributes.get("emoji-id"):
        raise HtmlParseError('Tag "tg-emoji" must have attribute "emoji-id"')
    if name == "code" and stack and stack[-1].name == "pre":
        language = attributes.get("class", "")
        if language.startswith("language-"):
            stack[-1].language = language.removeprefix("language-")
    stack.append(_OpenTag(name, position, attributes))
    return close + 1


def _close_tag(
    source: str, start: int, stack: list[_OpenTag], position: int, entities: list[JsonDict]
) -> int:
    close = source.find(">", start)
    if close < 0:
        raise HtmlParseError(f"Unclosed end tag at byte offset {_byte_offset(source, start)}")
    name = source[start + 2 : close].strip().lower()
    if not stack:
        raise HtmlParseError(f"Unexpected end tag at byte offset {_byte_offset(source, start)}")
    tag = stack.pop()
    if tag.name != name:
        raise HtmlParseError(
            f"Unmatched end tag at byte offset {_byte_offset(source, start)}, "
            f'expected "</{tag.name}>", found "</{name}>"'
        )
    length = position - tag.offset
    inside_pre = tag.name == "code" and stack and stack[-1].name == "pre"
    if length > 0 and not (inside_pre and stack[-1].language is not None):
        entities.append(_entity(tag, length))
    return close + 1


def _entity(tag: _OpenTag, length: int) -> JsonDict:
    entity: JsonDict = {"type": _ENTITY_TYPES[tag.name], "offset": tag.offset, "length": length}
    if tag.name == "a":
        entity["url"] = tag.attributes.get("href", "")
    elif tag.name == "pre" and tag.language:
        entity["language"] = tag.language
    elif tag.name == "tg-emoji":
        entity["custom_emoji_id"] = tag.attributes["emoji-id"]
    elif tag.name == "blockquote" and "expandable" in tag.attributes:
        entity["type"] = "expandable_blockquote"
    return entity
