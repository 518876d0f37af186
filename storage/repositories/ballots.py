"""Queries for proposals, ballots, votes and conflicts. Writes that must be atomic are single
conditional statements (vote upsert, open→closed), so two processes can never both win."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import (
    Ballot,
    BallotVote,
    Conflict,
    Institution,
    Member,
    Outbox,
    OutboxStatus,
    ProcedureConsent,
    Proposal,
)


def _insert(session: AsyncSession) -> Any:
    return pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert


async def _upsert(session: AsyncSession, statement: Any) -> None:
    """Run an INSERT … ON CONFLICT DO UPDATE … RETURNING <entity> so that a row this unit of
    work loaded before is refreshed in the identity map: without it, the facts loaded again
    after a changed vote or consent would still show the old answer."""
    await session.scalars(statement, execution_options={"populate_existing": True})


async def proposals(session: AsyncSession, committee_id: int) -> list[Proposal]:
    rows = await session.scalars(
        select(Proposal)
        .where(Proposal.committee_id == committee_id)
        .order_by(Proposal.funding_area, Proposal.status, Proposal.id)
    )
    return list(rows)


async def proposal(session: AsyncSession, committee_id: int, proposal_id: int) -> Proposal | None:
    return await session.scalar(
        select(Proposal).where(Proposal.committee_id == committee_id, Proposal.id == proposal_id)
    )


async def institutions(session: AsyncSession, committee_id: int) -> list[Institution]:
    rows = await session.scalars(
        select(Institution)
        .where(Institution.committee_id == committee_id, Institution.active.is_(True))
        .order_by(Institution.sort_order, Institution.id)
    )
    return list(rows)


async def ballot(
    session: AsyncSession, committee_id: int, ballot_id: int, *, lock: bool = False
) -> Ballot | None:
    query = select(Ballot).where(Ballot.committee_id == committee_id, Ballot.id == ballot_id)
    if lock:
        query = query.with_for_update()
    return await session.scalar(query)


async def by_id(session: AsyncSession, ballot_id: int) -> Ballot | None:
    return await session.get(Ballot, ballot_id)


async def ballot_for_vote(
    session: AsyncSession, committee_id: int, ballot_id: int
) -> tuple[Ballot, int] | None:
    """The ballot, locked for a vote, with the number of running ballots in its chat (which
    sets how often its live message is edited) in the same statement."""
    other = aliased(Ballot)
    running = (
        select(func.count(other.id))
        .where(other.chat_id == Ballot.chat_id, other.status.in_(("open", "consent")))
        .scalar_subquery()
    )
    row = (
        await session.execute(
            select(Ballot, running)
            .where(Ballot.committee_id == committee_id, Ballot.id == ballot_id)
            .with_for_update(of=Ballot)
        )
    ).first()
    return None if row is None else (row[0], int(row[1] or 0))


async def closed_ballots(session: AsyncSession, committee_id: int, limit: int) -> list[Ballot]:
    rows = await session.scalars(
        select(Ballot)
        .where(Ballot.committee_id == committee_id, Ballot.status == "closed")
        .order_by(Ballot.closed_at.desc(), Ballot.id.desc())
        .limit(limit)
    )
    return list(rows)


async def open_in_chat(session: AsyncSession, chat_id: int) -> int:
    return int(
        await session.scalar(
            select(func.count(Ballot.id)).where(
                Ballot.chat_id == chat_id, Ballot.status.in_(("open", "consent"))
            )
        )
        or 0
    )


async def votes(session: AsyncSession, ballot_id: int) -> list[tuple[BallotVote, Member]]:
    rows = await session.execute(
        select(BallotVote, Member)
        .join(Member, Member.id == BallotVote.member_id)
        .where(BallotVote.ballot_id == ballot_id)
        .order_by(BallotVote.id)
    )
    return [(vote, member) for vote, member in rows.all()]


async def upsert_vote(
    session: AsyncSession,
    *,
    ballot_id: int,
    institution_id: int,
    member_id: int,
    role: str,
    choice: dict[str, Any],
    now: datetime,
) -> None:
    """One row per (ballot, institution, member): a change overwrites, atomically."""
    statement = _insert(session)(BallotVote).values(
        ballot_id=ballot_id,
        institution_id=institution_id,
        member_id=member_id,
        role=role,
        choice=choice,
        cast_at=now,
        changes=0,
    )
    await _upsert(
        session,
        statement.on_conflict_do_update(
            index_elements=["ballot_id", "institution_id", "member_id"],
            set_={
                "choice": statement.excluded.choice,
                "role": statement.excluded.role,
                "cast_at": statement.excluded.cast_at,
                "changes": BallotVote.changes + 1,
            },
        ).returning(BallotVote),
    )


async def conflicts(session: AsyncSession, ballot_id: int) -> list[Conflict]:
    rows = await session.scalars(
        select(Conflict).where(Conflict.ballot_id == ballot_id).order_by(Conflict.id)
    )
    return list(rows)


async def withdraw_conflict(session: AsyncSession, ballot_id: int, institution_id: int) -> bool:
    """Remove an institution's own declaration of a conflict (never an applicant's exclusion);
    True if there was one."""
    result = await session.execute(
        delete(Conflict).where(
            Conflict.ballot_id == ballot_id,
            Conflict.institution_id == institution_id,
            Conflict.reason == "declared",
        )
    )
    return bool(result.rowcount)


async def add_conflict(
    session: AsyncSession,
    *,
    ballot_id: int,
    institution_id: int,
    reason: str,
    member_id: int | None,
    now: datetime,
) -> bool:
    """True if the institution was newly excluded."""
    result = await session.execute(
        _insert(session)(Conflict)
        .values(
            ballot_id=ballot_id,
            institution_id=institution_id,
            reason=reason,
            declared_by_member_id=member_id,
            declared_at=now,
        )
        .on_conflict_do_nothing(index_elements=["ballot_id", "institution_id"])
    )
    return bool(result.rowcount)


async def close_if_open(
    session: AsyncSession, ballot_id: int, *, now: datetime, result: dict[str, Any]
) -> bool:
    """open → closed exactly once: True only for the one caller whose UPDATE changed the row."""
    changed = await session.execute(
        update(Ballot)
        .where(Ballot.id == ballot_id, Ballot.status.in_(("open", "consent")))
        .values(
            status="closed",
            closed_at=now,
            result=result,
            message_version=Ballot.message_version + 1,
        )
    )
    return bool(changed.rowcount)


async def bump_version(session: AsyncSession, ballot_id: int) -> None:
    """The ballot's state changed: its message needs an edit."""
    await session.execute(
        update(Ballot)
        .where(Ballot.id == ballot_id)
        .values(message_version=Ballot.message_version + 1)
    )


