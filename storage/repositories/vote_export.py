"""The query behind the votes export (every vote cast, with its ballot, institution and voter)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Ballot, BallotVote, Institution, Member


async def all_votes(
    session: AsyncSession,
) -> list[tuple[Ballot, BallotVote, Institution, Member]]:
    """Every vote, ballot by ballot, institutions in their order."""
    found = await session.execute(
        select(Ballot, BallotVote, Institution, Member)
        .join(BallotVote, BallotVote.ballot_id == Ballot.id)
        .join(Institution, Institution.id == BallotVote.institution_id)
        .join(Member, Member.id == BallotVote.member_id)
        .order_by(Ballot.id, Institution.sort_order, BallotVote.id)
    )
    return [(ballot, vote, institution, member) for ballot, vote, institution, member in found]
