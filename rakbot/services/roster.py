"""The roster: who sits for which institution in which role. Every change is audited."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rakbot.runtime import Runtime
from storage.models import Committee, Institution, Member, Role
from storage.repositories import audit


class RosterError(ValueError):
    """A roster change that breaks a rule; `reason` is a short code the handler translates."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class NewMember:
    telegram_user_id: int | None
    display_name: str
    role: Role
    institution_id: int | None = None
    is_coordinator: bool = False
    phone: str | None = None
    email: str | None = None
    language: str = "de"


async def institution_by_name(session: AsyncSession, committee_id: int, name: str) -> Institution:
    found = await session.scalar(
        select(Institution).where(
            Institution.committee_id == committee_id,
            (Institution.name == name) | (Institution.short_name == name),
        )
    )
    if found is None:
        raise RosterError("unknown_institution")
    return found


async def add_member_in(
    session: AsyncSession, committee_id: int, new: NewMember, *, actor_member_id: int | None
) -> Member:
    """Add (or re-activate) a person; a representative seat holds one active person."""
    if new.role in (Role.REPRESENTATIVE, Role.DEPUTY) and new.institution_id is None:
        raise RosterError("institution_required")
    if new.role is Role.REPRESENTATIVE:
        holder = await session.scalar(
            select(Member.id).where(
                Member.institution_id == new.institution_id,
                Member.role == Role.REPRESENTATIVE,
                Member.active.is_(True),
            )
        )
        if holder is not None:
            raise RosterError("seat_taken")
    member = None
    if new.telegram_user_id is not None:
        member = await session.scalar(
            select(Member).where(
                Member.committee_id == committee_id,
                Member.telegram_user_id == new.telegram_user_id,
            )
        )
    if member is None:
        member = Member(committee_id=committee_id, telegram_user_id=new.telegram_user_id)
        session.add(member)
    member.display_name = new.display_name
    member.role = new.role
    member.institution_id = new.institution_id
    member.is_coordinator = new.is_coordinator or member.is_coordinator
    member.phone, member.email, member.language = new.phone, new.email, new.language
    member.active, member.deactivated_at = True, None
    await session.flush()
    audit.record(
        session,
        committee_id=committee_id,
        actor_member_id=actor_member_id,
        action="member.added",
        subject=f"member:{member.id}",
        role=new.role.value,
        institution_id=new.institution_id,
    )
    return member


async def add_member(runtime: Runtime, new: NewMember, *, actor_member_id: int | None) -> int:
    async def work(session: AsyncSession) -> int:
        member = await add_member_in(
            session, runtime.committee_id, new, actor_member_id=actor_member_id
        )
        return member.id

    return await runtime.db.run(work)


async def bind_group(runtime: Runtime, chat_id: int, *, actor_member_id: int | None) -> None:
    """Make this group chat the committee's chat (reminders and ballots go there)."""

    async def work(session: AsyncSession) -> None:
        other = await session.scalar(select(Committee).where(Committee.chat_id == chat_id))
        if other is not None and other.id != runtime.committee_id:
            raise RosterError("group_bound_elsewhere")
        committee = await session.get_one(Committee, runtime.committee_id)
        committee.chat_id = chat_id
        audit.record(
            session,
            committee_id=committee.id,
            actor_member_id=actor_member_id,
            action="committee.group_bound",
            subject=str(chat_id),
        )

    await runtime.db.run(work)
