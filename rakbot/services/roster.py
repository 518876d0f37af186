"""The roster: who sits for which institution in which role. Every change is audited.

Every function takes the committee the acting person belongs to; ids that come from buttons are
looked up within that committee only, so nothing reaches across committees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rakbot.domain.field_limits import INSTITUTION_SHORT_NAME
from rakbot.domain.roles import Role
from rakbot.domain.text_input import clean_line
from rakbot.runtime import Runtime
from rakbot.services import group_access, meeting_card, meeting_reminders
from storage.models import Committee, Institution, Member
from storage.repositories import audit, committees, entities, members
from storage.repositories import dialogs as dialog_repo
from storage.repositories import invites as invite_repo
from storage.repositories import meetings as meeting_repo
from storage.session import AsyncSession


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


@dataclass(frozen=True)
class MemberView:
    id: int
    name: str
    role: str
    is_coordinator: bool
    institution_id: int | None
    institution_name: str | None
    phone: str | None
    email: str | None
    telegram_user_id: int | None
    active: bool

    @classmethod
    def of(cls, member: Member) -> MemberView:
        return cls(
            id=member.id,
            name=member.display_name,
            role=member.role,
            is_coordinator=member.is_coordinator,
            institution_id=member.institution_id,
            institution_name=member.institution.name if member.institution else None,
            phone=member.phone,
            email=member.email,
            telegram_user_id=member.telegram_user_id,
            active=member.active,
        )


@dataclass(frozen=True)
class InstitutionView:
    id: int
    name: str
    short_name: str
    has_vote: bool

    @classmethod
    def of(cls, institution: Institution) -> InstitutionView:
        return cls(institution.id, institution.name, institution.short_name, institution.has_vote)


@dataclass(frozen=True)
class Roster:
    institutions: list[InstitutionView]
    members: list[MemberView]


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    actor: str | None
    action: str
    subject: str | None
    details: dict[str, Any]


def record(
    session: AsyncSession,
    now: datetime,
    committee_id: int,
    actor_member_id: int | None,
    action: str,
    subject: str | None = None,
    **details: Any,
) -> None:
    """An audit entry stamped with the runtime clock."""
    entry = audit.record(
        session,
        committee_id=committee_id,
        actor_member_id=actor_member_id,
        action=action,
        subject=subject,
        **details,
    )
    entry.at = now


async def institution_by_name(session: AsyncSession, committee_id: int, name: str) -> Institution:
    found = await members.institution_named(session, committee_id, name)
    if found is None:
        raise RosterError("unknown_institution")
    return found


async def _check_seat(
    session: AsyncSession, role: str, institution_id: int | None, member_id: int | None
) -> None:
    if role in (Role.REPRESENTATIVE, Role.DEPUTY) and institution_id is None:
        raise RosterError("institution_required")
    if role == Role.REPRESENTATIVE and institution_id is not None:
        holder = await members.seat_holder(session, institution_id)
        if holder is not None and holder.id != member_id:
            raise RosterError("seat_taken")


async def add_member_in(
    session: AsyncSession,
    committee_id: int,
    new: NewMember,
    *,
    actor_member_id: int | None,
    now: datetime | None = None,
) -> Member:
    """Add (or re-activate) a person; a representative seat holds one active person.

    A re-activated row starts from `new` alone: role, institution and coordination are what the
    invitation (or the office) says now, never what the row held before it ended."""
    member = None
    if new.telegram_user_id is not None:
        member = await members.any_member(session, committee_id, new.telegram_user_id)
    await _check_seat(session, new.role, new.institution_id, member.id if member else None)
    if member is None:
        member = Member(committee_id=committee_id, telegram_user_id=new.telegram_user_id)
        entities.add(session, member)
    member.display_name = new.display_name
    member.role = new.role
    member.institution_id = new.institution_id
    member.is_coordinator, member.coordinator_from_settings = new.is_coordinator, False
    member.phone, member.email, member.language = new.phone, new.email, new.language
    member.active, member.deactivated_at = True, None
    if now is not None:
        member.joined_at = now
    await entities.write_pending(session)
    entry = audit.record(
        session,
        committee_id=committee_id,
        actor_member_id=actor_member_id,
        action="member.added",
        subject=f"member:{member.id}",
        role=new.role.value,
        institution_id=new.institution_id,
    )
    if now is not None:
        entry.at = now
        await _plan_reminders_for_seat(session, committee_id, member, now)
    return member


async def _plan_reminders_for_seat(
    session: AsyncSession, committee_id: int, member: Member, now: datetime
) -> None:
    """Someone who takes a seat after a meeting was planned (joins, becomes representative or
    deputy, moves to another institution) gets its private reminders too; only theirs, the
    rows for everybody else exist already, and planning twice adds nothing."""
    seated = await meeting_repo.seat_holders(session, committee_id)
    holders = [m for m in seated if m.id == member.id]
    if not holders:
        return
    committee = await entities.by_id_or_fail(session, Committee, committee_id)
    for meeting in await meeting_repo.upcoming(session, committee_id, now, limit=50):
        await meeting_reminders.plan(session, meeting, committee, now, holders)


async def add_member(runtime: Runtime, new: NewMember, *, actor_member_id: int | None) -> int:
    async def work(session: AsyncSession) -> int:
        member = await add_member_in(
            session,
            runtime.committee_id,
            new,
            actor_member_id=actor_member_id,
            now=runtime.clock.now(),
        )
        return member.id

    return await runtime.db.run(work)


async def bind_group(
    runtime: Runtime,
    chat_id: int,
    *,
    actor_member_id: int | None,
    committee_id: int | None = None,
) -> None:
    """Make this group chat the committee's chat (reminders and ballots go there)."""
    target = committee_id if committee_id is not None else runtime.committee_id
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> None:
        other = await committees.bound_to_chat(session, chat_id)
        if other is not None and other.id != target:
            raise RosterError("group_bound_elsewhere")
        committee = await entities.by_id_or_fail(session, Committee, target)
        committee.chat_id = chat_id
        record(session, now, target, actor_member_id, "committee.group_bound", str(chat_id))

    await runtime.db.run(work)


