"""Queries behind the files the office takes away: recorded votes for the exports."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Ballot, BallotVote, Institution, Member


async def recorded_votes(
    session: AsyncSession, committee_id: int | None = None, *, open_only: bool = False
) -> Sequence[tuple[Ballot, BallotVote, Institution, Member]]:
    """Every stored vote with its ballot, institution and member, by ballot and roster order.
    `committee_id` None: of every committee (the server export); `open_only`: without secret
    ballots (the chat export, where not even the fact of a choice per institution is shown)."""
    query = (
        select(Ballot, BallotVote, Institution, Member)
        .join(BallotVote, BallotVote.ballot_id == Ballot.id)
        .join(Institution, Institution.id == BallotVote.institution_id)
        .join(Member, Member.id == BallotVote.member_id)
        .order_by(Ballot.id, Institution.sort_order, BallotVote.id)
    )
    if committee_id is not None:
        query = query.where(Ballot.committee_id == committee_id)
    if open_only:
        query = query.where(Ballot.secret.is_(False))
    rows = await session.execute(query)
    return [(ballot, vote, institution, member) for ballot, vote, institution, member in rows]
