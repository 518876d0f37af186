"""The Niederschrift of a whole meeting: place and date, chair, members present per institution,
the agenda items (TOP) with the ballots taken under them, further decisions, and the written
procedures concluded since the previous meeting. Always in the group language (German)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from rakbot.domain.meeting_minutes import (
    Answer,
    Seat,
    Voter,
    attendance,
    group_by_agenda,
)
from rakbot.i18n import GROUP_LANGUAGE, N_, Translator, translator
from rakbot.minutes import MeetingMinutes, Topic, render_meeting
from rakbot.minutes_document import meeting_document
from rakbot.render.client import render
from rakbot.runtime import Runtime
from rakbot.services.ballot_minutes import counted_voters, item_of
from rakbot.services.ballots import load_facts
from storage.models import Committee, Meeting
from storage.repositories import audit, ballots, entities, meetings, members
from storage.session import AsyncSession

ROLE_LABELS = {
    "representative": N_("Vertretung"),
    "deputy": N_("Stellvertretung"),
    "guest": N_("Gast"),
    "coordinator": N_("Regionale Koordination"),
}


class Refusal(StrEnum):
    UNKNOWN = "unknown"
    NOT_YET = "not_yet"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Produced:
    meeting_id: int
    starts_at: datetime
    #: the Markdown record
    text: str
    #: the same record arranged for PDF and DOCX (`rakbot.minutes_document`)
    document: dict[str, Any]


@dataclass(frozen=True)
class Refused:
    reason: Refusal
    meeting_id: int


async def minutes_files(produced: Produced) -> tuple[bytes, bytes]:
    """The minutes as PDF and as DOCX, drawn in the render worker side by side."""
    pdf, docx = await asyncio.gather(
        render("minutes_pdf", produced.document), render("minutes_docx", produced.document)
    )
    return pdf, docx


async def latest_held(runtime: Runtime, committee_id: int) -> tuple[int, datetime] | None:
    """The latest meeting that has started and was not cancelled: (number, start)."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> tuple[int, datetime] | None:
        meeting = await meetings.held_before(session, committee_id, now, inclusive=True)
        return None if meeting is None else (meeting.id, meeting.starts_at)

    return await runtime.db.run(work)


async def meeting_minutes(
    runtime: Runtime, committee_id: int, meeting_id: int, actor_member_id: int | None
) -> Produced | Refused:
    """The Niederschrift of meeting `meeting_id` as Markdown; producing it is audited.
    Refused for a meeting of another committee or none, a cancelled one, or one that has not
    started yet."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> Produced | Refused:
        meeting = await meetings.get(session, committee_id, meeting_id)
        if meeting is None:
            return Refused(Refusal.UNKNOWN, meeting_id)
        if meeting.status == "cancelled":
            return Refused(Refusal.CANCELLED, meeting_id)
        if meeting.starts_at > now:
            return Refused(Refusal.NOT_YET, meeting_id)
        minutes, ballot_ids = await _build(session, meeting)
        t = translator(GROUP_LANGUAGE)
        taker = await members.member_in(session, committee_id, actor_member_id or 0)
        document = meeting_document(
            t,
            minutes,
            minute_taker=taker.display_name if taker else t("Regionale Koordination"),
            roles=await _roles(session, committee_id, t),
            approval=None,
        )
        audit.record(
            session,
            committee_id=committee_id,
            actor_member_id=actor_member_id,
            action="minutes.produced",
            subject=f"meeting:{meeting.id}",
            ballots=ballot_ids,
        )
        return Produced(meeting.id, meeting.starts_at, render_meeting(t, minutes), document)

    return await runtime.db.run(work)


async def attendance_of(session: AsyncSession, meeting: Meeting) -> list[str]:
    """The institutions present at `meeting`, by the rule of the minutes."""
    minutes, _ids = await _build(session, meeting)
    return [row.institution for row in minutes.attendance.present]


async def _roles(session: AsyncSession, committee_id: int, t: Translator) -> dict[str, str]:
    """The role of each member by display name, for the list of those present."""
    return {
        member.display_name: t(ROLE_LABELS[member.role])
        for member in await members.all_members(session, committee_id)
        if member.role in ROLE_LABELS
    }


async def _build(session: AsyncSession, meeting: Meeting) -> tuple[MeetingMinutes, list[int]]:
    t = translator(GROUP_LANGUAGE)
    committee = await entities.by_id_or_fail(session, Committee, meeting.committee_id)
    taken = await ballots.of_meeting(session, committee.id, meeting.id)
    previous = await meetings.held_before(session, committee.id, meeting.starts_at)
    written = await ballots.written_closed_between(
        session, committee.id, previous.starts_at if previous else None, meeting.starts_at
    )
    institutions = await ballots.institutions(session, committee.id)
    voters: list[Voter] = []
    for ballot in taken:
        counted = counted_voters(await load_facts(session, ballot), None)
        voters += [
            Voter(institution_id, None if ballot.secret else names[0])
            for institution_id, names in counted.items()
        ]
    answers = [
        Answer(member.institution_id, member.display_name, rsvp.answer)
        for rsvp, member in await meetings.rsvps(session, meeting.id)
    ]
    agenda = [str(line) for line in meeting.agenda or ()]
    per_item, rest = group_by_agenda(len(agenda), [(b.id, b.agenda_item) for b in taken])
    items = {b.id: await item_of(session, t, b) for b in taken}
    place = meeting.place or (
        t("Videokonferenz ({url})", url=meeting.video_url) if meeting.video_url else "–"
    )
    minutes = MeetingMinutes(
        committee=committee.name,
        number=meeting.id,
        place=place,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        chair=meeting.chair or t("Regionale Koordination"),
        attendance=attendance(
            [Seat(i.id, i.name, i.has_vote) for i in institutions], answers, voters
        ),
        topics=[
            Topic(line, [items[i] for i in ids]) for line, ids in zip(agenda, per_item, strict=True)
        ],
        further=[items[i] for i in rest],
        written=[await item_of(session, t, b) for b in written],
        previous_at=previous.starts_at if previous else None,
    )
    return minutes, [b.id for b in taken] + [b.id for b in written]
