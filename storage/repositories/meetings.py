"""Meeting, series and RSVP queries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Institution, Meeting, MeetingSeries, Member, Role, Rsvp


async def get(session: AsyncSession, committee_id: int, meeting_id: int) -> Meeting | None:
    meeting = await session.get(Meeting, meeting_id)
    return meeting if meeting is not None and meeting.committee_id == committee_id else None


async def get_for_update(
    session: AsyncSession, committee_id: int, meeting_id: int
) -> Meeting | None:
    """The meeting, row-locked on PostgreSQL so concurrent edits of it are serialised."""
    return await session.scalar(
        select(Meeting)
        .where(Meeting.id == meeting_id, Meeting.committee_id == committee_id)
        .with_for_update()
    )


async def upcoming(
    session: AsyncSession,
    committee_id: int,
    now: datetime,
    limit: int = 20,
    *,
    running: bool = False,
) -> list[Meeting]:
    """Planned meetings that have not started; with `running`, also those under way (started,
    planned end not reached): a latecomer still looks up the room."""
    ahead = (
        or_(Meeting.starts_at > now, Meeting.ends_at > now)
        if running
        else (Meeting.starts_at > now)
    )
    rows = await session.scalars(
        select(Meeting)
        .where(
            Meeting.committee_id == committee_id,
            ahead,
            Meeting.status == "planned",
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(limit)
    )
    return list(rows)


async def past(
    session: AsyncSession, committee_id: int, now: datetime, limit: int = 20
) -> list[Meeting]:
    rows = await session.scalars(
        select(Meeting)
        .where(
            Meeting.committee_id == committee_id,
            Meeting.starts_at <= now,
            or_(Meeting.ends_at.is_(None), Meeting.ends_at <= now),
        )
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(limit)
    )
    return list(rows)


async def all_meetings(session: AsyncSession, committee_id: int | None = None) -> list[Meeting]:
    query = select(Meeting).order_by(Meeting.starts_at, Meeting.id)
    if committee_id is not None:
        query = query.where(Meeting.committee_id == committee_id)
    return list(await session.scalars(query))


async def series(session: AsyncSession, series_id: int) -> MeetingSeries | None:
    return await session.get(MeetingSeries, series_id)


async def rsvps(session: AsyncSession, meeting_id: int) -> list[tuple[Rsvp, Member]]:
    rows = await session.execute(
        select(Rsvp, Member)
        .join(Member, Member.id == Rsvp.member_id)
        .where(Rsvp.meeting_id == meeting_id)
        .order_by(Rsvp.answered_at, Rsvp.id)
    )
    return [(rsvp, member) for rsvp, member in rows.all()]


async def upcoming_answers_of(
    session: AsyncSession, member_id: int, now: datetime
) -> list[tuple[Rsvp, Meeting]]:
    """This member's answers to meetings that have not begun yet."""
    rows = await session.execute(
        select(Rsvp, Meeting)
        .join(Meeting, Meeting.id == Rsvp.meeting_id)
        .where(Rsvp.member_id == member_id, Meeting.starts_at > now)
    )
    return [(rsvp, meeting) for rsvp, meeting in rows.all()]


async def rsvp_of(session: AsyncSession, meeting_id: int, member_id: int) -> Rsvp | None:
    return await session.scalar(
        select(Rsvp).where(Rsvp.meeting_id == meeting_id, Rsvp.member_id == member_id)
    )


async def institution_answered(session: AsyncSession, meeting_id: int, institution_id: int) -> bool:
    """Whether anybody of this institution answered the meeting's invitation."""
    found = await session.scalar(
        select(Rsvp.id)
        .join(Member, Member.id == Rsvp.member_id)
        .where(Rsvp.meeting_id == meeting_id, Member.institution_id == institution_id)
        .limit(1)
    )
    return found is not None


async def voting_institutions(session: AsyncSession, committee_id: int) -> list[Institution]:
    rows = await session.scalars(
        select(Institution)
        .where(
            Institution.committee_id == committee_id,
            Institution.active.is_(True),
            Institution.has_vote.is_(True),
        )
        .order_by(Institution.sort_order, Institution.id)
    )
    return list(rows)


#: the roles that hold an institution's seat and get private meeting reminders
SEAT_ROLES = (Role.REPRESENTATIVE, Role.DEPUTY)


async def seat_holders(session: AsyncSession, committee_id: int) -> list[Member]:
    """Active representatives and deputies who can be written to privately."""
    rows = await session.scalars(
        select(Member)
        .where(
            Member.committee_id == committee_id,
            Member.active.is_(True),
            Member.role.in_(SEAT_ROLES),
            Member.institution_id.is_not(None),
            Member.telegram_user_id.is_not(None),
        )
        .order_by(Member.id)
    )
    return list(rows)


async def starting_between(
    session: AsyncSession, committee_id: int, start: datetime, end: datetime
) -> list[Meeting]:
    rows = await session.scalars(
        select(Meeting)
        .where(
            Meeting.committee_id == committee_id,
            Meeting.starts_at >= start,
            Meeting.starts_at <= end,
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return list(rows)


async def held_before(
    session: AsyncSession, committee_id: int, before: datetime, *, inclusive: bool = False
) -> Meeting | None:
    """The latest meeting that was not cancelled and started before (or at) `before`."""
    bound = Meeting.starts_at <= before if inclusive else Meeting.starts_at < before
    return await session.scalar(
        select(Meeting)
        .where(Meeting.committee_id == committee_id, Meeting.status != "cancelled", bound)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(1)
    )


async def move_chat(
    session: AsyncSession, old_chat_id: int, new_chat_id: int, now: datetime
) -> list[int]:
    """The group became a supergroup: its cards stay behind in the old chat. Returns the ids of
    the upcoming meetings (their cards to be posted again)."""
    upcoming = list(
        await session.scalars(
            select(Meeting.id)
            .where(
                Meeting.chat_id == old_chat_id,
                Meeting.status == "planned",
                Meeting.starts_at > now,
            )
            .order_by(Meeting.starts_at)
        )
    )
    await session.execute(
        update(Meeting)
        .where(Meeting.chat_id == old_chat_id)
        .values(chat_id=new_chat_id, message_id=None, card_digest=None)
    )
    return upcoming


async def all_of(session: AsyncSession, committee_id: int) -> list[Meeting]:
    """Every meeting of the committee, cancelled ones included (a calendar feed shows them)."""
    rows = await session.scalars(
        select(Meeting).where(Meeting.committee_id == committee_id).order_by(Meeting.starts_at)
    )
    return list(rows)
