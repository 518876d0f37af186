"""Documents on proposals and agenda items: which files the office may attach, and the
`/anhang` request that names where a file goes.

The file stays on Telegram; the bot keeps its identifiers and sends it again by `file_id`.
Sending by `file_id` has no size limit, but a `file_id` belongs to this bot alone: when the
committee moves to another bot (a new token) or the office wants its files archived, the bot
has to download them itself, and the Bot API lets bots download (`getFile`) only files up to
20 MB. So the rule is the download limit, not the sending one: a document the bot accepts can
always be fetched again. An empty file (0 bytes) is refused as well: Telegram refuses to send
one, and it carries nothing for the members.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from rakbot.domain.text_input import clean_line

#: what bots may download through `getFile` (Bot API: "bots can download files of up to 20MB")
MAX_FILE_BYTES = 20 * 1024 * 1024
#: the stored name and MIME type (the columns of `storage.models.Document`)
NAME_MAX = 255
MIME_MAX = 100


class FileProblem(StrEnum):
    TOO_BIG = "too_big"
    EMPTY = "empty"


def check_size(size: int) -> FileProblem | None:
    if size <= 0:
        return FileProblem.EMPTY
    if size > MAX_FILE_BYTES:
        return FileProblem.TOO_BIG
    return None


def file_name(raw: str | None, fallback: str) -> str:
    """The name to show and store: invisible characters dropped, one line, at most 255
    characters with the extension kept; `fallback` when the sender gave none."""
    name = clean_line(raw or "").strip() or fallback
    if len(name) <= NAME_MAX:
        return name
    stem, dot, extension = name.rpartition(".")
    if dot and 0 < len(extension) <= 10:
        return stem[: NAME_MAX - len(extension) - 2] + "…." + extension
    return name[: NAME_MAX - 1] + "…"


def mime_type(raw: str | None) -> str | None:
    value = (raw or "").strip()
    return value[:MIME_MAX] if value else None


def format_size(size: int, lang: str = "de") -> str:
    """`812 B`, `45,3 KB`, `2,1 MB` (German decimal comma; English with a point)."""
    if size < 1024:
        return f"{size} B"
    value, unit = (size / 1024, "KB") if size < 1024 * 1024 else (size / 1024 / 1024, "MB")
    text = f"{value:.1f}"
    return f"{text.replace('.', ',') if lang.startswith('de') else text} {unit}"


class Action(StrEnum):
    ATTACH = "attach"
    REPLACE = "replace"
    REMOVE = "remove"


@dataclass(frozen=True)
class Target:
    """Where a document belongs: a proposal, or agenda item `item` (0-based) of a meeting."""

    proposal_id: int | None = None
    meeting_id: int | None = None
    item: int | None = None

    @property
    def is_proposal(self) -> bool:
        return self.proposal_id is not None


@dataclass(frozen=True)
class Request:
    """A parsed `/anhang`: attach to `target`, or replace / remove document `document_id`."""

    action: Action
    target: Target | None = None
    document_id: int | None = None


_NUMBER = re.compile(r"[0-9]{1,9}")
PROPOSAL_WORDS = frozenset({"antrag", "proposal"})
MEETING_WORDS = frozenset({"sitzung", "meeting"})
ITEM_WORDS = frozenset({"top", "item"})
REPLACE_WORDS = frozenset({"ersetzen", "replace"})
REMOVE_WORDS = frozenset({"entfernen", "löschen", "remove"})


def _number(word: str) -> int | None:
    return int(word) if _NUMBER.fullmatch(word) else None


def _target(words: list[str]) -> Target | None:
    """`3`, `antrag 3`, `sitzung 2 top 1`."""
    if words and words[0] in PROPOSAL_WORDS:
        words = words[1:]
    if len(words) == 1:
        number = _number(words[0])
        return Target(proposal_id=number) if number else None
    if len(words) == 4 and words[0] in MEETING_WORDS and words[2] in ITEM_WORDS:
        meeting, item = _number(words[1]), _number(words[3])
        if meeting and item:
            return Target(meeting_id=meeting, item=item - 1)
    return None


def parse_request(args: list[str]) -> Request | None:
    """The words after `/anhang`; None when they fit no form (the handler shows how it goes)."""
    words = [arg.casefold() for arg in args]
    if len(words) == 2 and words[0] in REPLACE_WORDS | REMOVE_WORDS:
        number = _number(words[1].removeprefix("d"))
        if not number:
            return None
        action = Action.REPLACE if words[0] in REPLACE_WORDS else Action.REMOVE
        return Request(action, document_id=number)
    target = _target(words)
    return None if target is None else Request(Action.ATTACH, target=target)


def parse_listing(args: list[str]) -> Target | None:
    """The words after `/unterlagen`: `3` or `antrag 3` (a proposal), `sitzung 2` (every agenda
    item of a meeting), `sitzung 2 top 1`."""
    words = [arg.casefold() for arg in args]
    if len(words) == 2 and words[0] in MEETING_WORDS:
        number = _number(words[1])
        return Target(meeting_id=number) if number else None
    return _target(words)
