"""Meetings of the committee: plan (single or series), answer, move, edit, cancel, list.

Every change is one unit of work that also re-plans the reminders and queues the private notices
to everyone who confirmed, so the outbox delivers them exactly once after the commit.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from rakbot import ics
from rakbot.domain.dates import format_short, to_utc
from rakbot.domain.meeting_minutes import follow_agenda_edit
from rakbot.domain.meeting_rules import PLANNED, is_open, is_past
from rakbot.domain.recurrence import Recurrence, occurrences, parse_recurrence
from rakbot.domain.roles import Role
from rakbot.i18n import GROUP_LANGUAGE, translator
from rakbot.runtime import Runtime
from rakbot.services import agenda_links, meeting_card, meeting_reminders
from rakbot.services import ballots as ballot_service
from rakbot.services.meeting_texts import change_notice
from rakbot.services.meeting_views import Answer, MeetingView, view_in
from storage.models import Committee, Meeting, MeetingSeries, Member, Rsvp
from storage.repositories import audit, entities, outbox
from storage.repositories import ballots as ballot_repo
from storage.repositories import meetings as repo
from storage.repositories import members as member_repo
from storage.session import AsyncSession

CANCELLED = "cancelled"
SERIES_HORIZON = timedelta(days=366)
MAX_SERIES = 12
MAX_ANNOUNCE = 24


@dataclass(frozen=True)
class MeetingDraft:
    starts_at: datetime
    ends_at: datetime | None = None
    place: str | None = None
    video_url: str | None = None
    agenda: tuple[str, ...] = ()
    recurrence: str | None = None


@dataclass(frozen=True)
class Created:
    meetings: tuple[MeetingView, ...]
    group_chat_id: int | None


def meeting_starts(draft: MeetingDraft) -> list[datetime]:
    """The first meeting plus the series' further dates within a year (at most 12)."""
    if draft.recurrence is None:
        return [draft.starts_at]
    rec = parse_recurrence(draft.recurrence, draft.starts_at)
    found = occurrences(
        rec, draft.starts_at, until=draft.starts_at + SERIES_HORIZON, count=MAX_SERIES
    )
    moments = {to_utc(draft.starts_at), *(to_utc(m) for m in found)}
    return sorted(moments)[:MAX_SERIES]


async def create(
    runtime: Runtime, committee_id: int, draft: MeetingDraft, *, actor_member_id: int | None
) -> Created:
    """Store the meeting (or every meeting of the series) and plan their reminders."""
    now = runtime.clock.now()
    starts = meeting_starts(draft)

    async def work(session: AsyncSession) -> Created:
        committee = await entities.by_id_or_fail(session, Committee, committee_id)
        series_id = None
        if draft.recurrence is not None:
            series_id = await _new_series(session, committee.id, draft)
        duration = None if draft.ends_at is None else draft.ends_at - draft.starts_at
        views = []
        for start in starts:
            meeting = Meeting(
                committee_id=committee.id,
                series_id=series_id,
                starts_at=start,
                ends_at=None if duration is None else start + duration,
                place=draft.place,
                video_url=draft.video_url,
                agenda=list(draft.agenda),
                status=PLANNED,
                chat_id=committee.chat_id,
                sequence=0,
                created_by_member_id=actor_member_id,
                created_at=now,
                updated_at=now,
            )
            await entities.insert(session, meeting)
            await meeting_reminders.plan(session, meeting, committee, now)
            audit.record(
                session,
                committee_id=committee.id,
                actor_member_id=actor_member_id,
                action="meeting.created",
                subject=f"meeting:{meeting.id}",
            )
            views.append(await view_in(session, meeting))
        return Created(tuple(views), committee.chat_id)

    return await runtime.db.run(work)


async def _new_series(session: AsyncSession, committee_id: int, draft: MeetingDraft) -> int:
    rec: Recurrence = parse_recurrence(draft.recurrence or "", draft.starts_at)
    series = MeetingSeries(
        committee_id=committee_id,
        rrule=rec.rule,
        rdates=[to_utc(moment).isoformat() for moment in rec.dates],
        dtstart=draft.starts_at,
        exdates=[],
    )
    await entities.insert(session, series)
    return series.id


