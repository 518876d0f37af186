"""Roster queries."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from storage.models import Committee, Institution, Member, Role


async def active_member(
    session: AsyncSession, committee_id: int, telegram_user_id: int
) -> Member | None:
    return await session.scalar(
        select(Member)
        .options(selectinload(Member.institution))
        .where(
            Member.committee_id == committee_id,
            Member.telegram_user_id == telegram_user_id,
            Member.active.is_(True),
        )
    )


async def any_member(
    session: AsyncSession, committee_id: int, telegram_user_id: int
) -> Member | None:
    return await session.scalar(
        select(Member).where(
            Member.committee_id == committee_id, Member.telegram_user_id == telegram_user_id
        )
    )


async def coordinators(session: AsyncSession, committee_id: int) -> list[Member]:
    rows = await session.scalars(
        select(Member)
        .where(
            Member.committee_id == committee_id,
            Member.is_coordinator.is_(True),
            Member.active.is_(True),
            Member.telegram_user_id.is_not(None),
        )
        .order_by(Member.id)
    )
    return list(rows)


async def coordinators_by_setting(session: AsyncSession, committee_id: int) -> list[Member]:
    """Active coordinators whose coordination came from COORDINATOR_IDS."""
    rows = await session.scalars(
        select(Member).where(
            Member.committee_id == committee_id,
            Member.active.is_(True),
            Member.is_coordinator.is_(True),
            Member.coordinator_from_settings.is_(True),
        )
    )
    return list(rows)


async def institutions(session: AsyncSession, committee_id: int) -> list[Institution]:
    rows = await session.scalars(
        select(Institution)
        .where(Institution.committee_id == committee_id)
        .order_by(Institution.sort_order, Institution.id)
    )
    return list(rows)


async def committee_of_chat(session: AsyncSession, chat_id: int) -> int | None:
    """The committee whose group chat this is, if any."""
    return await session.scalar(select(Committee.id).where(Committee.chat_id == chat_id))


async def first_membership(
    session: AsyncSession, telegram_user_id: int, *, coordinating: bool = False
) -> Member | None:
    """The person's active membership (with ``coordinating``: one in which they coordinate);
    with several committees, the oldest one."""
    query = select(Member).where(
        Member.telegram_user_id == telegram_user_id, Member.active.is_(True)
    )
    if coordinating:
        query = query.where(Member.is_coordinator.is_(True))
    return await session.scalar(query.order_by(Member.id).limit(1))


async def rows_with_institution(session: AsyncSession, telegram_user_id: int) -> list[Member]:
    """Every roster row linked to this Telegram account, with its institution, oldest first
    (one statement: the sender of an update as the roster knows them)."""
    rows = await session.scalars(
        select(Member)
        .options(joinedload(Member.institution))
        .where(Member.telegram_user_id == telegram_user_id)
        .order_by(Member.id)
    )
    return list(rows.unique())


async def all_rows_of(session: AsyncSession, telegram_user_id: int) -> list[Member]:
    """Every roster row (any committee, active or not) linked to this Telegram account."""
    rows = await session.scalars(
        select(Member)
        .options(selectinload(Member.institution))
        .where(Member.telegram_user_id == telegram_user_id)
        .order_by(Member.id)
    )
    return list(rows)


async def active_roster(session: AsyncSession, committee_id: int) -> list[Member]:
    rows = await session.scalars(
        select(Member)
        .options(selectinload(Member.institution))
        .where(Member.committee_id == committee_id, Member.active.is_(True))
        .order_by(Member.display_name, Member.id)
    )
    return list(rows)


async def all_members(session: AsyncSession, committee_id: int) -> list[Member]:
    rows = await session.scalars(
        select(Member)
        .options(selectinload(Member.institution))
        .where(Member.committee_id == committee_id, Member.pseudonymised_at.is_(None))
        .order_by(Member.id)
    )
    return list(rows)


async def member_in(session: AsyncSession, committee_id: int, member_id: int) -> Member | None:
    """A member of this committee, or None (ids from buttons are never trusted)."""
    return await session.scalar(
        select(Member)
        .options(selectinload(Member.institution))
        .where(Member.id == member_id, Member.committee_id == committee_id)
    )


async def institution_in(
    session: AsyncSession, committee_id: int, institution_id: int
) -> Institution | None:
    return await session.scalar(
        select(Institution).where(
            Institution.id == institution_id, Institution.committee_id == committee_id
        )
    )


async def seat_holder(session: AsyncSession, institution_id: int) -> Member | None:
    return await session.scalar(
        select(Member).where(
            Member.institution_id == institution_id,
            Member.role == Role.REPRESENTATIVE,
            Member.active.is_(True),
        )
    )


async def institution_named(
    session: AsyncSession, committee_id: int, name: str
) -> Institution | None:
    """The institution with this name or short name."""
    return await session.scalar(
        select(Institution).where(
            Institution.committee_id == committee_id,
            (Institution.name == name) | (Institution.short_name == name),
        )
    )


async def last_institution_position(session: AsyncSession, committee_id: int) -> int:
    """The highest sort position of the committee's institutions (0 without any)."""
    found = await session.scalar(
        select(func.max(Institution.sort_order)).where(Institution.committee_id == committee_id)
    )
    return int(found or 0)