async def roster(runtime: Runtime, committee_id: int) -> Roster:
    async def work(session: AsyncSession) -> Roster:
        institutions = await members.institutions(session, committee_id)
        people = await members.active_roster(session, committee_id)
        return Roster(
            [InstitutionView.of(i) for i in institutions if i.active],
            [MemberView.of(m) for m in people],
        )

    return await runtime.db.run(work)


async def member(runtime: Runtime, committee_id: int, member_id: int) -> MemberView | None:
    async def work(session: AsyncSession) -> MemberView | None:
        found = await members.member_in(session, committee_id, member_id)
        return MemberView.of(found) if found is not None and found.active else None

    return await runtime.db.run(work)


async def institution_list(runtime: Runtime, committee_id: int) -> list[InstitutionView]:
    async def work(session: AsyncSession) -> list[InstitutionView]:
        found = await members.institutions(session, committee_id)
        return [InstitutionView.of(i) for i in found if i.active]

    return await runtime.db.run(work)


async def _active_member(session: AsyncSession, committee_id: int, member_id: int) -> Member:
    found = await members.member_in(session, committee_id, member_id)
    if found is None or not found.active:
        raise RosterError("unknown_member")
    return found


async def keep_a_coordinator(session: AsyncSession, committee_id: int, target: Member) -> None:
    """Refuse what would take the committee's last active coordinator away."""
    if not target.is_coordinator:
        return
    if not await members.other_active_coordinators(session, committee_id, target.id):
        raise RosterError("last_coordinator")


async def change_role(
    runtime: Runtime, committee_id: int, member_id: int, role: Role, *, actor_member_id: int
) -> MemberView:
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> MemberView:
        target = await _active_member(session, committee_id, member_id)
        await _check_seat(session, role, target.institution_id, target.id)
        old = target.role
        target.role = role
        if role is Role.COORDINATOR:
            target.is_coordinator, target.coordinator_from_settings = True, False
        await entities.write_pending(session)
        await _plan_reminders_for_seat(session, committee_id, target, now)
        record(
            session,
            now,
            committee_id,
            actor_member_id,
            "member.role_changed",
            f"member:{target.id}",
            old=old,
            new=role.value,
        )
        return MemberView.of(target)

    return await runtime.db.run(work)


async def move(
    runtime: Runtime,
    committee_id: int,
    member_id: int,
    institution_id: int,
    *,
    actor_member_id: int,
) -> MemberView:
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> MemberView:
        target = await _active_member(session, committee_id, member_id)
        institution = await members.institution_in(session, committee_id, institution_id)
        if institution is None:
            raise RosterError("unknown_institution")
        await _check_seat(session, target.role, institution.id, target.id)
        old = target.institution_id
        target.institution_id = institution.id
        await entities.write_pending(session)
        await entities.reload(session, target, ["institution"])
        await _plan_reminders_for_seat(session, committee_id, target, now)
        record(
            session,
            now,
            committee_id,
            actor_member_id,
            "member.moved",
            f"member:{target.id}",
            old=old,
            new=institution.id,
        )
        return MemberView.of(target)

    return await runtime.db.run(work)


