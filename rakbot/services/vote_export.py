"""`rakbot export votes`: every recorded vote as CSV, for audits.

Secret ballots keep their secrecy here too: the row shows that an institution took part, never
the person nor the choice (which together with the institution would reveal its vote).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rakbot.services.spreadsheet import BOM, safe_cell
from storage.db import Database
from storage.models import Ballot, BallotVote, Institution, Member

#: the choice cell of a secret ballot
SECRET = "geheim"
HEADER = (
    "ballot_id",
    "question",
    "kind",
    "status",
    "secret",
    "written",
    "closed_at",
    "result",
    "institution",
    "member",
    "role",
    "choice",
    "cast_at",
    "changes",
)


def choice_text(value: Any) -> str:
    """A stored choice in one cell: `yes`, `o1;o3` (options), `o1=yes;o2=maybe` (dates),
    `o1=7;o2=5` (points)."""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        return ";".join(f"{k}={v}" for k, v in value.items())
    return str(value)


async def votes_csv(db: Database) -> str:
    async def work(session: AsyncSession) -> list[tuple[str, ...]]:
        rows = await session.execute(
            select(Ballot, BallotVote, Institution, Member)
            .join(BallotVote, BallotVote.ballot_id == Ballot.id)
            .join(Institution, Institution.id == BallotVote.institution_id)
            .join(Member, Member.id == BallotVote.member_id)
            .order_by(Ballot.id, Institution.sort_order, BallotVote.id)
        )
        return [
            (
                str(ballot.id),
                ballot.question,
                ballot.kind,
                ballot.status,
                "ja" if ballot.secret else "nein",
                "ja" if ballot.written else "nein",
                ballot.closed_at.isoformat() if ballot.closed_at else "",
                (ballot.result or {}).get("status", ""),
                institution.name,
                "" if ballot.secret else member.display_name,
                vote.role,
                SECRET if ballot.secret else choice_text(vote.choice.get("value", "")),
                vote.cast_at.isoformat(),
                str(vote.changes),
            )
            for ballot, vote, institution, member in rows.all()
        ]

    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows([safe_cell(cell) for cell in row] for row in await db.run(work))
    return buffer.getvalue()
