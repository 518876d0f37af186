"""Who is writing: an applicant, a member (with role), a coordinator. Always from the database.

Which committee a person acts in follows the chat:

- a group chat bound to a committee: that committee;
- a private chat (and a group bound to no committee): the bot's own committee when the person
  is an active member of it, otherwise their membership in another committee (the oldest, if
  several), otherwise (applicants) the bot's committee. The bot's meetings, proposals and
  ballots all belong to its own committee, so every button and command about them can only
  mean that one; a person who also sits in another committee reaches that committee's roster
  in its bound group.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rakbot.domain.roles import Role
from storage.db import Database
from storage.models import Member
from storage.repositories import members
from storage.session import AsyncSession


@dataclass(frozen=True)
class Person:
    telegram_user_id: int
    committee_id: int
    member_id: int | None = None
    role: str | None = None
    is_coordinator: bool = False
    institution_id: int | None = None
    institution_name: str | None = None
    display_name: str | None = None
    language: str | None = None
    #: the person writes in a group chat (not privately) …
    in_group: bool = False
    #: … bound to this committee (None: a group bound to no committee)
    group_committee_id: int | None = None

    @property
    def is_member(self) -> bool:
        return self.member_id is not None

    @property
    def holds_seat(self) -> bool:
        """A representative or deputy of an institution (not a guest)."""
        return self.is_member and self.role in (Role.REPRESENTATIVE, Role.DEPUTY)


async def person_in(session: AsyncSession, committee_id: int, telegram_user_id: int) -> Person:
    member = await members.active_member(session, committee_id, telegram_user_id)
    if member is None:
        return Person(telegram_user_id=telegram_user_id, committee_id=committee_id)
    return Person(
        telegram_user_id=telegram_user_id,
        committee_id=member.committee_id,
        member_id=member.id,
        role=member.role,
        is_coordinator=member.is_coordinator,
        institution_id=member.institution_id,
        institution_name=member.institution.name if member.institution else None,
        display_name=member.display_name,
        language=member.language,
    )


async def identify(db: Database, committee_id: int, telegram_user_id: int) -> Person:
    """The person within one given committee."""
    return await db.run(lambda session: person_in(session, committee_id, telegram_user_id))


def _person(member: Member) -> Person:
    return Person(
        telegram_user_id=member.telegram_user_id or 0,
        committee_id=member.committee_id,
        member_id=member.id,
        role=member.role,
        is_coordinator=member.is_coordinator,
        institution_id=member.institution_id,
        institution_name=member.institution.name if member.institution else None,
        display_name=member.display_name,
        language=member.language,
    )


@dataclass(frozen=True)
class Sender:
    """Everything the roster says about the sender of one update, read in one go: their
    active memberships (oldest first) and the committee of the group they write in. Every
    question about the person in this update is answered from it (`person`)."""

    telegram_user_id: int
    default_committee_id: int
    memberships: tuple[Person, ...]
    in_group: bool
    group_committee_id: int | None
    #: the bot could not reach them privately (the flag goes now that they wrote)
    flagged_unreachable: bool = False

    def person(self, *, coordinating: bool = False) -> Person:
        """The person in the committee this chat belongs to (see the module docstring). With
        ``coordinating`` (binding a group), where the chat decides nothing, a committee the
        person coordinates comes first: the bot's own, otherwise their other one."""
        bound = self.group_committee_id
        target = bound or self.default_committee_id
        found = next((m for m in self.memberships if m.committee_id == target), None)
        wanted = found is not None and (found.is_coordinator if coordinating else found.is_member)
        if bound is None and not wanted:
            found = next(
                (m for m in self.memberships if m.is_coordinator or not coordinating), found
            )
        if found is None:
            found = Person(telegram_user_id=self.telegram_user_id, committee_id=target)
        return replace(found, in_group=self.in_group, group_committee_id=bound)


async def sender_in(
    session: AsyncSession,
    default_committee_id: int,
    telegram_user_id: int,
    group_chat_id: int | None,
) -> Sender:
    """The sender as the roster knows them, inside a unit of work of the caller."""
    bound = None
    if group_chat_id is not None:
        bound = await members.committee_of_chat(session, group_chat_id)
    rows = await members.rows_with_institution(session, telegram_user_id)
    return Sender(
        telegram_user_id=telegram_user_id,
        default_committee_id=default_committee_id,
        memberships=tuple(_person(row) for row in rows if row.active),
        in_group=group_chat_id is not None,
        group_committee_id=bound,
        flagged_unreachable=any(row.bot_blocked for row in rows),
    )


async def sender(
    db: Database, default_committee_id: int, telegram_user_id: int, group_chat_id: int | None
) -> Sender:
    return await db.run(
        lambda session: sender_in(session, default_committee_id, telegram_user_id, group_chat_id)
    )


async def resolve(
    db: Database,
    default_committee_id: int,
    telegram_user_id: int,
    group_chat_id: int | None,
    *,
    coordinating: bool = False,
) -> Person:
    """The person in the committee this chat belongs to (one unit of work of its own)."""
    found = await sender(db, default_committee_id, telegram_user_id, group_chat_id)
    return found.person(coordinating=coordinating)
