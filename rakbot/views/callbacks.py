"""Callback data of every button the bot makes, built and parsed in one place.

Telegram hands a button's callback data back verbatim, and anyone can send any data: every
parser here returns a typed value or None, and None is answered by the handler with the same
short refusal ("Diese Schaltfläche ist nicht mehr gültig."). Services build buttons with the
same functions, so the format exists once. Pure: no `telegram`.

    v:<ballot>:<code>     a ballot's buttons (`VoteCode`, a focus `g<i>` or a press code of
                          `rakbot.domain.ballot_press`)
    bn:<action>:<number>  a step of the new-ballot dialog; `bn:x` cancels it
    nd:<meeting>          the Niederschrift of a meeting offered under the usage hint

Every other prefix has a `Codec` of named forms (at the end of this module): meetings `ms:`
`mr:` `mi:` `mm:` `mx:` `kal:` `ein:`, roster `mg:` `me:` `is:` `inv:` `join:`, proposals `pa:`
`pd:`, documents `ud:`, rounds `wr:` `wo:`, the public `fb:` `faq:` `ds:` `ta:` `dl:`,
appointment requests `ak:` `az:`.
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
    MAJORITY = "mj"
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


# ----- every other button: one codec per prefix -------------------------------------------------

#: `{id}`: a row id (1 to 999,999,999, within every id column); `{n}`: any number of up to
#: nine digits (0 for "none", a time in minutes); `{w}`: a short word (a code, a slug)
_PLACEHOLDERS = {
    "{id}": re.compile(r"[1-9][0-9]{0,8}"),
    "{n}": re.compile(r"[0-9]{1,9}"),
    "{w}": re.compile(r"[A-Za-z0-9_-]{1,60}"),
}
_NUMBERS = frozenset({"{id}", "{n}"})
#: Telegram's limit for a button's callback data, in bytes
DATA_LIMIT = 64


@dataclass(frozen=True)
class Pressed:
    """A parsed button: the `form` it matched and its placeholders' values in order (numbers
    as `int`, words as `str`)."""

    form: str
    values: tuple[int | str, ...] = ()

    def number(self, index: int = 0) -> int:
        value = self.values[index]
        assert isinstance(value, int)
        return value

    def word(self, index: int = 0) -> str:
        return str(self.values[index])


class Codec:
    """The callback data of one prefix: `<prefix>:<form>`, where each named form is a template
    of `:`-separated parts, each a literal word, `{id}`, `{n}` or `{w}`; e.g.
    `Codec("mg", show="s:{id}", set_role="r:{id}:{w}")` builds `mg:r:5:rep` with
    `data("set_role", 5, "rep")` and parses it back to `Pressed("set_role", (5, "rep"))`.
    Forms are tried in the order given; data that fits none parses to None."""

    def __init__(self, prefix: str, **forms: str) -> None:
        self.prefix = prefix
        self.forms = {name: tuple(template.split(":")) for name, template in forms.items()}

    @property
    def pattern(self) -> str:
        """The handler's pattern for this prefix."""
        return f"^{self.prefix}:"

    def data(self, form: str, *values: int | str) -> str:
        """The callback data of `form` with `values`; ValueError if they do not fit."""
        pending = list(values)
        parts = [self.prefix]
        for part in self.forms[form]:
            pattern = _PLACEHOLDERS.get(part)
            parts.append(part if pattern is None else str(pending.pop(0)))
            if pattern is not None and not pattern.fullmatch(parts[-1]):
                raise ValueError(f"{parts[-1]!r} does not fit {part} of {self.prefix}:{form}")
        data = ":".join(parts)
        if pending or len(data.encode()) > DATA_LIMIT:
            raise ValueError(f"callback data of {self.prefix}:{form} does not fit")
        return data

    def parse(self, data: str | None) -> Pressed | None:
        head, _, rest = (data or "").partition(":")
        if head != self.prefix:
            return None
        parts = rest.split(":")
        for name, template in self.forms.items():
            values = _match(template, parts)
            if values is not None:
                return Pressed(name, values)
        return None