async def place(
    runtime: Runtime,
    committee_id: int,
    member_id: int,
    role: Role,
    institution_id: int | None,
    *,
    actor_member_id: int,
) -> MemberView:
    """Role and institution in one step (the Mini App's member form): the seat rule is checked
    for the pair, so a guest becomes another institution's representative at once, and a
    refused change leaves both as they were. Each change is audited as in the chat."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> MemberView:
        target = await _active_member(session, committee_id, member_id)
        institution = target.institution
        if institution_id is not None and institution_id != target.institution_id:
            institution = await members.institution_in(session, committee_id, institution_id)
            if institution is None:
                raise RosterError("unknown_institution")
        await _check_seat(session, role, institution.id if institution else None, target.id)
        old_role, old_institution = target.role, target.institution_id
        target.role = role
        if role is Role.COORDINATOR:
            target.is_coordinator, target.coordinator_from_settings = True, False
        target.institution_id = institution.id if institution else None
        await entities.write_pending(session)
        await entities.reload(session, target, ["institution"])
        await _plan_reminders_for_seat(session, committee_id, target, now)
        subject = f"member:{target.id}"
        if old_role != role:
            record(
                session,
                now,
                committee_id,
                actor_member_id,
                "member.role_changed",
                subject,
                old=old_role,
                new=role.value,
            )
        if old_institution != target.institution_id:
            record(
                session,
                now,
                committee_id,
                actor_member_id,
                "member.moved",
                subject,
                old=old_institution,
                new=target.institution_id,
            )
        return MemberView.of(target)

    return await runtime.db.run(work)


async def toggle_coordinator(
    runtime: Runtime, committee_id: int, member_id: int, *, actor_member_id: int
) -> MemberView:
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> MemberView:
        target = await _active_member(session, committee_id, member_id)
        await keep_a_coordinator(session, committee_id, target)
        if target.is_coordinator and target.role == Role.COORDINATOR:
            raise RosterError("coordinator_role")
        if target.is_coordinator:
            await end_coordination(
                session, target, now, actor_member_id=actor_member_id, reason="withdrawn"
            )
            return MemberView.of(target)
        target.is_coordinator, target.coordinator_from_settings = True, False
        record(
            session,
            now,
            committee_id,
            actor_member_id,
            "member.coordinator_changed",
            f"member:{target.id}",
            coordinator=True,
        )
        return MemberView.of(target)

    return await runtime.db.run(work)


async def end_coordination(
    session: AsyncSession,
    target: Member,
    now: datetime,
    *,
    actor_member_id: int | None,
    reason: str,
) -> None:
    """Take coordination away (audited) and revoke the invite links the person created that
    nobody has used yet: a link carries its creator's authority, which has ended."""
    target.coordinator_from_settings = False
    if target.is_coordinator:
        target.is_coordinator = False
        record(
            session,
            now,
            target.committee_id,
            actor_member_id,
            "member.coordinator_changed",
            f"member:{target.id}",
            coordinator=False,
            reason=reason,
        )
    for invite in await invite_repo.open_invites_by(session, target.id, now):
        invite.revoked_at = now
        record(
            session,
            now,
            target.committee_id,
            actor_member_id,
            "invite.revoked",
            f"invite:{invite.id}",
            reason=reason,
        )


async def end_membership(
    session: AsyncSession,
    target: Member,
    now: datetime,
    *,
    actor_member_id: int | None,
    reason: str,
) -> None:
    """Every right ends at once: membership (every check reads `active`), coordination, open
    invite links and unfinished dialogs. Answers to meetings still ahead are withdrawn (they
    spoke for a seat the person no longer holds, and would keep the institution's new
    representative from being reminded); the row, its votes and past answers stay."""
    await end_coordination(session, target, now, actor_member_id=actor_member_id, reason=reason)
    target.active = False
    target.deactivated_at = target.deactivated_at or now
    target.calendar_token_hash = None  # a later invitation must not revive the old address
    if target.telegram_user_id is not None and not await members.other_active_rows(session, target):
        await dialog_repo.clear_all_of(session, target.telegram_user_id)
    for answer, meeting in await meeting_repo.upcoming_answers_of(session, target.id, now):
        await entities.remove(session, answer)
        await meeting_card.schedule_edit(session, meeting, now)
    await group_access.plan_removal(session, target, now)


