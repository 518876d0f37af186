"""Who chairs a meeting (Vorsitz), for its Niederschrift and the records of its ballots.

The office enters it before or after the meeting (the chair is often settled only on the day);
the card and the reminders do not show it, so nobody is notified. Without an entry the minutes
name the Regionale Koordination, which runs the RAK's office.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rakbot.runtime import Runtime
from rakbot.services.meetings import CANCELLED
from storage.models import Meeting
from storage.repositories import audit
from storage.repositories import meetings as repo
from storage.session import AsyncSession


class ChairOutcome(StrEnum):
    DONE = "done"
    UNKNOWN = "unknown"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class ChairResult:
    outcome: ChairOutcome
    chair: str | None = None


def _refused(meeting: Meeting | None) -> ChairResult:
    if meeting is None:
        return ChairResult(ChairOutcome.UNKNOWN)
    return ChairResult(ChairOutcome.CANCELLED, meeting.chair)


async def set_chair(
    runtime: Runtime,
    committee_id: int,
    meeting_id: int,
    chair: str | None,
    *,
    actor_member_id: int | None,
) -> ChairResult:
    """Enter (or with None remove) the chair of a meeting that was not cancelled."""

    async def work(session: AsyncSession) -> ChairResult:
        meeting = await repo.get_for_update(session, committee_id, meeting_id)
        if meeting is None or meeting.status == CANCELLED:
            return _refused(meeting)
        old, meeting.chair = meeting.chair, chair
        audit.record(
            session,
            committee_id=committee_id,
            actor_member_id=actor_member_id,
            action="meeting.chair_set",
            subject=f"meeting:{meeting.id}",
            old=old,
            new=chair,
        )
        return ChairResult(ChairOutcome.DONE, chair)

    return await runtime.db.run(work)


async def chair_of(runtime: Runtime, committee_id: int, meeting_id: int) -> ChairResult:
    async def work(session: AsyncSession) -> ChairResult:
        meeting = await repo.get(session, committee_id, meeting_id)
        if meeting is None or meeting.status == CANCELLED:
            return _refused(meeting)
        return ChairResult(ChairOutcome.DONE, meeting.chair)

    return await runtime.db.run(work)