def _match(template: tuple[str, ...], parts: list[str]) -> tuple[int | str, ...] | None:
    if len(template) != len(parts):
        return None
    values: list[int | str] = []
    for expected, part in zip(template, parts, strict=True):
        pattern = _PLACEHOLDERS.get(expected)
        if pattern is None and part != expected:
            return None
        if pattern is not None and not pattern.fullmatch(part):
            return None
        if pattern is not None:
            values.append(int(part) if expected in _NUMBERS else part)
    return tuple(values)


# public
FUNDING_AREA = Codec("fb", all="all", area="{w}")
FAQ = Codec("faq", entry="{w}")
PRIVACY = Codec("ds", show="show")
APPOINTMENT = Codec("ta", begin="begin", send="send", cancel="cancel")
#: the office's card of a request; `send`/`change` under a typed date before it goes out
APPOINTMENT_OFFICE = Codec(
    "ak", reply="r:{id}", propose="p:{id}", done="d:{id}", send="ok", change="no"
)
#: the applicant's answer to a proposed date: request, proposal number
APPOINTMENT_ANSWER = Codec("az", accept="{id}:{n}:y", decline="{id}:{n}:n")
ERASE = Codec("dl", yes="ja", no="nein")
JOIN = Codec("join", skip="skip", ok="ok", no="no")
# meetings
MEETING_DIALOG = Codec("ms", dok="dok", dno="dno", save="save", cancel="cancel")
MEETING_ANSWER = Codec("mr", answer="{id}:{w}")
MEETING_FILE = Codec("mi", meeting="{id}")
MEETING_MOVE = Codec("mm", no="no", yes="{id}:{n}")
MEETING_CANCEL = Codec("mx", no="no", yes="{id}")
CALENDAR_FEED = Codec("kal", neu="neu", aus="aus")
REMINDER_CHOICE = Codec("ein", meeting="m:{n}", ballots="b", done="ok")
# roster and invitations
MEMBER = Codec(
    "mg",
    show="s:{id}",
    role="r:{id}",
    set_role="r:{id}:{w}",
    institution="i:{id}",
    set_institution="i:{id}:{id}",
    coordinator="k:{id}",
    deactivate="d:{id}",
    deactivate_yes="d:{id}:ja",
)
MEMBER_DETAILS = Codec("me", n="n:{id}", t="t:{id}")
INSTITUTION = Codec("is", vote="v:{id}")
INVITE = Codec("inv", role="r:{w}", institution="i:{w}:{n}", revoke="x:{id}")
# proposals and competition rounds
PROPOSAL_DIALOG = Codec("pa", area="a:{w}", institution="i:{n}", save="save", cancel="cancel")
PROPOSAL = Codec("pd", show="{id}")
#: documents to send: a proposal's, a meeting's, or one
DOCUMENTS = Codec("ud", proposal="p:{id}", meeting="m:{id}", document="d:{id}")
ROUND_DIALOG = Codec("wr", save="save", cancel="cancel")
ROUND_OPEN = Codec("wo", no="no", yes="{w}:{id}:{n}")


class DocumentsOf(StrEnum):
    PROPOSAL = "proposal"
    MEETING = "meeting"
    DOCUMENT = "document"


@dataclass(frozen=True)
class DocumentsButton:
    kind: DocumentsOf
    number: int


def proposal_documents(proposal_id: int) -> str:
    return DOCUMENTS.data(DocumentsOf.PROPOSAL, proposal_id)


def meeting_documents(meeting_id: int) -> str:
    return DOCUMENTS.data(DocumentsOf.MEETING, meeting_id)


def one_document(document_id: int) -> str:
    return DOCUMENTS.data(DocumentsOf.DOCUMENT, document_id)


def parse_documents(data: str | None) -> DocumentsButton | None:
    pressed = DOCUMENTS.parse(data)
    return None if pressed is None else DocumentsButton(DocumentsOf(pressed.form), pressed.number())
