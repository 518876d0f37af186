"""Funding proposals (Anträge): created, edited and withdrawn by the office (in the chat's dialog
or the Mini App's form), listed per funding area and status."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rakbot.domain.text_input import Bounds, check_length, clean_line
from rakbot.i18n import N_
from rakbot.runtime import Runtime
from rakbot.services.proposal_input import (
    UNKNOWN_AREA,
    UNKNOWN_INSTITUTION,
    FieldProblem,
    ProposalInputError,
    check_field,
)
from storage.models import Proposal
from storage.repositories import audit, ballots, dialogs, entities
from storage.repositories import documents as document_rows
from storage.repositories import proposals as proposal_rows
from storage.session import AsyncSession

DIALOG_KIND = "proposal"
STATUSES = ("submitted", "voting", "approved", "rejected", "deferred", "withdrawn")
STATUS_NAMES = {
    "submitted": N_("eingereicht"),
    "voting": N_("in Abstimmung"),
    "approved": N_("bewilligt"),
    "rejected": N_("abgelehnt"),
    "deferred": N_("vertagt"),
    "withdrawn": N_("zurückgezogen"),
}
#: a proposal can be corrected or withdrawn only before a ballot takes it and after a deferral
CHANGEABLE = ("submitted", "deferred")
REASON_BOUNDS = Bounds(3, 500)
ERRORS = {
    "not_found": N_("Diesen Antrag gibt es nicht (mehr)."),
    "locked": N_(
        "Dieser Antrag ist in Abstimmung, entschieden oder zurückgezogen und kann nicht mehr "
        "geändert werden."
    ),
    "round_area": N_(
        "Der Antrag gehört zu einem Wettbewerb; sein Förderbereich kann nicht mehr geändert werden."
    ),
    "reason": N_("Bitte einen Grund angeben (3 bis 500 Zeichen)."),
}


class ProposalError(ValueError):
    """A change the rules refuse; `reason` is a key of `ERRORS`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ProposalFormError(ValueError):
    """Every field of a form that is refused, each with its message."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(", ".join(p.field for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class ProposalForm:
    """A proposal as typed into a form: text as typed, the amount the German way."""

    title: str
    area: str
    applicant: str
    amount: str
    duration: str
    description: str = ""
    institution_id: int | None = None


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
    applicant_institution_id: int | None = None
    #: documents attached to it (`rakbot.services.documents`)
    documents: int = 0


@dataclass(frozen=True)
class InstitutionChoice:
    id: int
    name: str


def _view(proposal: Proposal, names: dict[int, str], documents: int = 0) -> ProposalView:
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
        applicant_institution_id=proposal.applicant_institution_id,
        documents=documents,
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
        await entities.insert(session, proposal)
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
        counts = await document_rows.count_per_proposal(session, committee_id)
        return [
            _view(p, names, counts.get(p.id, 0))
            for p in await ballots.proposals(session, committee_id)
        ]

    return await runtime.db.run(work)


async def detail(runtime: Runtime, committee_id: int, proposal_id: int) -> ProposalView | None:
    async def work(session: AsyncSession) -> ProposalView | None:
        found = await ballots.proposal(session, committee_id, proposal_id)
        if found is None:
            return None
        names = {i.id: i.name for i in await ballots.institutions(session, committee_id)}
        return _view(found, names, len(await document_rows.of_proposal(session, found.id)))

    return await runtime.db.run(work)


def _checked(form: ProposalForm, areas: set[str], institutions: set[int]) -> dict[str, Any]:
    """The stored values of a form, or `ProposalFormError` naming every refused field."""
    values: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    typed = {
        "title": form.title,
        "applicant": form.applicant,
        "amount": form.amount,
        "duration": form.duration,
        "description": form.description,
    }
    for name, raw in typed.items():
        try:
            values[name] = check_field(name, raw)
        except ProposalInputError as error:
            problems.append(error.problem)
    if form.area not in areas:
        problems.append(FieldProblem("area", UNKNOWN_AREA))
    if form.institution_id is not None and form.institution_id not in institutions:
        problems.append(FieldProblem("institution_id", UNKNOWN_INSTITUTION))
    if problems:
        raise ProposalFormError(problems)
    return {
        "title": values["title"],
        "funding_area": form.area,
        "applicant_name": values["applicant"],
        "applicant_institution_id": form.institution_id,
        "amount_cents": values["amount"],
        "duration": values["duration"],
        "description": values["description"],
    }


def _area_codes(runtime: Runtime) -> set[str]:
    return {area.code for area in runtime.content.funding_areas}


async def create(
    runtime: Runtime, *, committee_id: int, member_id: int | None, form: ProposalForm
) -> ProposalView:
    """A new proposal from the Mini App's form: the same rules and audit entry as the chat."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> ProposalView:
        institutions = await ballots.institutions(session, committee_id)
        values = _checked(form, _area_codes(runtime), {i.id for i in institutions})
        proposal = await proposal_rows.add(
            session,
            committee_id=committee_id,
            status="submitted",
            created_by_member_id=member_id,
            created_at=now,
            **values,
        )
        audit.record(
            session,
            committee_id=committee_id,
            actor_member_id=member_id,
            action="proposal.created",
            subject=f"proposal:{proposal.id}",
            amount_cents=proposal.amount_cents,
            funding_area=proposal.funding_area,
        )
        return _view(proposal, {i.id: i.name for i in institutions})

    return await runtime.db.run(work)