async def attach_message(
    runtime: Runtime, meeting_id: int, chat_id: int, message_id: int, digest: str
) -> None:
    """Remember the group announcement (and what it shows) so answers and changes can update it."""

    async def work(session: AsyncSession) -> None:
        meeting = await entities.by_id(session, Meeting, meeting_id)
        if meeting is not None:
            meeting.chat_id, meeting.message_id = chat_id, message_id
            meeting.card_digest = digest

    await runtime.db.run(work)


async def view(runtime: Runtime, committee_id: int, meeting_id: int) -> MeetingView | None:
    async def work(session: AsyncSession) -> MeetingView | None:
        meeting = await repo.get(session, committee_id, meeting_id)
        return None if meeting is None else await view_in(session, meeting)

    return await runtime.db.run(work)


async def listing(runtime: Runtime, committee_id: int, *, past: bool = False) -> list[MeetingView]:
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> list[MeetingView]:
        if past:
            found = await repo.past(session, committee_id, now)
        else:
            found = await repo.upcoming(session, committee_id, now, running=True)
        return [await view_in(session, m) for m in found]

    return await runtime.db.run(work)


async def next_meeting(runtime: Runtime, committee_id: int) -> MeetingView | None:
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> MeetingView | None:
        found = await repo.upcoming(session, committee_id, now, limit=1, running=True)
        return await view_in(session, found[0], with_documents=True) if found else None

    return await runtime.db.run(work)


class AnswerOutcome(StrEnum):
    SAVED = "saved"
    UNCHANGED = "unchanged"
    NOT_MEMBER = "not_member"
    CLOSED = "closed"
    UNKNOWN = "unknown"
    #: "Stellvertretung kommt" is the representative's answer: their deputy comes in their place
    NO_PROXY = "no_proxy"


@dataclass(frozen=True)
class AnswerResult:
    outcome: AnswerOutcome
    meeting: MeetingView | None = None


