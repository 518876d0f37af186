"""What a meeting looks like to readers: its data, the answers per institution, the quorum."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from storage.models import Meeting
from storage.repositories import documents
from storage.repositories import meetings as repo
from storage.session import AsyncSession


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    PROXY = "proxy"


@dataclass(frozen=True)
class Attendance:
    """One institution's answers: who comes, whether a deputy was announced, who declined."""

    institution: str
    has_vote: bool
    coming: tuple[str, ...] = ()
    proxy: tuple[str, ...] = ()
    declined: tuple[str, ...] = ()

    @property
    def represented(self) -> bool:
        """Someone said they come, or the representative announced the deputy and no deputy
        declined (a representative's "Stellvertretung kommt" and a deputy's "Absage" cancel out)."""
        return bool(self.coming) or bool(self.proxy and not self.declined)

    @property
    def answered(self) -> bool:
        return bool(self.coming or self.proxy or self.declined)


def quorum_expected(represented: int, voting: int) -> bool:
    """More than half of the voting institutions are expected to be represented."""
    return voting > 0 and 2 * represented > voting


@dataclass(frozen=True)
class MeetingView:
    id: int
    starts_at: datetime
    ends_at: datetime | None
    place: str | None
    video_url: str | None
    agenda: tuple[str, ...]
    status: str
    sequence: int
    series_id: int | None
    chat_id: int | None
    message_id: int | None
    attendance: tuple[Attendance, ...] = ()
    others_coming: tuple[str, ...] = ()
    #: documents on its agenda items (the card then offers "Unterlagen")
    documents: int = 0

    @property
    def voting(self) -> int:
        return sum(1 for a in self.attendance if a.has_vote)

    @property
    def represented(self) -> int:
        return sum(1 for a in self.attendance if a.has_vote and a.represented)

    @property
    def quorum_expected(self) -> bool:
        return quorum_expected(self.represented, self.voting)


async def view_in(
    session: AsyncSession, meeting: Meeting, *, with_documents: bool = False
) -> MeetingView:
    """The meeting as shown; `with_documents` also counts the documents on its agenda (one
    query more: only where the card's buttons are drawn, not for every answer)."""
    answers = await repo.rsvps(session, meeting.id)
    by_institution: dict[int, dict[str, list[str]]] = {}
    others: list[str] = []
    for rsvp, member in answers:
        if member.institution_id is None:
            if rsvp.answer == Answer.YES:
                others.append(member.display_name)
            continue
        bucket = by_institution.setdefault(member.institution_id, {})
        bucket.setdefault(rsvp.answer, []).append(member.display_name)
    attendance = tuple(
        Attendance(
            institution=inst.short_name or inst.name,
            has_vote=inst.has_vote,
            coming=tuple(by_institution.get(inst.id, {}).get(Answer.YES, ())),
            proxy=tuple(by_institution.get(inst.id, {}).get(Answer.PROXY, ())),
            declined=tuple(by_institution.get(inst.id, {}).get(Answer.NO, ())),
        )
        for inst in await repo.voting_institutions(session, meeting.committee_id)
    )
    return MeetingView(
        id=meeting.id,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
        video_url=meeting.video_url,
        agenda=tuple(meeting.agenda or ()),
        status=meeting.status,
        sequence=meeting.sequence,
        series_id=meeting.series_id,
        chat_id=meeting.chat_id,
        message_id=meeting.message_id,
        attendance=attendance,
        others_coming=tuple(others),
        documents=await documents.count_of_meeting(session, meeting.id) if with_documents else 0,
    )