async def edit(
    runtime: Runtime,
    *,
    committee_id: int,
    member_id: int | None,
    proposal_id: int,
    form: ProposalForm,
) -> ProposalView:
    """Correct a proposal that no ballot has taken yet; the audit entry names the changed
    fields (and the new amount). `ProposalError` or `ProposalFormError` when refused."""

    async def work(session: AsyncSession) -> ProposalView:
        found = await proposal_rows.for_update(session, committee_id, proposal_id)
        if found is None:
            raise ProposalError("not_found")
        if found.status not in CHANGEABLE or await proposal_rows.in_running_ballot(
            session, found.id
        ):
            raise ProposalError("locked")
        institutions = await ballots.institutions(session, committee_id)
        values = _checked(form, _area_codes(runtime), {i.id for i in institutions})
        if found.round_id is not None and values["funding_area"] != found.funding_area:
            raise ProposalError("round_area")
        changed = sorted(key for key, value in values.items() if getattr(found, key) != value)
        if changed:
            if not await proposal_rows.change_if_status(session, found.id, CHANGEABLE, values):
                raise ProposalError("locked")
            audit.record(
                session,
                committee_id=committee_id,
                actor_member_id=member_id,
                action="proposal.edited",
                subject=f"proposal:{found.id}",
                fields=changed,
                amount_cents=values["amount_cents"],
            )
        return _view(found, {i.id: i.name for i in institutions})

    return await runtime.db.run(work)


async def withdraw(
    runtime: Runtime, *, committee_id: int, member_id: int | None, proposal_id: int, reason: str
) -> ProposalView:
    """The applicant withdrew it: status "withdrawn", out of any round, the reason audited."""
    text = clean_line(reason)
    if check_length(text, REASON_BOUNDS) is not None:
        raise ProposalError("reason")

    async def work(session: AsyncSession) -> ProposalView:
        found = await proposal_rows.for_update(session, committee_id, proposal_id)
        if found is None:
            raise ProposalError("not_found")
        if await proposal_rows.in_running_ballot(session, found.id):
            raise ProposalError("locked")
        values = {"status": "withdrawn", "round_id": None}
        if not await proposal_rows.change_if_status(session, found.id, CHANGEABLE, values):
            raise ProposalError("locked")
        audit.record(
            session,
            committee_id=committee_id,
            actor_member_id=member_id,
            action="proposal.withdrawn",
            subject=f"proposal:{found.id}",
            reason=text,
        )
        names = {i.id: i.name for i in await ballots.institutions(session, committee_id)}
        return _view(found, names)

    return await runtime.db.run(work)