async def claim_posted_render(session: AsyncSession, ballot_id: int) -> Ballot | None:
    """Mark the current state of a posted ballot's message as rendered and return the ballot
    as it is now (locked by the update on PostgreSQL), in one statement; None if it is not
    posted or rendered already (no edit needed: Telegram refuses an edit that changes
    nothing)."""
    rows = await session.scalars(
        update(Ballot)
        .where(
            Ballot.id == ballot_id,
            Ballot.rendered_version < Ballot.message_version,
            Ballot.chat_id.is_not(None),
            Ballot.message_id.is_not(None),
        )
        .values(rendered_version=Ballot.message_version)
        .returning(Ballot)
        .execution_options(populate_existing=True)
    )
    return rows.first()


async def voters_of(session: AsyncSession, institution_ids: list[int]) -> list[Member]:
    """Active representatives and deputies of these institutions who can get a private message."""
    if not institution_ids:
        return []
    rows = await session.scalars(
        select(Member)
        .where(
            Member.institution_id.in_(institution_ids),
            Member.role.in_(("representative", "deputy")),
            Member.active.is_(True),
            Member.bot_blocked.is_(False),
            Member.telegram_user_id.is_not(None),
        )
        .order_by(Member.id)
    )
    return list(rows)


async def answerable_institutions(session: AsyncSession, committee_id: int) -> set[int]:
    """Institutions with an active representative or deputy on Telegram: someone who can
    press a button for them."""
    rows = await session.scalars(
        select(Member.institution_id)
        .where(
            Member.committee_id == committee_id,
            Member.institution_id.is_not(None),
            Member.role.in_(("representative", "deputy")),
            Member.active.is_(True),
            Member.telegram_user_id.is_not(None),
        )
        .distinct()
    )
    return {i for i in rows if i is not None}


