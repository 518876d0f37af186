"""Who is writing: an applicant, a member (with role), a coordinator. Always from the database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database
from storage.repositories import members


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

    @property
    def is_member(self) -> bool:
        return self.member_id is not None


async def identify(db: Database, committee_id: int, telegram_user_id: int) -> Person:
    async def work(session: AsyncSession) -> Person:
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

    return await db.run(work)
