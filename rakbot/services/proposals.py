"""Funding proposals (Anträge): created by the office, listed per funding area and status."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rakbot.runtime import Runtime
from storage.models import Proposal
from storage.repositories import audit, ballots, dialogs

DIALOG_KIND = "proposal"
STATUSES = ("submitted", "voting", "approved", "rejected", "deferred")


@dataclass(frozen=True)
class ProposalView:
    id: int
    title: str
    funding_area: str
    applicant_name: str
    applicant_institution: str | None
    amount_cents: int
    duration: str | None
    description: str | None
    status: str


@dataclass(frozen=True)
class InstitutionChoice:
    id: int
    name: str


def _view(proposal: Proposal, names: dict[int, str]) -> ProposalView:
    return ProposalView(
        id=proposal.id,
        title=proposal.title,
        funding_area=proposal.funding_area,
        applicant_name=proposal.applicant_name,
        applicant_institution=names.get(proposal.applicant_institution_id or 0),
        amount_cents=proposal.amount_cents,
        duration=proposal.duration,
        description=proposal.description,
        status=proposal.status,
    )


async def institution_choices(runtime: Runtime, committee_id: int) -> list[InstitutionChoice]:
    async def work(session: AsyncSession) -> list[InstitutionChoice]:
        rows = await ballots.institutions(session, committee_id)
        return [InstitutionChoice(i.id, i.name) for i in rows]

    return await runtime.db.run(work)


async def create_from_dialog(
    runtime: Runtime, *, committee_id: int, chat_id: int, user_id: int, member_id: int | None
) -> ProposalView | None:
    """Store the proposal of the finished dialog and end the dialog in one unit of work, so a
    double press stores it once. None when there was nothing (left) to store."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> ProposalView | None:
        dialog = await dialogs.get(session, chat_id, user_id)
        if dialog is None or dialog.kind != DIALOG_KIND or dialog.step != "confirm":
            return None
        data = dict(dialog.data)
        await dialogs.clear(session, chat_id, user_id)
        proposal = Proposal(
            committee_id=committee_id,
            title=data["title"],
            funding_area=data["area"],
            applicant_name=data["applicant"],
            applicant_institution_id=data.get("institution_id"),
            amount_cents=int(data["amount_cents"]),
            duration=data.get("duration"),
            description=data.get("description"),
            status="submitted",
            created_by_member_id=member_id,
            created_at=now,
        )
        session.add(proposal)
        await session.flush()
        audit.record(
            session,
            committee_id=committee_id,
            actor_member_id=member_id,
            action="proposal.created",
            subject=f"proposal:{proposal.id}",
            amount_cents=proposal.amount_cents,
            funding_area=proposal.funding_area,
        )
        names = {i.id: i.name for i in await ballots.institutions(session, committee_id)}
        return _view(proposal, names)

    return await runtime.db.run(work)


async def listing(runtime: Runtime, committee_id: int) -> list[ProposalView]:
    async def work(session: AsyncSession) -> list[ProposalView]:
        names = {i.id: i.name for i in await ballots.institutions(session, committee_id)}
        return [_view(p, names) for p in await ballots.proposals(session, committee_id)]

    return await runtime.db.run(work)


async def detail(runtime: Runtime, committee_id: int, proposal_id: int) -> ProposalView | None:
    async def work(session: AsyncSession) -> ProposalView | None:
        found = await ballots.proposal(session, committee_id, proposal_id)
        if found is None:
            return None
        names = {i.id: i.name for i in await ballots.institutions(session, committee_id)}
        return _view(found, names)

    return await runtime.db.run(work)