async def answer(
    runtime: Runtime, committee_id: int, meeting_id: int, member_id: int | None, choice: Answer
) -> AnswerResult:
    """Record (or change) a person's answer; possible until the meeting starts."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> AnswerResult:
        if member_id is None:
            return AnswerResult(AnswerOutcome.NOT_MEMBER)
        meeting = await repo.get_for_update(session, committee_id, meeting_id)
        if meeting is None:
            return AnswerResult(AnswerOutcome.UNKNOWN)
        if meeting.status != PLANNED or meeting.starts_at <= now:
            return AnswerResult(AnswerOutcome.CLOSED, await view_in(session, meeting))
        if choice is Answer.PROXY:
            member = await entities.by_id(session, Member, member_id)
            if member is None or member.role != Role.REPRESENTATIVE:
                return AnswerResult(AnswerOutcome.NO_PROXY, await view_in(session, meeting))
        rsvp = await repo.rsvp_of(session, meeting.id, member_id)
        if rsvp is not None and rsvp.answer == choice:
            return AnswerResult(AnswerOutcome.UNCHANGED, await view_in(session, meeting))
        if rsvp is None:
            entities.add(
                session,
                Rsvp(meeting_id=meeting.id, member_id=member_id, answer=choice, answered_at=now),
            )
        else:
            rsvp.answer, rsvp.answered_at = choice, now
        audit.record(
            session,
            committee_id=meeting.committee_id,
            actor_member_id=member_id,
            action="meeting.answered",
            subject=f"meeting:{meeting.id}",
            answer=choice.value,
        )
        await entities.write_pending(session)
        await meeting_card.schedule_edit(session, meeting, now)
        if choice is Answer.NO:
            await _tell_representative(session, meeting, member_id, now)
        return AnswerResult(AnswerOutcome.SAVED, await view_in(session, meeting))

    return await runtime.db.run(work)


async def _tell_representative(
    session: AsyncSession, meeting: Meeting, member_id: int, now: datetime
) -> None:
    """A deputy declined a meeting for which the representative said "Stellvertretung kommt":
    the representative hears it at once (nobody comes for the institution now)."""
    deputy = await entities.by_id(session, Member, member_id)
    if deputy is None or deputy.role != Role.DEPUTY or deputy.institution_id is None:
        return
    representative = await member_repo.seat_holder(session, deputy.institution_id)
    if representative is None or representative.telegram_user_id is None:
        return
    said = await repo.rsvp_of(session, meeting.id, representative.id)
    if said is None or said.answer != Answer.PROXY:
        return
    t = translator(representative.language)
    text = t(
        "⚠️ Ihre Stellvertretung {name} hat für die Sitzung am {when} abgesagt; Ihre "
        "Institution ist damit nicht vertreten. Kommen Sie selbst? Antworten Sie mit "
        "/naechste_sitzung (Zusage oder Absage).",
        name=html.escape(deputy.display_name),
        when=format_short(meeting.starts_at, t.lang),
    )
    await outbox.enqueue(
        session,
        dedup_key=f"proxy_declined:{meeting.id}:{deputy.id}:{now.isoformat()}",
        kind="notice",
        due_at=now,
        chat_id=representative.telegram_user_id,
        payload={"text": text},
        committee_id=meeting.committee_id,
        meeting_id=meeting.id,
    )


class ChangeOutcome(StrEnum):
    DONE = "done"
    UNCHANGED = "unchanged"
    UNKNOWN = "unknown"
    CLOSED = "closed"
    PAST = "past"


@dataclass(frozen=True)
class ChangeResult:
    outcome: ChangeOutcome
    meeting: MeetingView | None = None
    notified: int = 0
    #: a move or cancellation is also posted in the group (editing the card notifies nobody)
    group_told: bool = False


@dataclass(frozen=True)
class Change:
    """What a coordinator changes; None fields stay as they are."""

    starts_at: datetime | None = None
    place: str | None = None
    agenda: tuple[str, ...] | None = None
    cancel: bool = False
    #: with `agenda`: what each item concerns (the Mini App); None lets links follow their item
    links: tuple[agenda_links.ItemLinks, ...] | None = None


async def change(
    runtime: Runtime,
    committee_id: int,
    meeting_id: int,
    what: Change,
    *,
    actor_member_id: int | None,
) -> ChangeResult:
    """Move, edit or cancel one meeting (for a series: this occurrence becomes an exception)."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> ChangeResult:
        meeting = await repo.get_for_update(session, committee_id, meeting_id)
        if meeting is None:
            return ChangeResult(ChangeOutcome.UNKNOWN)
        if not is_open(meeting.status, meeting.starts_at, now):
            return ChangeResult(ChangeOutcome.CLOSED, await view_in(session, meeting))
        if what.starts_at is not None and is_past(what.starts_at, now):
            return ChangeResult(ChangeOutcome.PAST, await view_in(session, meeting))
        moved_to = what.starts_at
        same_time = moved_to is not None and to_utc(moved_to) == to_utc(meeting.starts_at)
        if same_time and what == Change(starts_at=moved_to):
            return ChangeResult(ChangeOutcome.UNCHANGED, await view_in(session, meeting))
        committee = await entities.by_id_or_fail(session, Committee, meeting.committee_id)
        old_start = meeting.starts_at
        old_agenda = list(meeting.agenda or ())
        action = _apply(meeting, what)
        if what.agenda is not None:
            await _follow_agenda(session, meeting, old_agenda, now, what.links)
        if meeting.series_id is not None and (what.cancel or what.starts_at is not None):
            series = await repo.series(session, meeting.series_id)
            if series is not None:
                series.exdates = [*series.exdates, to_utc(old_start).isoformat()]
        meeting.sequence += 1
        meeting.updated_at = now
        await entities.write_pending(session)
        await meeting_reminders.replan(session, meeting, committee, now)
        await meeting_card.schedule_edit(session, meeting, now, changed=True)
        notified = await _notify_confirmed(session, meeting, action, old_start, now)
        group_told = await _tell_group(session, meeting, action, old_start, now)
        audit.record(
            session,
            committee_id=meeting.committee_id,
            actor_member_id=actor_member_id,
            action=f"meeting.{action}",
            subject=f"meeting:{meeting.id}",
        )
        view = await view_in(session, meeting)
        return ChangeResult(ChangeOutcome.DONE, view, notified, group_told)

    return await runtime.db.run(work)


