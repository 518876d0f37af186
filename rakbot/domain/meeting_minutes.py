"""Pure rules behind the Niederschrift of a meeting: under which agenda item (TOP) a ballot is
listed, and who counts as present."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


def group_by_agenda(
    agenda_length: int, ballots: Sequence[tuple[int, int | None]]
) -> tuple[list[list[int]], list[int]]:
    """Ballot ids per agenda item (in the given order) and the ids linked to no item.

    `ballots` pairs each ballot id with the agenda item (0-based) the office linked it to when
    creating it (`Ballot.agenda_item`); no text of the ballot is matched against the agenda. An
    item number the agenda no longer has (it was shortened later) counts as no item.
    """
    per_item: list[list[int]] = [[] for _ in range(agenda_length)]
    rest: list[int] = []
    for ballot_id, item in ballots:
        if item is not None and 0 <= item < agenda_length:
            per_item[item].append(ballot_id)
        else:
            rest.append(ballot_id)
    return per_item, rest


def follow_agenda_edit(old: Sequence[str], new: Sequence[str], item: int | None) -> int | None:
    """The agenda item a ballot is linked to after the office replaced the agenda.

    The link follows the item, not its position: the same text (the same occurrence of it, when
    a text stands more than once) is found in the new agenda wherever it moved. An item whose
    text changed keeps its position only when the agenda kept its length (the wording was edited
    in place); otherwise the link is dropped, and the ballot is listed apart in the minutes
    rather than under an item it does not belong to.
    """
    if item is None or not 0 <= item < len(old):
        return None
    text = old[item]
    occurrence = sum(1 for earlier in old[:item] if earlier == text)
    places = [index for index, candidate in enumerate(new) if candidate == text]
    if occurrence < len(places):
        return places[occurrence]
    if len(new) == len(old) and text not in new:
        return item
    return None


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
    voted = _voters_by_institution(voters)
    rsvp = _Answers.of(answers)
    coming, proxy, declined = rsvp.coming, rsvp.proxy, rsvp.declined
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
    return Attendance(tuple(present), tuple(absent), tuple(rsvp.others))


def _voters_by_institution(voters: Iterable[Voter]) -> dict[int, list[str]]:
    """The names of the voters per institution, each once, in order."""
    voted: dict[int, list[str]] = {}
    for voter in voters:
        names = voted.setdefault(voter.institution_id, [])
        if voter.name is not None and voter.name not in names:
            names.append(voter.name)
    return voted


@dataclass
class _Answers:
    """The RSVP answers sorted by what they say: who comes per institution, which
    institutions send their deputy or declined, and the people of no institution who come."""

    coming: dict[int, list[str]] = field(default_factory=dict)
    proxy: set[int] = field(default_factory=set)
    declined: set[int] = field(default_factory=set)
    others: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, answers: Iterable[Answer]) -> _Answers:
        sorted_ = cls()
        for answer in answers:
            sorted_.add(answer)
        return sorted_

    def add(self, answer: Answer) -> None:
        institution = answer.institution_id
        if institution is None:
            if answer.answer == RSVP_YES and answer.name not in self.others:
                self.others.append(answer.name)
        elif answer.answer == RSVP_YES:
            self.coming.setdefault(institution, []).append(answer.name)
        elif answer.answer == RSVP_PROXY:
            self.proxy.add(institution)
        elif answer.answer == RSVP_NO:
            self.declined.add(institution)
