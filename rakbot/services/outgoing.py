"""What an outbox renderer hands the dispatcher: a message to send or edit, or a reason to skip.

It lives below the dispatcher (`rakbot.scheduler`), so that the services rendering outbox rows
never import the layer above them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from rakbot.views.markup import Keyboard
from storage.session import AsyncSession


@dataclass(frozen=True)
class Document:
    """A file to send instead of a text message (the text becomes its caption): uploaded from
    `data`, or sent again by its Telegram `file_id` (then `data` stays empty)."""

    filename: str
    data: bytes
    file_id: str | None = None


@dataclass(frozen=True)
class Outgoing:
    """What to send for a row. With `edit_message_id` the existing message is edited instead
    (live group messages); an edit that changes nothing counts as done."""

    text: str
    chat_id: int
    #: A plain `Keyboard` (turned into Telegram markup at send time), or `None` for no buttons.
    #: Telegram markup itself still passes through unchanged.
    reply_markup: Keyboard | Any = None
    parse_mode: str | None = "HTML"
    edit_message_id: int | None = None
    #: Called with the new message's id in the transaction that records the send (e.g. a live
    #: message posted again remembers where it now is).
    on_sent: Callable[[AsyncSession, int], Awaitable[None]] | None = None
    #: Send this file with `text` as its caption (e.g. an appointment's .ics).
    document: Document | None = None


@dataclass(frozen=True)
class Skip:
    reason: str


@dataclass(frozen=True)
class RemoveFromGroup:
    """Not a message: remove a person from a group (ban, then unban, so that they may be
    invited again later). `on_done(session, outcome, refusal)` runs in a transaction after
    the attempt: outcome "removed" or "absent" (not in the group), or Telegram's refusal."""

    chat_id: int
    user_id: int
    on_done: Callable[[AsyncSession, str, str | None], Awaitable[None]]
