"""What is stored about one Telegram account (data protection: access, portability, erasure)."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AppointmentRequest, AuditEntry, Ballot, BallotVote, Dialog, Meeting, Rsvp


async def votes_cast_by(
    session: AsyncSession, member_ids: list[int]
) -> list[tuple[BallotVote, str, bool]]:
    """Each vote of these roster rows with its ballot's question and secrecy, oldest first."""
    found = await session.execute(
        select(BallotVote, Ballot.question, Ballot.secret)
        .join(Ballot, Ballot.id == BallotVote.ballot_id)
        .where(BallotVote.member_id.in_(member_ids))
        .order_by(BallotVote.id)
    )
    return [(vote, question, secret) for vote, question, secret in found.all()]


async def rsvps_of(session: AsyncSession, member_ids: list[int]) -> list[Rsvp]:
    return list(await session.scalars(select(Rsvp).where(Rsvp.member_id.in_(member_ids))))


async def appointment_requests_of(
    session: AsyncSession, telegram_user_id: int
) -> list[AppointmentRequest]:
    found = await session.scalars(
        select(AppointmentRequest)
        .where(AppointmentRequest.telegram_user_id == telegram_user_id)
        .order_by(AppointmentRequest.id)
    )
    return list(found)


async def audit_entries_about(session: AsyncSession, member_ids: list[int]) -> list[AuditEntry]:
    """Audit entries these roster rows made or that are about them, oldest first."""
    subjects = [f"member:{member_id}" for member_id in member_ids]
    found = await session.scalars(
        select(AuditEntry)
        .where(or_(AuditEntry.actor_member_id.in_(member_ids), AuditEntry.subject.in_(subjects)))
        .order_by(AuditEntry.id)
    )
    return list(found)


async def open_dialogs_of(session: AsyncSession, telegram_user_id: int) -> list[Dialog]:
    return list(await session.scalars(select(Dialog).where(Dialog.user_id == telegram_user_id)))


async def posted_ballots_voted_in_by(session: AsyncSession, member_ids: list[int]) -> list[Ballot]:
    """Ballots with a message in the group in which one of these roster rows voted."""
    found = await session.scalars(
        select(Ballot)
        .where(
            Ballot.id.in_(select(BallotVote.ballot_id).where(BallotVote.member_id.in_(member_ids)))
        )
        .where(Ballot.message_id.is_not(None))
    )
    return list(found)


async def posted_meetings_answered_by(
    session: AsyncSession, member_ids: list[int]
) -> list[Meeting]:
    """Meetings with a card in the group that one of these roster rows answered."""
    found = await session.scalars(
        select(Meeting).where(
            Meeting.id.in_(select(Rsvp.meeting_id).where(Rsvp.member_id.in_(member_ids))),
            Meeting.message_id.is_not(None),
        )
    )
    return list(found)
