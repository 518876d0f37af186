"""Competition rounds (Wettbewerbsverfahren): budgets per funding area, the proposals of the
round, their scores from the round's scoring ballot, and the ranking and selection within each
budget.

A round goes open → scoring (a scoring ballot runs) → scored → confirming (the RAK votes on the
selection) → decided. The ranking is always computed from the database, so the overview shows
the live state while the scoring ballot runs and the final one once it has closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rakbot.domain.budget import (
    Candidate,
    ScoreSummary,
    Selection,
    mean_scores,
    rank_candidates,
    select_within_budget,
)
from rakbot.domain.voting import BallotKind
from rakbot.runtime import Runtime
from rakbot.services.ballots import load_facts
from storage.models import Ballot, CompetitionRound, Proposal
from storage.repositories import audit, entities
from storage.repositories import ballots as ballot_repo
from storage.repositories import competition as round_repo
from storage.session import AsyncSession


class RoundStatus(StrEnum):
    OPEN = "open"
    SCORING = "scoring"
    SCORED = "scored"
    CONFIRMING = "confirming"
    DECIDED = "decided"


class Placement(StrEnum):
    SELECTED = "selected"
    NOT_FITTING = "not_fitting"
    """Ranked above the cut-off, but too expensive for what was left at its turn."""
    BELOW_CUTOFF = "below_cutoff"
    UNSCORED = "unscored"


@dataclass(frozen=True)
class RankedProposal:
    id: int
    title: str
    applicant: str
    amount_cents: int
    score: ScoreSummary
    placement: Placement
    status: str

    @property
    def selected(self) -> bool:
        return self.placement is Placement.SELECTED


@dataclass(frozen=True)
class AreaView:
    code: str
    budget_cents: int
    proposals: tuple[RankedProposal, ...]
    selected_cents: int
    #: index in `proposals` of the last selected one: the budget line is drawn below it
    cutoff_rank: int | None

    @property
    def remaining_cents(self) -> int:
        return self.budget_cents - self.selected_cents


@dataclass(frozen=True)
class RoundView:
    id: int
    name: str
    status: RoundStatus
    areas: tuple[AreaView, ...]
    scoring_ballot_id: int | None
    confirm_ballot_id: int | None
    #: the last scoring ballot, closed without quorum (the round is open again)
    unquorate_scoring_id: int | None = None

    @property
    def proposal_count(self) -> int:
        return sum(len(area.proposals) for area in self.areas)

    @property
    def selected(self) -> list[RankedProposal]:
        return [p for area in self.areas for p in area.proposals if p.selected]


@dataclass(frozen=True)
class RoundSummary:
    id: int
    name: str
    status: RoundStatus
    budget_cents: int


async def create_round(
    runtime: Runtime,
    committee_id: int,
    name: str,
    budgets: dict[str, int],
    *,
    actor_member_id: int | None,
) -> RoundView:
    """Open a round; every submitted proposal of its areas not yet in a round joins it."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> RoundView:
        found = CompetitionRound(
            committee_id=committee_id,
            name=name,
            budgets=budgets,
            status=RoundStatus.OPEN,
            selection=[],
            created_at=now,
        )
        await entities.insert(session, found)
        for proposal in await round_repo.unassigned_submissions(
            session, committee_id, list(budgets)
        ):
            proposal.round_id = found.id
        audit.record(
            session,
            committee_id=committee_id,
            actor_member_id=actor_member_id,
            action="round.created",
            subject=f"round:{found.id}",
            budgets=budgets,
        )
        await entities.write_pending(session)
        return await view_in(session, found)

    return await runtime.db.run(work)


async def rounds(runtime: Runtime, committee_id: int) -> list[RoundSummary]:
    async def work(session: AsyncSession) -> list[RoundSummary]:
        rows = await round_repo.recent_rounds(session, committee_id, limit=20)
        return [
            RoundSummary(r.id, r.name, RoundStatus(r.status), sum(r.budgets.values())) for r in rows
        ]

    return await runtime.db.run(work)


async def overview(runtime: Runtime, committee_id: int, round_id: int) -> RoundView | None:
    async def work(session: AsyncSession) -> RoundView | None:
        found = await get_round(session, committee_id, round_id)
        return None if found is None else await view_in(session, found)

    return await runtime.db.run(work)


async def get_round(
    session: AsyncSession, committee_id: int, round_id: int, *, lock: bool = False
) -> CompetitionRound | None:
    return await round_repo.round_in(session, committee_id, round_id, lock=lock)


