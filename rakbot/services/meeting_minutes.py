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
from rakbot.minutes_document import Approval, meeting_document, status_line
from rakbot.render.client import render
from rakbot.runtime import Runtime
from rakbot.services.ballot_minutes import counted_voters, item_of
from rakbot.services.ballots import load_facts
from storage.models import Committee, Meeting, MinutesApproval
from storage.repositories import audit, ballots, documents, entities, meetings, members
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
    #: None while the minutes are a draft
    approval: Approval | None = None


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
        approval = await _approval(session, meeting.id)
        document = meeting_document(
            t,
            minutes,
            minute_taker=taker.display_name if taker else t("Regionale Koordination"),
            roles=await _roles(session, committee_id, t),
            approval=approval,
        )
        audit.record(
            session,
            committee_id=committee_id,
            actor_member_id=actor_member_id,
            action="minutes.produced",
            subject=f"meeting:{meeting.id}",
            ballots=ballot_ids,
        )
        text = render_meeting(t, minutes, status=status_line(t, approval))
        return Produced(meeting.id, meeting.starts_at, text, document, approval)

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


async def _approval(session: AsyncSession, meeting_id: int) -> Approval | None:
    found = await documents.approval_of(session, meeting_id)
    if found is None:
        return None
    return Approval(meeting_number=found.approving_meeting_id, at=found.approved_on)


class ApprovalRefusal(StrEnum):
    UNKNOWN = "unknown"
    NOT_HELD = "not_held"
    NO_LATER = "no_later"
    APPROVING_UNKNOWN = "approving_unknown"
    NOT_LATER = "not_later"
    APPROVING_NOT_HELD = "approving_not_held"


@dataclass(frozen=True)
class ApprovalRefused:
    reason: ApprovalRefusal
    meeting_id: int
    approving_meeting_id: int | None = None


@dataclass(frozen=True)
class Approved:
    meeting_id: int
    approval: Approval
    #: approved before this request (the stored approval is reported, nothing changed)
    already: bool = False


async def _approving_meeting(
    session: AsyncSession, meeting: Meeting, approving_id: int | None, now: datetime
) -> Meeting | ApprovalRefusal:
    """The later meeting that approves `meeting`'s minutes: the one named, or the latest held
    since. It must have begun (minutes are approved in a meeting, not before it)."""
    if approving_id is None:
        latest = await meetings.held_before(session, meeting.committee_id, now, inclusive=True)
        if latest is None or latest.starts_at <= meeting.starts_at:
            return ApprovalRefusal.NO_LATER
        return latest
    approving = await meetings.get(session, meeting.committee_id, approving_id)
    if approving is None or approving.status == "cancelled":
        return ApprovalRefusal.APPROVING_UNKNOWN
    if approving.starts_at <= meeting.starts_at:
        return ApprovalRefusal.NOT_LATER
    if approving.starts_at > now:
        return ApprovalRefusal.APPROVING_NOT_HELD
    return approving


async def approve(
    runtime: Runtime,
    committee_id: int,
    meeting_id: int,
    approving_id: int | None,
    actor_member_id: int | None,
) -> Approved | ApprovalRefused:
    """Record that the minutes of `meeting_id` were approved at the later meeting
    `approving_id` (None: the latest held since); from then on every file of the minutes says
    so. Approving twice changes nothing and reports the first approval."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> Approved | ApprovalRefused:
        meeting = await meetings.get_for_update(session, committee_id, meeting_id)
        if meeting is None:
            return ApprovalRefused(ApprovalRefusal.UNKNOWN, meeting_id)
        if meeting.status == "cancelled" or meeting.starts_at > now:
            return ApprovalRefused(ApprovalRefusal.NOT_HELD, meeting_id)
        stored = await _approval(session, meeting.id)
        if stored is not None:
            return Approved(meeting.id, stored, already=True)
        approving = await _approving_meeting(session, meeting, approving_id, now)
        if isinstance(approving, ApprovalRefusal):
            return ApprovalRefused(approving, meeting_id, approving_id)
        await entities.insert(
            session,
            MinutesApproval(
                committee_id=committee_id,
                meeting_id=meeting.id,
                approving_meeting_id=approving.id,
                approved_on=approving.starts_at,
                recorded_by_member_id=actor_member_id,
                recorded_at=now,
            ),
        )
        audit.record(
            session,
            committee_id=committee_id,
            actor_member_id=actor_member_id,
            action="minutes.approved",
            subject=f"meeting:{meeting.id}",
            approving_meeting=approving.id,
            approved_on=approving.starts_at.isoformat(),
        )
        return Approved(meeting.id, Approval(approving.id, approving.starts_at))

    return await runtime.db.run(work)