async def consents(session: AsyncSession, ballot_id: int) -> list[ProcedureConsent]:
    rows = await session.scalars(
        select(ProcedureConsent).where(ProcedureConsent.ballot_id == ballot_id)
    )
    return list(rows)


async def put_consent(
    session: AsyncSession,
    *,
    ballot_id: int,
    institution_id: int,
    member_id: int,
    consents: bool,
    now: datetime,
) -> None:
    statement = _insert(session)(ProcedureConsent).values(
        ballot_id=ballot_id,
        institution_id=institution_id,
        member_id=member_id,
        consents=consents,
        answered_at=now,
    )
    await _upsert(
        session,
        statement.on_conflict_do_update(
            index_elements=["ballot_id", "institution_id"],
            set_={
                "consents": statement.excluded.consents,
                "member_id": statement.excluded.member_id,
                "answered_at": statement.excluded.answered_at,
            },
        ).returning(ProcedureConsent),
    )


async def start_voting(session: AsyncSession, ballot_id: int) -> bool:
    """consent → open, once."""
    changed = await session.execute(
        update(Ballot)
        .where(Ballot.id == ballot_id, Ballot.status == "consent")
        .values(status="open")
    )
    return bool(changed.rowcount)


async def last_edit_digest(session: AsyncSession, ballot_id: int) -> str | None:
    """Digest of the text the last successful edit of this ballot's message showed."""
    payload = await session.scalar(
        select(Outbox.payload)
        .where(
            Outbox.ballot_id == ballot_id,
            Outbox.kind == "ballot_refresh",
            Outbox.status == OutboxStatus.SENT,
        )
        .order_by(Outbox.sent_at.desc(), Outbox.id.desc())
        .limit(1)
    )
    return None if payload is None else payload.get("digest")


async def remember_digest(session: AsyncSession, row_id: int, digest: str) -> None:
    await session.execute(
        update(Outbox).where(Outbox.id == row_id).values(payload={"digest": digest})
    )


async def open_ballots(session: AsyncSession, committee_id: int) -> list[Ballot]:
    """Ballots still running (voting or asking for consent), oldest first."""
    rows = await session.scalars(
        select(Ballot)
        .where(Ballot.committee_id == committee_id, Ballot.status.in_(("open", "consent")))
        .order_by(Ballot.id)
    )
    return list(rows)


async def of_meeting(session: AsyncSession, committee_id: int, meeting_id: int) -> list[Ballot]:
    rows = await session.scalars(
        select(Ballot)
        .where(Ballot.committee_id == committee_id, Ballot.meeting_id == meeting_id)
        .order_by(Ballot.id)
    )
    return list(rows)


async def written_closed_between(
    session: AsyncSession, committee_id: int, after: datetime | None, until: datetime
) -> list[Ballot]:
    """Written procedures (Umlaufverfahren) closed in (`after`, `until`]."""
    query = select(Ballot).where(
        Ballot.committee_id == committee_id,
        Ballot.written.is_(True),
        Ballot.status == "closed",
        Ballot.closed_at <= until,
    )
    if after is not None:
        query = query.where(Ballot.closed_at > after)
    return list(await session.scalars(query.order_by(Ballot.closed_at, Ballot.id)))


async def move_chat(session: AsyncSession, old_chat_id: int, new_chat_id: int) -> list[int]:
    """The group became a supergroup: ballots follow it; their live messages stay behind in
    the old chat. Returns the ids of the running ones (to be posted again)."""
    running = list(
        await session.scalars(
            select(Ballot.id)
            .where(Ballot.chat_id == old_chat_id, Ballot.status.in_(("open", "consent")))
            .order_by(Ballot.id)
        )
    )
    await session.execute(
        update(Ballot)
        .where(Ballot.chat_id == old_chat_id)
        .values(chat_id=new_chat_id, message_id=None)
    )
    return running


async def set_message(session: AsyncSession, ballot_id: int, message_id: int) -> None:
    await session.execute(
        update(Ballot).where(Ballot.id == ballot_id).values(message_id=message_id)
    )