async def round_ballot(session: AsyncSession, round_id: int, kind: BallotKind) -> Ballot | None:
    """The round's latest ballot of this kind (scoring, or the decision on the selection)."""
    return await round_repo.latest_round_ballot(session, round_id, kind.value)


async def round_proposals(session: AsyncSession, round_id: int) -> list[Proposal]:
    return await round_repo.round_proposals(session, round_id)


async def view_in(session: AsyncSession, found: CompetitionRound) -> RoundView:
    proposals = await round_proposals(session, found.id)
    scoring = await round_ballot(session, found.id, BallotKind.SCORE)
    confirm = await round_ballot(session, found.id, BallotKind.DECISION)
    failed = None
    if found.status == RoundStatus.OPEN and scoring is not None:
        # the last scoring had no quorum: its points select nothing
        failed, scoring = scoring.id, None
    summaries = await _scores(session, scoring, proposals)
    names = {i.id: i.name for i in await ballot_repo.institutions(session, found.committee_id)}
    frozen = set(found.selection or [])
    areas = []
    for code, budget in found.budgets.items():
        in_area = [p for p in proposals if p.funding_area == code]
        ranked = rank_candidates(
            Candidate(p.id, p.title, summaries[p.id].mean, p.amount_cents) for p in in_area
        )
        placements = _placements(select_within_budget(ranked, budget), frozen)
        by_id = {p.id: p for p in in_area}
        rows = tuple(
            RankedProposal(
                id=c.proposal_id,
                title=c.title,
                applicant=_applicant(by_id[c.proposal_id], names),
                amount_cents=c.amount_cents,
                score=summaries[c.proposal_id],
                placement=placements[c.proposal_id],
                status=by_id[c.proposal_id].status,
            )
            for c in ranked
        )
        chosen = [index for index, row in enumerate(rows) if row.selected]
        areas.append(
            AreaView(
                code,
                budget,
                rows,
                sum(r.amount_cents for r in rows if r.selected),
                chosen[-1] if chosen else None,
            )
        )
    return RoundView(
        id=found.id,
        name=found.name,
        status=RoundStatus(found.status),
        areas=tuple(areas),
        scoring_ballot_id=None if scoring is None else scoring.id,
        confirm_ballot_id=None if confirm is None else confirm.id,
        unquorate_scoring_id=failed,
    )


def _placements(selection: Selection, frozen: set[int]) -> dict[int, Placement]:
    """Where each proposal stands; once the selection is put to the vote (`frozen`), that set
    is what stays selected, whatever scores change later."""
    placed = {
        **{c.proposal_id: Placement.UNSCORED for c in selection.unscored},
        **{c.proposal_id: Placement.BELOW_CUTOFF for c in selection.below_cutoff},
        **{c.proposal_id: Placement.NOT_FITTING for c in selection.skipped_not_fitting},
        **{c.proposal_id: Placement.SELECTED for c in selection.selected},
    }
    if frozen:
        for proposal_id, placement in placed.items():
            if proposal_id in frozen:
                placed[proposal_id] = Placement.SELECTED
            elif placement is Placement.SELECTED:
                placed[proposal_id] = Placement.BELOW_CUTOFF
    return placed


def _applicant(proposal: Proposal, names: dict[int, str]) -> str:
    if proposal.applicant_institution_id is not None:
        return names.get(proposal.applicant_institution_id, proposal.applicant_name)
    return proposal.applicant_name


async def _scores(
    session: AsyncSession, scoring: Ballot | None, proposals: list[Proposal]
) -> dict[int, ScoreSummary]:
    """Mean points per proposal from the counted votes of the scoring ballot (one per
    institution, the representative's first), without an applicant's points for its own."""
    applicant_of = {p.id: p.applicant_institution_id for p in proposals}
    if scoring is None:
        return mean_scores({}, applicant_of)
    proposal_of = {
        str(option["key"]): int(option["proposal_id"])
        for option in scoring.options
        if option.get("proposal_id") is not None
    }
    _eligible, counted = (await load_facts(session, scoring)).counted()
    scores = {
        institution: {
            proposal_of[key]: int(points)
            for key, points in dict(vote.choice).items()  # type: ignore[arg-type]
            if key in proposal_of
        }
        for institution, vote in counted.items()
    }
    return mean_scores(scores, applicant_of)


def scoring_options(proposals: list[Proposal]) -> list[dict[str, object]]:
    """The options of a scoring ballot over the round's proposals."""
    return [
        {"key": f"p{p.id}", "label": f"{p.funding_area} · {p.title}"[:100], "proposal_id": p.id}
        for p in proposals
    ]
