"""The two ballots of a competition round: scoring its proposals (0–10 points each), then the
decision on the selection that fits the budgets. Each opens in one unit of work with the round's
status change, so a double press opens it once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from rakbot.domain.money import format_euro
from rakbot.domain.voting import BallotKind
from rakbot.i18n import GROUP_LANGUAGE, translator
from rakbot.runtime import Runtime
from rakbot.services import ballots, competition
from rakbot.services.competition import RoundStatus, RoundView
from rakbot.services.group_migration import REPOST_KIND
from storage.models import Ballot, Committee, CompetitionRound, Proposal
from storage.repositories import audit, entities, outbox
from storage.repositories import ballots as ballot_repo
from storage.session import AsyncSession

QUESTION_LIMIT = 500


class RoundRefusal(StrEnum):
    UNKNOWN = "unknown"
    WRONG_STATUS = "wrong_status"
    NO_GROUP = "no_group"
    TOO_FEW = "too_few"
    TOO_MANY = "too_many"
    NOTHING_SELECTED = "nothing_selected"
    PAST = "past"


@dataclass(frozen=True)
class Opened:
    created: ballots.Created | None = None
    refusal: RoundRefusal | None = None
    status: RoundStatus | None = None


async def open_scoring(
    runtime: Runtime,
    committee_id: int,
    round_id: int,
    closes_at: datetime,
    *,
    member_id: int | None,
    through_outbox: bool = False,
) -> Opened:
    """Put every proposal of an open round to a scoring ballot in the group."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> Opened:
        # scored: after the selection was not confirmed, the round may be scored anew
        allowed = (RoundStatus.OPEN, RoundStatus.SCORED)
        checked = await _checked(session, committee_id, round_id, allowed, closes_at, now)
        if isinstance(checked, Opened):
            return checked
        found, committee = checked
        proposals = await competition.round_proposals(session, found.id)
        if len(proposals) < 2:
            return Opened(refusal=RoundRefusal.TOO_FEW)
        if len(proposals) > ballots.MAX_SCORED_OPTIONS:
            return Opened(refusal=RoundRefusal.TOO_MANY)
        t = translator(GROUP_LANGUAGE)
        ballot = await ballots.new_ballot(
            session,
            committee,
            kind=BallotKind.SCORE,
            question=t("Bewertung im Wettbewerb „{name}“ (0–10 Punkte je Antrag)", name=found.name)[
                :QUESTION_LIMIT
            ],
            options=competition.scoring_options(proposals),
            secret=False,
            written=False,
            closes_at=closes_at,
            round_id=found.id,
            member_id=member_id,
            now=now,
        )
        found.status = RoundStatus.SCORING
        return Opened(await _created(session, committee, ballot, now, through_outbox))

    return await runtime.db.run(work)


async def open_confirmation(
    runtime: Runtime,
    committee_id: int,
    round_id: int,
    closes_at: datetime,
    *,
    member_id: int | None,
    through_outbox: bool = False,
) -> Opened:
    """Put the selection of a scored round to a decision; the applicants of the selected
    proposals are excluded, the selection is frozen until the decision closes."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> Opened:
        checked = await _checked(
            session, committee_id, round_id, (RoundStatus.SCORED,), closes_at, now
        )
        if isinstance(checked, Opened):
            return checked
        found, committee = checked
        view = await competition.view_in(session, found)
        selected = view.selected
        if not selected:
            return Opened(refusal=RoundRefusal.NOTHING_SELECTED)
        found.selection = [p.id for p in selected]
        ballot = await ballots.new_ballot(
            session,
            committee,
            kind=BallotKind.DECISION,
            question=_selection_question(view)[:QUESTION_LIMIT],
            secret=False,
            written=False,
            closes_at=closes_at,
            round_id=found.id,
            member_id=member_id,
            now=now,
        )
        for proposal in await competition.round_proposals(session, found.id):
            if proposal.status == "submitted":
                proposal.status = "voting"
            if proposal.id in found.selection:
                await _exclude_applicant(session, ballot.id, proposal, now)
        found.status = RoundStatus.CONFIRMING
        return Opened(await _created(session, committee, ballot, now, through_outbox))

    return await runtime.db.run(work)


async def _checked(
    session: AsyncSession,
    committee_id: int,
    round_id: int,
    expected: tuple[RoundStatus, ...],
    closes_at: datetime,
    now: datetime,
) -> tuple[CompetitionRound, Committee] | Opened:
    found = await competition.get_round(session, committee_id, round_id, lock=True)
    if found is None:
        return Opened(refusal=RoundRefusal.UNKNOWN)
    if found.status not in expected:
        return Opened(refusal=RoundRefusal.WRONG_STATUS, status=RoundStatus(found.status))
    committee = await entities.by_id_or_fail(session, Committee, committee_id)
    if committee.chat_id is None:
        return Opened(refusal=RoundRefusal.NO_GROUP)
    if closes_at <= now:
        return Opened(refusal=RoundRefusal.PAST)
    return found, committee


def _selection_question(view: RoundView) -> str:
    t = translator(GROUP_LANGUAGE)
    parts = []
    for area in view.areas:
        chosen = [p for p in area.proposals if p.selected]
        if chosen:
            parts.append(
                t(
                    "Bereich {area}: {items} ({total} von {budget})",
                    area=area.code,
                    items=", ".join(f"Nr. {p.id} {p.title}" for p in chosen),
                    total=format_euro(area.selected_cents),
                    budget=format_euro(area.budget_cents),
                )
            )
    return t(
        "Förderempfehlung im Wettbewerb „{name}“ bestätigen – {selection}",
        name=view.name,
        selection="; ".join(parts),
    )


async def _exclude_applicant(
    session: AsyncSession, ballot_id: int, proposal: Proposal, now: datetime
) -> None:
    if proposal.applicant_institution_id is None:
        return
    added = await ballot_repo.add_conflict(
        session,
        ballot_id=ballot_id,
        institution_id=proposal.applicant_institution_id,
        reason="applicant",
        member_id=None,
        now=now,
    )
    if added:
        audit.record(
            session,
            committee_id=proposal.committee_id,
            actor_member_id=None,
            action="ballot.conflict",
            subject=f"ballot:{ballot_id}",
            institution_id=proposal.applicant_institution_id,
            reason="applicant",
        )


async def _created(
    session: AsyncSession,
    committee: Committee,
    ballot: Ballot,
    now: datetime,
    through_outbox: bool,
) -> ballots.Created:
    """The new ballot. With `through_outbox` (opened from the Mini App, where no handler posts
    it) its live message is planned in the same commit and posted once by the dispatcher."""
    assert committee.chat_id is not None
    if through_outbox:
        await outbox.enqueue(
            session,
            dedup_key=f"{REPOST_KIND}:{ballot.id}:{committee.chat_id}",
            kind=REPOST_KIND,
            due_at=now,
            chat_id=committee.chat_id,
            payload={},
            committee_id=committee.id,
            ballot_id=ballot.id,
        )
    return ballots.Created(
        ballot.id, committee.chat_id, await ballots.build_view(session, ballot), committee.id
    )
