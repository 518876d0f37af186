"""Which proposals and ballots an agenda item concerns.

A ballot carries its own link (`Ballot.meeting_id` and `Ballot.agenda_item`, chosen when it is
set up in the chat or later here); the proposals of an item are kept on the meeting as
`[item, proposal_id]` pairs. When the chat replaces the agenda, the proposals follow their item
as the ballots do (`follow_agenda_edit`); when the Mini App saves the agenda, it says for every
item which proposals and ballots belong to it, and that replaces what was linked before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from rakbot.domain.meeting_minutes import follow_agenda_edit
from rakbot.services import ballots as ballot_service
from storage.models import Ballot, Meeting
from storage.repositories import ballots as ballot_repo
from storage.session import AsyncSession

#: links per agenda item, proposals and ballots each
MAX_PER_ITEM = 20


@dataclass(frozen=True)
class ItemLinks:
    """What one agenda item concerns, by id (as the app sends it)."""

    proposals: tuple[int, ...] = ()
    ballots: tuple[int, ...] = ()


class AgendaLinkError(ValueError):
    """A link the rules do not allow. `reason`: "too_many", "unknown_proposal",
    "unknown_ballot", "written_ballot", "other_meeting", "ballot_twice"; `number` is the
    proposal or ballot, `item` the agenda item (1-based, as people count)."""

    def __init__(self, reason: str, item: int, number: int = 0) -> None:
        super().__init__(reason)
        self.reason, self.item, self.number = reason, item, number


@dataclass(frozen=True)
class LinkedProposal:
    id: int
    title: str
    status: str


@dataclass(frozen=True)
class LinkedBallot:
    id: int
    question: str
    status: str


@dataclass(frozen=True)
class ItemView:
    text: str
    proposals: tuple[LinkedProposal, ...]
    ballots: tuple[LinkedBallot, ...]


def proposal_pairs(meeting: Meeting) -> list[tuple[int, int]]:
    return [(int(item), int(pid)) for item, pid in meeting.agenda_proposals or ()]


def follow(meeting: Meeting, old_agenda: Sequence[str]) -> None:
    """After the chat replaced the agenda: each proposal stays with its item, wherever it
    moved; a link whose item is gone is dropped."""
    new_agenda = list(meeting.agenda or ())
    kept = []
    for item, proposal_id in proposal_pairs(meeting):
        moved = follow_agenda_edit(old_agenda, new_agenda, item)
        if moved is not None:
            kept.append([moved, proposal_id])
    meeting.agenda_proposals = kept


async def replace(
    session: AsyncSession, meeting: Meeting, links: Sequence[ItemLinks], now: datetime
) -> None:
    """The links the office chose, one `ItemLinks` per agenda item; raises `AgendaLinkError`
    (the caller's transaction is then rolled back)."""
    pairs: list[list[int]] = []
    chosen: dict[int, int] = {}
    for item, linked in enumerate(links):
        if max(len(linked.proposals), len(linked.ballots)) > MAX_PER_ITEM:
            raise AgendaLinkError("too_many", item + 1)
        for proposal_id in dict.fromkeys(linked.proposals):
            if await ballot_repo.proposal(session, meeting.committee_id, proposal_id) is None:
                raise AgendaLinkError("unknown_proposal", item + 1, proposal_id)
            pairs.append([item, proposal_id])
        for ballot_id in linked.ballots:
            if chosen.setdefault(ballot_id, item) != item:
                raise AgendaLinkError("ballot_twice", item + 1, ballot_id)
    meeting.agenda_proposals = pairs
    await _link_ballots(session, meeting, chosen, now)


async def _link_ballots(
    session: AsyncSession, meeting: Meeting, chosen: dict[int, int], now: datetime
) -> None:
    for ballot_id, item in chosen.items():
        ballot = await ballot_repo.ballot(session, meeting.committee_id, ballot_id)
        _check_ballot(ballot, meeting, item, ballot_id)
        assert ballot is not None
        await _set(session, ballot, meeting.id, item, now)
    for ballot in await ballot_repo.of_meeting(session, meeting.committee_id, meeting.id):
        if ballot.id not in chosen and ballot.agenda_item is not None:
            await _set(session, ballot, meeting.id, None, now)


def _check_ballot(ballot: Ballot | None, meeting: Meeting, item: int, ballot_id: int) -> None:
    if ballot is None:
        raise AgendaLinkError("unknown_ballot", item + 1, ballot_id)
    if ballot.written:
        raise AgendaLinkError("written_ballot", item + 1, ballot_id)
    if ballot.meeting_id not in (None, meeting.id):
        raise AgendaLinkError("other_meeting", item + 1, ballot_id)


async def _set(
    session: AsyncSession, ballot: Ballot, meeting_id: int, item: int | None, now: datetime
) -> None:
    if ballot.meeting_id == meeting_id and ballot.agenda_item == item:
        return
    ballot.meeting_id, ballot.agenda_item = meeting_id, item
    if ballot.status != "closed":  # a running ballot's message names its item
        await ballot_service.schedule_refresh(session, ballot, now)


async def items_of(session: AsyncSession, meeting: Meeting) -> tuple[ItemView, ...]:
    """The agenda with what each item concerns, for the meeting screen."""
    agenda = list(meeting.agenda or ())
    proposals: list[list[LinkedProposal]] = [[] for _ in agenda]
    ballots: list[list[LinkedBallot]] = [[] for _ in agenda]
    for item, proposal_id in proposal_pairs(meeting):
        found = await ballot_repo.proposal(session, meeting.committee_id, proposal_id)
        if found is not None and item < len(agenda):
            proposals[item].append(LinkedProposal(found.id, found.title, found.status))
    for ballot in await ballot_repo.of_meeting(session, meeting.committee_id, meeting.id):
        if ballot.agenda_item is not None and ballot.agenda_item < len(agenda):
            ballots[ballot.agenda_item].append(
                LinkedBallot(ballot.id, ballot.question, ballot.status)
            )
    return tuple(
        ItemView(text, tuple(proposals[i]), tuple(ballots[i])) for i, text in enumerate(agenda)
    )
