"""Make sure the configured committee, its institutions and first coordinators exist."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rakbot.config import Settings
from rakbot.content import Content
from storage.db import Database
from storage.models import Committee, Institution, Member, Role
from storage.repositories import audit, committees

DEFAULT_SLUG = "rak-boerde"


async def ensure_committee(db: Database, settings: Settings, content: Content) -> int:
    """Idempotent: creates what is missing, never overwrites what the office changed."""

    async def work(session: AsyncSession) -> int:
        committee = await session.scalar(select(Committee).where(Committee.slug == DEFAULT_SLUG))
        if committee is None:
            committee = Committee(
                slug=DEFAULT_SLUG,
                name=settings.committee_name,
                timezone=settings.timezone,
                coordinator_chat_id=settings.coordinator_chat_id,
                settings={},
            )
            session.add(committee)
            await session.flush()
            for order, institution in enumerate(content.institutions):
                session.add(
                    Institution(
                        committee_id=committee.id,
                        name=institution.name,
                        short_name=institution.short_name,
                        has_vote=True,
                        sort_order=order,
                    )
                )
            audit.record(
                session, committee_id=committee.id, actor_member_id=None, action="committee.created"
            )
        elif settings.coordinator_chat_id is not None:
            committee.coordinator_chat_id = settings.coordinator_chat_id
        await _ensure_coordinators(session, committee.id, settings.coordinator_ids)
        return committee.id

    return await db.run(work)


async def _ensure_coordinators(session: AsyncSession, committee_id: int, ids: list[int]) -> None:
    for telegram_user_id in ids:
        member = await session.scalar(
            select(Member).where(
                Member.committee_id == committee_id, Member.telegram_user_id == telegram_user_id
            )
        )
        if member is None:
            member = Member(
                committee_id=committee_id,
                telegram_user_id=telegram_user_id,
                display_name="Regionale Koordination",
                role=Role.COORDINATOR,
                is_coordinator=True,
            )
            session.add(member)
            await session.flush()
            audit.record(
                session,
                committee_id=committee_id,
                actor_member_id=None,
                action="member.coordinator_from_settings",
                # the roster row, not the Telegram id: /protokoll names it, and an erasure of
                # the person's data leaves no number behind
                subject=f"member:{member.id}",
            )
        elif not member.is_coordinator and member.active:
            member.is_coordinator = True


async def committee_count(db: Database) -> int:
    return await db.run(committees.count)
