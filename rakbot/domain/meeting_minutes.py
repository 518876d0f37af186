"""Pure rules behind the Niederschrift of a meeting: which meeting a ballot taken "in der
Sitzung" belongs to, under which agenda item (TOP) a ballot is listed, and who counts as present.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from rakbot.domain.dates import as_berlin, fold

#: Agenda lines and texts shorter than this (in letters and digits) never match: "TOP", "AB"
#: or "Sonstiges" must not swallow every ballot by accident.
MIN_MATCH_LENGTH = 4
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class MeetingSlot:
    """A meeting as the matching rule sees it."""

    id: int
    starts_at: datetime
    ends_at: datetime | None
    cancelled: bool = False


def meeting_for_ballot(created_at: datetime, meetings: Iterable[MeetingSlot]) -> int | None:
    """The meeting that a ballot created "in der Sitzung" at `created_at` belongs to.

    Only meetings that are not cancelled and start on the same calendar day as `created_at`
    (Europe/Berlin) qualify. Among them, in this order:
    1. the meeting running at `created_at` (started, and not past its planned end; a meeting
       without a planned end runs until the end of its day) – the latest started if several;
    2. otherwise the next one starting later that day – the earliest;
    3. otherwise the one that started last that day (a meeting running over its planned end).
    None if no meeting starts that day. Ties go to the lower meeting id.
    """
    day = as_berlin(created_at).date()
    today = sorted(
        (m for m in meetings if not m.cancelled and as_berlin(m.starts_at).date() == day),
        key=lambda m: (m.starts_at, m.id),
    )
    started = [m for m in today if m.starts_at <= created_at]
    running = [m for m in started if m.ends_at is None or created_at <= m.ends_at]
    if running:
        latest = max(m.starts_at for m in running)
        return min(m.id for m in running if m.starts_at == latest)
    upcoming = [m for m in today if m.starts_at > created_at]
    if upcoming:
        return upcoming[0].id
    if started:
        latest = started[-1].starts_at
        return min(m.id for m in started if m.starts_at == latest)
    return None


def _words(text: str) -> str:
    """The folded words of `text`, padded with spaces so that containment means whole words."""
    return " " + " ".join(_WORD.findall(fold(text))) + " "


def _matches(line: str, text: str) -> bool:
    a, b = _words(line), _words(text)
    if len(a.replace(" ", "")) < MIN_MATCH_LENGTH or len(b.replace(" ", "")) < MIN_MATCH_LENGTH:
        return False
    return a in b or b in a


def agenda_item_for(agenda: Sequence[str], texts: Iterable[str | None]) -> int | None:
    """The position (0-based) in `agenda` under which a ballot is listed, or None for
    "Weitere Beschlüsse".

    `texts` are the ballot's question and the title of its proposal. An agenda line matches a
    text when one contains the other as whole words, ignoring case, umlaut spelling (ä = ae)
    and punctuation; both must have at least `MIN_MATCH_LENGTH` letters or digits. The first
    matching agenda line wins.
    """
    candidates = [text for text in texts if text]
    for position, line in enumerate(agenda):
        if any(_matches(line, text) for text in candidates):
            return position
    return None


def group_by_agenda(
    agenda: Sequence[str], ballots: Sequence[tuple[int, Sequence[str | None]]]
) -> tuple[list[list[int]], list[int]]:
    """Ballot ids per agenda item (in the given order) and the ids that match no item."""
    per_item: list[list[int]] = [[] for _ in agenda]
    rest: list[int] = []
    for ballot_id, texts in ballots:
        position = agenda_item_for(agenda, texts)
        (rest if position is None else per_item[position]).append(ballot_id)
    return per_item, rest


RSVP_YES = "yes"
RSVP_NO = "no"
RSVP_PROXY = "proxy"


@dataclass(frozen=True)
class Present:
    """An institution counted as present, and on which basis: it voted in a ballot of the
    meeting (`voted`), or only its answer to the invitation says so ("laut Rückmeldung")."""

    institution: str
    names: tuple[str, ...]
    voted: bool
    #: a member answered "Stellvertretung kommt" (their deputy comes in their place)
    proxy: bool = False


@dataclass(frozen=True)
class Attendance:
    present: tuple[Present, ...]
    #: institutions with a vote that were not present: (name, declined in advance)
    absent: tuple[tuple[str, bool], ...]
    #: people without an institution who said they come (office, guests)
    others: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    institution_id: int | None
    name: str
    answer: str


@dataclass(frozen=True)
class Voter:
    institution_id: int
    #: None where the ballot was secret: the institution took part, the person stays unnamed
    name: str | None


@dataclass(frozen=True)
class Seat:
    institution_id: int
    name: str
    has_vote: bool = True


def attendance(
    seats: Sequence[Seat], answers: Iterable[Answer], voters: Iterable[Voter]
) -> Attendance:
    """Who was present, per institution in roster order.

    Present = voted in a ballot of the meeting, or said "Zusage" / "Stellvertretung kommt".
    Names are the voters of open ballots first, then the people who said they come, each once; a
    member who sent a deputy is not named. Institutions with a vote that are not present are
    listed as absent, marked when they declined. Institutions without a vote appear only when
    present.
    """
    answers = list(answers)
    voted: dict[int, list[str]] = {}
    for voter in voters:
        names = voted.setdefault(voter.institution_id, [])
        if voter.name is not None and voter.name not in names:
            names.append(voter.name)
    coming: dict[int, list[str]] = {}
    proxy: set[int] = set()
    declined: set[int] = set()
    others: list[str] = []
    for answer in answers:
        if answer.institution_id is None:
            if answer.answer == RSVP_YES and answer.name not in others:
                others.append(answer.name)
            continue
        if answer.answer == RSVP_YES:
            coming.setdefault(answer.institution_id, []).append(answer.name)
        elif answer.answer == RSVP_PROXY:
            proxy.add(answer.institution_id)
        elif answer.answer == RSVP_NO:
            declined.add(answer.institution_id)
    present: list[Present] = []
    absent: list[tuple[str, bool]] = []
    for seat in seats:
        sid = seat.institution_id
        if sid in voted or sid in coming or sid in proxy:
            names = list(voted.get(sid, []))
            names += [n for n in coming.get(sid, []) if n not in names]
            present.append(Present(seat.name, tuple(names), sid in voted, sid in proxy))
        elif seat.has_vote:
            absent.append((seat.name, sid in declined))
    return Attendance(tuple(present), tuple(absent), tuple(others))
