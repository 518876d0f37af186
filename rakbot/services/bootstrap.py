"""Make sure the configured committee, its institutions and first coordinators exist."""

from __future__ import annotations

import logging

from rakbot.config import Settings
from rakbot.content import Content
from rakbot.domain.roles import Role
from rakbot.services.member_details import PLACEHOLDER_NAME
from rakbot.services.roster import (
    RosterError,
    end_coordination,
    end_membership,
    keep_a_coordinator,
    record,
)
from storage.db import Database
from storage.models import Committee, Institution, Member, utcnow
from storage.repositories import audit, committees, entities, members
from storage.session import AsyncSession

log = logging.getLogger(__name__)

DEFAULT_SLUG = "rak-boerde"


async def ensure_committee(db: Database, settings: Settings, content: Content) -> int:
    """Idempotent: creates what is missing, never overwrites what the office changed."""

    async def work(session: AsyncSession) -> int:
        committee = await committees.by_slug(session, DEFAULT_SLUG)
        if committee is None:
            committee = Committee(
                slug=DEFAULT_SLUG,
                name=settings.committee_name,
                timezone=settings.timezone,
                coordinator_chat_id=settings.coordinator_chat_id,
                settings={},
            )
            await entities.insert(session, committee)
            for order, institution in enumerate(content.institutions):
                entities.add(
                    session,
                    Institution(
                        committee_id=committee.id,
                        name=institution.name,
                        short_name=institution.short_name,
                        has_vote=True,
                        sort_order=order,
                    ),
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
    """The ids in COORDINATOR_IDS are coordinators; an id taken out of the setting loses the
    coordination the setting gave it (see `_withdraw_removed`)."""
    for telegram_user_id in ids:
        member = await members.any_member(session, committee_id, telegram_user_id)
        if member is None:
            member = Member(
                committee_id=committee_id,
                telegram_user_id=telegram_user_id,
                display_name=PLACEHOLDER_NAME,
                role=Role.COORDINATOR,
                is_coordinator=True,
                coordinator_from_settings=True,
            )
            await entities.insert(session, member)
        elif member.active and not member.is_coordinator:
            member.is_coordinator = member.coordinator_from_settings = True
        else:
            continue
        audit.record(
            session,
            committee_id=committee_id,
            actor_member_id=None,
            action="member.coordinator_from_settings",
            # the roster row, not the Telegram id: /protokoll names it, and an erasure of
            # the person's data leaves no number behind
            subject=f"member:{member.id}",
        )
    await _withdraw_removed(session, committee_id, set(ids))


async def _withdraw_removed(session: AsyncSession, committee_id: int, ids: set[int]) -> None:
    """Coordination that only the setting gave ends when the id is no longer listed; a person
    whose whole membership was that office role (role "coordinator") leaves the roster. The
    office's own grants (invitation, member card) stay. Never the last coordinator: the bot
    would have nobody left to run it, so that one stays and the log says why."""
    for member in await members.coordinators_by_setting(session, committee_id):
        if member.telegram_user_id in ids:
            continue
        try:
            await keep_a_coordinator(session, committee_id, member)
        except RosterError:
            log.warning(
                "member %s left COORDINATOR_IDS but is the last coordinator; kept", member.id
            )
            continue
        now = utcnow()
        if member.role == Role.COORDINATOR:
            await end_membership(session, member, now, actor_member_id=None, reason="settings")
            record(session, now, committee_id, None, "member.deactivated", f"member:{member.id}")
        else:
            await end_coordination(session, member, now, actor_member_id=None, reason="settings")


async def committee_count(db: Database) -> int:
    return await db.run(committees.count)
