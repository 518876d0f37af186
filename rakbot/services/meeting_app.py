"""Meetings as one member sees them in the Mini App: the upcoming ones with their own answer
and what each agenda item concerns."""

from __future__ import annotations

from dataclasses import dataclass

from rakbot.runtime import Runtime
from rakbot.services.agenda_links import ItemView, items_of
from rakbot.services.meeting_views import Answer, MeetingView, view_in
from storage.repositories import meetings as repo
from storage.session import AsyncSession


@dataclass(frozen=True)
class OwnMeeting:
    meeting: MeetingView
    #: the member's answer, None before they answered
    answer: Answer | None
    #: the agenda, each item with its proposals and ballots
    items: tuple[ItemView, ...] = ()


async def upcoming_for(
    runtime: Runtime, committee_id: int, member_id: int | None
) -> list[OwnMeeting]:
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> list[OwnMeeting]:
        found = await repo.upcoming(session, committee_id, now)
        shown = []
        for meeting in found:
            rsvp = None if member_id is None else await repo.rsvp_of(session, meeting.id, member_id)
            answer = Answer(rsvp.answer) if rsvp is not None else None
            items = await items_of(session, meeting)
            shown.append(OwnMeeting(await view_in(session, meeting), answer, items))
        return shown

    return await runtime.db.run(work)
