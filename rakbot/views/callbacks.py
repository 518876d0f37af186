"""Callback data of the ballot buttons, built and parsed in one place.

Telegram hands a button's callback data back verbatim, and anyone can send any data: every
parser here returns a typed value or None, and None is answered by the handler with the same
short refusal ("Diese Schaltfläche ist nicht mehr gültig."). Services build buttons with the
same functions, so the format exists once. Pure: no `telegram`.

    v:<ballot>:<code>     a ballot's buttons (`VoteCode`, a focus `g<i>` or a press code of
                          `rakbot.domain.ballot_press`)
    bn:<action>:<number>  a step of the new-ballot dialog; `bn:x` cancels it
    nd:<meeting>          the Niederschrift of a meeting offered under the usage hint
    ud:<kind>:<number>    documents to send: `p` a proposal's, `m` a meeting's, `d` one
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from rakbot.domain.ballot_press import parse_press

_NUMBER = re.compile(r"[0-9]{1,9}")
_FOCUS = re.compile(r"g([0-9]{1,2})")

VOTE_PREFIX = "v:"
SETUP_PREFIX = "bn:"
MINUTES_PREFIX = "nd:"
DOCUMENTS_PREFIX = "ud:"


def _number(text: str) -> int | None:
    return int(text) if _NUMBER.fullmatch(text) else None


class VoteCode(StrEnum):
    """The ballot buttons that are no vote."""

    OPEN_PRIVATE = "p"
    CLOSE = "x"
    AGREE = "k"
    OBJECT = "o"
    CONFLICT_ASK = "b"
    CONFLICT_YES = "bj"
    CONFLICT_NO = "bk"
    CONFLICT_WITHDRAW = "bw"


_VOTE_CODES = frozenset(code.value for code in VoteCode)
CONFLICT_CODES = frozenset(
    {VoteCode.CONFLICT_ASK, VoteCode.CONFLICT_YES, VoteCode.CONFLICT_NO, VoteCode.CONFLICT_WITHDRAW}
)


@dataclass(frozen=True)
class VoteButton:
    """`v:<ballot>:<code>`: exactly one of `action` (a `VoteCode`), `focus` (show option i in
    the private scoring view) and `press` (a vote code for `rakbot.domain.ballot_press`)."""

    ballot_id: int
    action: VoteCode | None = None
    focus: int | None = None
    press: str | None = None

    @property
    def code(self) -> str:
        if self.action is not None:
            return self.action.value
        if self.focus is not None:
            return f"g{self.focus}"
        return self.press or ""

    @property
    def data(self) -> str:
        return f"{VOTE_PREFIX}{self.ballot_id}:{self.code}"


def vote(ballot_id: int, code: VoteCode | str) -> str:
    """The callback data of a ballot button: a `VoteCode` or a press code."""
    return f"{VOTE_PREFIX}{ballot_id}:{code}"


def focus(ballot_id: int, index: int) -> str:
    return VoteButton(ballot_id, focus=index).data


def parse_vote(data: str | None) -> VoteButton | None:
    parts = (data or "").split(":")
    if len(parts) != 3 or parts[0] + ":" != VOTE_PREFIX:
        return None
    ballot_id, code = _number(parts[1]), parts[2]
    if ballot_id is None:
        return None
    if code in _VOTE_CODES:
        return VoteButton(ballot_id, action=VoteCode(code))
    if (match := _FOCUS.fullmatch(code)) is not None:
        return VoteButton(ballot_id, focus=int(match[1]))
    if parse_press(code) is not None:
        return VoteButton(ballot_id, press=code)
    return None


def ballot_of(data: str | None) -> int | None:
    """The ballot a button names, for any well-formed ballot button."""
    parsed = parse_vote(data)
    return None if parsed is None else parsed.ballot_id


class SetupAction(StrEnum):
    """The steps of the new-ballot dialog a button answers."""

    KIND = "k"
    PROPOSAL = "p"
    SCORE_PICK = "sp"
    SCORE_DONE = "sd"
    MAX_CHOICES = "mx"
    SECRET = "s"
    MODE = "m"
    MEETING = "mt"
    AGENDA_ITEM = "ai"
    GO = "go"


_SETUP_ACTIONS = frozenset(action.value for action in SetupAction)
SETUP_CANCEL = f"{SETUP_PREFIX}x"


@dataclass(frozen=True)
class SetupButton:
    action: SetupAction
    value: int


def setup(action: SetupAction, value: int) -> str:
    return f"{SETUP_PREFIX}{action.value}:{value}"


def parse_setup(data: str | None) -> SetupButton | None:
    """A dialog step's button; None for `bn:x` (see `SETUP_CANCEL`) and for anything forged."""
    parts = (data or "").split(":")
    if len(parts) != 3 or parts[0] + ":" != SETUP_PREFIX:
        return None
    value = _number(parts[2])
    if value is None or parts[1] not in _SETUP_ACTIONS:
        return None
    return SetupButton(SetupAction(parts[1]), value)


def meeting_minutes(meeting_id: int) -> str:
    return f"{MINUTES_PREFIX}{meeting_id}"


def parse_meeting_minutes(data: str | None) -> int | None:
    if data is None or not data.startswith(MINUTES_PREFIX):
        return None
    return _number(data.removeprefix(MINUTES_PREFIX))


class DocumentsOf(StrEnum):
    PROPOSAL = "p"
    MEETING = "m"
    DOCUMENT = "d"


@dataclass(frozen=True)
class DocumentsButton:
    kind: DocumentsOf
    number: int


def proposal_documents(proposal_id: int) -> str:
    return f"{DOCUMENTS_PREFIX}{DocumentsOf.PROPOSAL.value}:{proposal_id}"


def meeting_documents(meeting_id: int) -> str:
    return f"{DOCUMENTS_PREFIX}{DocumentsOf.MEETING.value}:{meeting_id}"


def one_document(document_id: int) -> str:
    return f"{DOCUMENTS_PREFIX}{DocumentsOf.DOCUMENT.value}:{document_id}"


def parse_documents(data: str | None) -> DocumentsButton | None:
    parts = (data or "").split(":")
    if len(parts) != 3 or parts[0] + ":" != DOCUMENTS_PREFIX:
        return None
    kinds = {kind.value: kind for kind in DocumentsOf}
    number = _number(parts[2])
    if parts[1] not in kinds or not number:
        return None
    return DocumentsButton(kinds[parts[1]], number)
