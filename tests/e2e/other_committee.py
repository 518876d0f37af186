"""A second committee in the same database ("RAK Harz") with one member, for tests of what a
member of another committee may see and do."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from rakbot.sandbox.models import FakeUser
from storage.models import Committee, Institution, Member, Role
from tests.e2e.harness import Harness


async def seed_other_committee(
    harness: Harness, user: FakeUser, *, coordinator: bool = False
) -> tuple[int, int]:
    """The committee's id and the member id of `user`, its representative of "Harzer Amt"."""

    async def seed(session: AsyncSession) -> tuple[int, int]:
        committee = Committee(slug="rak-harz", name="RAK Harz", settings={})
        session.add(committee)
        await session.flush()
        institution = Institution(committee_id=committee.id, name="Harzer Amt", short_name="HA")
        session.add(institution)
        await session.flush()
        member = Member(
            committee_id=committee.id,
            telegram_user_id=user.id,
            display_name="Otto Harz",
            role=Role.REPRESENTATIVE,
            institution_id=institution.id,
            is_coordinator=coordinator,
            phone="0391 555555",
        )
        session.add(member)
        await session.flush()
        return committee.id, member.id

    return await harness.runtime.db.run(seed)