async def other_active_coordinators(
    session: AsyncSession, committee_id: int, member_id: int
) -> int:
    """How many active coordinators the committee has besides this member."""
    found = await session.scalar(
        select(func.count(Member.id)).where(
            Member.committee_id == committee_id,
            Member.is_coordinator.is_(True),
            Member.active.is_(True),
            Member.id != member_id,
        )
    )
    return int(found or 0)


async def unlinked_member_named(
    session: AsyncSession, committee_id: int, name: str, institution_id: int | None
) -> Member | None:
    """A roster row without a Telegram account (loaded from a file), found by its name and
    institution; erased rows are never matched."""
    return await session.scalar(
        select(Member).where(
            Member.committee_id == committee_id,
            Member.telegram_user_id.is_(None),
            Member.pseudonymised_at.is_(None),
            Member.display_name == name,
            Member.institution_id == institution_id,
        )
    )


async def names_by_id(session: AsyncSession, member_ids: set[int]) -> dict[int, str]:
    if not member_ids:
        return {}
    rows = await session.execute(
        select(Member.id, Member.display_name).where(Member.id.in_(member_ids))
    )
    return {member_id: name for member_id, name in rows.all()}


async def mark_unreachable(session: AsyncSession, telegram_user_id: int) -> list[Member]:
    """Flag the person's active roster rows as not reachable in private; the rows that were
    reachable until now (so the office hears of it once)."""
    rows = list(
        await session.scalars(
            select(Member)
            .options(selectinload(Member.institution))
            .where(
                Member.telegram_user_id == telegram_user_id,
                Member.active.is_(True),
                Member.bot_blocked.is_(False),
            )
        )
    )
    for member in rows:
        member.bot_blocked = True
    return rows


async def is_flagged_unreachable(session: AsyncSession, telegram_user_id: int) -> bool:
    found = await session.scalar(
        select(Member.id)
        .where(Member.telegram_user_id == telegram_user_id, Member.bot_blocked.is_(True))
        .limit(1)
    )
    return found is not None


async def clear_unreachable(session: AsyncSession, telegram_user_id: int) -> int:
    result = await session.execute(
        update(Member)
        .where(Member.telegram_user_id == telegram_user_id, Member.bot_blocked.is_(True))
        .values(bot_blocked=False)
    )
    return result.rowcount or 0


async def other_active_rows(session: AsyncSession, member: Member) -> bool:
    """Whether the person behind this row is an active member elsewhere (another committee)."""
    found = await session.scalar(
        select(Member.id)
        .where(
            Member.telegram_user_id == member.telegram_user_id,
            Member.active.is_(True),
            Member.id != member.id,
        )
        .limit(1)
    )
    return found is not None


async def adopt_name(
    session: AsyncSession, telegram_user_id: int, placeholder: str, name: str
) -> list[Member]:
    """Give the rows of this account that still carry `placeholder` (coordinators created from
    the settings before anyone knew their name) the person's name; the rows changed."""
    rows = list(
        await session.scalars(
            select(Member).where(
                Member.telegram_user_id == telegram_user_id,
                Member.display_name == placeholder,
                Member.pseudonymised_at.is_(None),
            )
        )
    )
    for member in rows:
        member.display_name = name
    return rows


async def by_calendar_token(session: AsyncSession, token_hash: str) -> Member | None:
    """The active member whose calendar subscription carries this secret (by its hash)."""
    return await session.scalar(
        select(Member).where(Member.calendar_token_hash == token_hash, Member.active.is_(True))
    )
