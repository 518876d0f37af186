"""Invite links: stored by the SHA-256 of their token only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Invite


async def by_hash(session: AsyncSession, token_hash: str) -> Invite | None:
    return await session.scalar(select(Invite).where(Invite.token_hash == token_hash))


async def open_invites(session: AsyncSession, committee_id: int, now: datetime) -> list[Invite]:
    rows = await session.scalars(
        select(Invite)
        .where(
            Invite.committee_id == committee_id,
            Invite.used_at.is_(None),
            Invite.revoked_at.is_(None),
            Invite.expires_at > now,
        )
        .order_by(Invite.created_at, Invite.id)
    )
    return list(rows)


async def open_invites_by(session: AsyncSession, member_id: int, now: datetime) -> list[Invite]:
    """The links this member created that are still usable."""
    rows = await session.scalars(
        select(Invite).where(
            Invite.created_by_member_id == member_id,
            Invite.used_at.is_(None),
            Invite.revoked_at.is_(None),
            Invite.expires_at > now,
        )
    )
    return list(rows)


async def invite_in(session: AsyncSession, committee_id: int, invite_id: int) -> Invite | None:
    return await session.scalar(
        select(Invite).where(Invite.id == invite_id, Invite.committee_id == committee_id)
    )