async def deactivate(
    runtime: Runtime, committee_id: int, member_id: int, *, actor_member_id: int
) -> MemberView:
    """Access ends at once; a later invitation starts from nothing (see `end_membership`)."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> MemberView:
        target = await _active_member(session, committee_id, member_id)
        await keep_a_coordinator(session, committee_id, target)
        await end_membership(
            session, target, now, actor_member_id=actor_member_id, reason="deactivated"
        )
        record(
            session,
            now,
            committee_id,
            actor_member_id,
            "member.deactivated",
            f"member:{target.id}",
        )
        return MemberView.of(target)

    return await runtime.db.run(work)


def split_institution_name(text: str) -> tuple[str, str]:
    """`Langname | Kurzname` or just a name (the short name is then the name, shortened), both
    cleaned by the text input rules."""
    name, _, short = clean_line(text).partition("|")
    name, short = name.strip(), short.strip()
    return name, (short or name)[: INSTITUTION_SHORT_NAME.maximum]


async def add_institution(
    runtime: Runtime, committee_id: int, text: str, *, actor_member_id: int
) -> InstitutionView:
    name, short = split_institution_name(text)
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> InstitutionView:
        if await _name_taken(session, committee_id, (name, short), None):
            raise RosterError("institution_exists")
        last = await members.last_institution_position(session, committee_id)
        institution = Institution(
            committee_id=committee_id,
            name=name,
            short_name=short,
            has_vote=True,
            sort_order=last + 1,
        )
        await entities.insert(session, institution)
        record(
            session,
            now,
            committee_id,
            actor_member_id,
            "institution.added",
            f"institution:{institution.id}",
            name=name,
        )
        return InstitutionView.of(institution)

    return await runtime.db.run(work)


async def _name_taken(
    session: AsyncSession,
    committee_id: int,
    names: tuple[str, str],
    institution_id: int | None,
) -> bool:
    """Whether another institution of the committee already has this name or short name, in
    any case ("jobcenter börde" is "Jobcenter Börde"): buttons show short names side by side."""
    wanted = {name.casefold() for name in names}
    for other in await members.institutions(session, committee_id):
        if other.id != institution_id and wanted & {
            other.name.casefold(),
            other.short_name.casefold(),
        }:
            return True
    return False


async def rename_institution(
    runtime: Runtime, committee_id: int, institution_id: int, text: str, *, actor_member_id: int
) -> InstitutionView:
    name, short = split_institution_name(text)
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> InstitutionView:
        institution = await members.institution_in(session, committee_id, institution_id)
        if institution is None:
            raise RosterError("unknown_institution")
        # a new long name alone keeps the short name the buttons show ("DGB")
        new_short = short if "|" in text else institution.short_name
        if await _name_taken(session, committee_id, (name, new_short), institution.id):
            raise RosterError("institution_exists")
        old = institution.name
        institution.name, institution.short_name = name, new_short
        record(
            session,
            now,
            committee_id,
            actor_member_id,
            "institution.renamed",
            f"institution:{institution.id}",
            old=old,
            new=name,
        )
        return InstitutionView.of(institution)

    return await runtime.db.run(work)


async def toggle_vote(
    runtime: Runtime, committee_id: int, institution_id: int, *, actor_member_id: int
) -> InstitutionView:
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> InstitutionView:
        institution = await members.institution_in(session, committee_id, institution_id)
        if institution is None:
            raise RosterError("unknown_institution")
        institution.has_vote = not institution.has_vote
        record(
            session,
            now,
            committee_id,
            actor_member_id,
            "institution.vote_changed",
            f"institution:{institution.id}",
            has_vote=institution.has_vote,
        )
        return InstitutionView.of(institution)

    return await runtime.db.run(work)


async def audit_lines(runtime: Runtime, committee_id: int, limit: int) -> list[AuditLine]:
    """The latest entries, newest first; actors by their current (possibly pseudonymised) name."""

    async def work(session: AsyncSession) -> list[AuditLine]:
        rows = await audit.latest(session, committee_id, limit)
        ids = {row.actor_member_id for row in rows if row.actor_member_id is not None}
        subject_ids = {
            int(row.subject.removeprefix("member:"))
            for row in rows
            if row.subject and row.subject.startswith("member:")
        }
        names = await members.names_by_id(session, ids | subject_ids)
        institutions = {i.id: i.name for i in await members.institutions(session, committee_id)}
        return [
            AuditLine(
                at=row.at,
                actor=names.get(row.actor_member_id) if row.actor_member_id else None,
                action=row.action,
                subject=_subject(row.subject, names, institutions),
                details=dict(row.details),
            )
            for row in rows
        ]

    return await runtime.db.run(work)


def _subject(
    subject: str | None, names: dict[int, str], institutions: dict[int, str]
) -> str | None:
    """Members and institutions by their current name; other subjects as stored."""
    kind, _colon, number = (subject or "").partition(":")
    lookup = {"member": names, "institution": institutions}.get(kind)
    if lookup is not None and number.isdigit():
        return lookup.get(int(number), subject)
    return subject