async def _follow_agenda(
    session: AsyncSession,
    meeting: Meeting,
    old_agenda: list[str],
    now: datetime,
    links: tuple[agenda_links.ItemLinks, ...] | None = None,
) -> None:
    """Ballots and proposals linked to an agenda item stay with that item when the agenda is
    replaced; a running ballot's message, which names its item, is edited to match. Links the
    office chose for each item (`links`) replace the old ones instead."""
    if links is not None:
        await agenda_links.replace(session, meeting, links, now)
        return
    agenda_links.follow(meeting, old_agenda)
    new_agenda = list(meeting.agenda or ())
    for ballot in await ballot_repo.of_meeting(session, meeting.committee_id, meeting.id):
        before = ballot.agenda_item
        if before is None:
            continue
        item = follow_agenda_edit(old_agenda, new_agenda, before)
        shown_before = old_agenda[before] if before < len(old_agenda) else None
        if item == before and item is not None and new_agenda[item] == shown_before:
            continue
        ballot.agenda_item = item
        if ballot.status != "closed":
            await ballot_service.schedule_refresh(session, ballot, now)


def _apply(meeting: Meeting, what: Change) -> str:
    if what.cancel:
        meeting.status = CANCELLED
        return "cancelled"
    action = "edited"
    if what.starts_at is not None:
        if meeting.ends_at is not None:
            meeting.ends_at = what.starts_at + (meeting.ends_at - meeting.starts_at)
        meeting.starts_at = what.starts_at
        action = "moved"
    if what.place is not None:
        meeting.place = what.place
    if what.agenda is not None:
        meeting.agenda = list(what.agenda)
    return action


async def _notify_confirmed(
    session: AsyncSession, meeting: Meeting, action: str, old_start: datetime, now: datetime
) -> int:
    """Queue a private notice to everyone who confirmed (themselves or a deputy)."""
    count = 0
    for rsvp, member in await repo.rsvps(session, meeting.id):
        if rsvp.answer == Answer.NO or not _reachable(member):
            continue
        assert member.telegram_user_id is not None
        text = change_notice(member.language, meeting, action, old_start)
        await _change_notice(session, meeting, str(member.id), member.telegram_user_id, text, now)
        count += 1
    return count


async def _tell_group(
    session: AsyncSession, meeting: Meeting, action: str, old_start: datetime, now: datetime
) -> bool:
    """Post a move or cancellation in the group as a message of its own."""
    if action not in ("moved", "cancelled") or meeting.chat_id is None:
        return False
    text = change_notice(GROUP_LANGUAGE, meeting, action, old_start)
    await _change_notice(session, meeting, "group", meeting.chat_id, text, now)
    return True


async def _change_notice(
    session: AsyncSession, meeting: Meeting, recipient: str, chat_id: int, text: str, now: datetime
) -> None:
    """One notice about this version of the meeting, once per recipient."""
    await outbox.enqueue(
        session,
        dedup_key=f"meeting:{meeting.id}:change:{meeting.sequence}:{recipient}",
        kind="notice",
        due_at=now,
        chat_id=chat_id,
        payload={"text": text},
        committee_id=meeting.committee_id,
    )


def _reachable(member: Member) -> bool:
    return member.active and not member.bot_blocked and member.telegram_user_id is not None


async def ics_file(
    runtime: Runtime, committee_id: int, meeting_id: int, title: str
) -> bytes | None:
    async def work(session: AsyncSession) -> bytes | None:
        meeting = await repo.get(session, committee_id, meeting_id)
        return None if meeting is None else ics.calendar([meeting], title)

    return await runtime.db.run(work)


async def unannounced(runtime: Runtime, committee_id: int) -> tuple[int | None, list[MeetingView]]:
    """The group chat and the upcoming meetings whose card is not in it yet: planned before a
    group was bound, or announced in a group the committee has left since."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> tuple[int | None, list[MeetingView]]:
        committee = await entities.by_id_or_fail(session, Committee, committee_id)
        if committee.chat_id is None:
            return None, []
        missing = [
            meeting
            for meeting in await repo.upcoming(session, committee_id, now, limit=MAX_ANNOUNCE)
            if meeting.message_id is None or meeting.chat_id != committee.chat_id
        ]
        return committee.chat_id, [await view_in(session, m, with_documents=True) for m in missing]

    return await runtime.db.run(work)
