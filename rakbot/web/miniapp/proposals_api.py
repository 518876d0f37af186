"""Proposals: the table (members read it), and create, edit, withdraw (the office)."""

from __future__ import annotations

from typing import Any

from rakbot.domain.access import Audience
from rakbot.domain.money import format_euro
from rakbot.i18n import N_
from rakbot.services import proposals
from rakbot.services.proposal_input import UNKNOWN_AREA
from rakbot.services.proposals import (
    ERRORS,
    ProposalError,
    ProposalForm,
    ProposalFormError,
    ProposalView,
)
from rakbot.web.miniapp.call import BAD_REQUEST, Call, Endpoint, error

UNKNOWN_STATUS = N_("Diesen Status gibt es nicht.")
FIX_FIELDS = N_("Bitte die markierten Felder prüfen.")


def item(call: Call, p: ProposalView) -> dict[str, Any]:
    t = call.t
    return {
        "id": p.id,
        "title": p.title,
        "area": p.funding_area,
        "applicant": p.applicant_name,
        "institution": p.applicant_institution,
        "institution_id": p.applicant_institution_id,
        "amount_cents": p.amount_cents,
        "amount": format_euro(p.amount_cents, t.lang),
        # the form is typed the German way whatever the language of the page
        "amount_input": format_euro(p.amount_cents, "de"),
        "duration": p.duration,
        "description": p.description,
        "status": p.status,
        "status_label": t(proposals.STATUS_NAMES.get(p.status, p.status)),
        "changeable": p.status in proposals.CHANGEABLE,
    }


async def listing(call: Call) -> dict[str, Any]:
    query = call.request.query
    area, status = query.get("area") or None, query.get("status") or None
    if area is not None and area not in {a.code for a in call.runtime.content.funding_areas}:
        raise call.refuse(UNKNOWN_AREA)
    if status is not None and status not in proposals.STATUSES:
        raise call.refuse(UNKNOWN_STATUS)
    found = await proposals.listing(call.runtime, call.who.committee_id)
    chosen = [
        p
        for p in found
        if (area is None or p.funding_area == area) and (status is None or p.status == status)
    ]
    return {"proposals": [item(call, p) for p in chosen]}


async def detail(call: Call) -> dict[str, Any]:
    found = await proposals.detail(call.runtime, call.who.committee_id, call.number("id"))
    if found is None:
        raise call.refuse(ERRORS["not_found"], 404)
    return item(call, found)


async def _form(call: Call) -> ProposalForm:
    data = await call.body()
    text = {
        key: data.get(key, "")
        for key in ("title", "area", "applicant", "amount", "duration", "description")
    }
    institution = data.get("institution_id")
    if not all(isinstance(value, str) for value in text.values()) or not (
        institution is None or (isinstance(institution, int) and not isinstance(institution, bool))
    ):
        raise call.refuse(BAD_REQUEST)
    return ProposalForm(institution_id=institution, **text)


def _refused(call: Call, refused: ProposalFormError) -> Exception:
    fields = {p.field: call.t(p.message, **p.values) for p in refused.problems}
    return error(400, call.t(FIX_FIELDS), fields=fields)


async def create(call: Call) -> dict[str, Any]:
    form = await _form(call)
    try:
        saved = await proposals.create(
            call.runtime,
            committee_id=call.who.committee_id,
            member_id=call.who.member_id,
            form=form,
        )
    except ProposalFormError as refused:
        raise _refused(call, refused) from None
    return item(call, saved)


async def edit(call: Call) -> dict[str, Any]:
    proposal_id = call.number("id")
    form = await _form(call)
    try:
        saved = await proposals.edit(
            call.runtime,
            committee_id=call.who.committee_id,
            member_id=call.who.member_id,
            proposal_id=proposal_id,
            form=form,
        )
    except ProposalFormError as refused:
        raise _refused(call, refused) from None
    except ProposalError as refused:
        raise _status_error(call, refused) from None
    return item(call, saved)


def _status_error(call: Call, refused: ProposalError) -> Exception:
    status = {"not_found": 404, "reason": 400}.get(refused.reason, 409)
    return call.refuse(ERRORS[refused.reason], status)


async def withdraw(call: Call) -> dict[str, Any]:
    proposal_id = call.number("id")
    reason = (await call.body()).get("reason", "")
    if not isinstance(reason, str):
        raise call.refuse(BAD_REQUEST)
    try:
        saved = await proposals.withdraw(
            call.runtime,
            committee_id=call.who.committee_id,
            member_id=call.who.member_id,
            proposal_id=proposal_id,
            reason=reason,
        )
    except ProposalError as refused:
        raise _status_error(call, refused) from None
    return item(call, saved)


ENDPOINTS = (
    Endpoint("GET", "/proposals", Audience.MEMBER, listing, "proposals by area and status"),
    Endpoint("GET", "/proposals/{id}", Audience.MEMBER, detail, "one proposal"),
    Endpoint("POST", "/proposals", Audience.COORDINATOR, create, "create a proposal", 201),
    Endpoint("PUT", "/proposals/{id}", Audience.COORDINATOR, edit, "edit a proposal"),
    Endpoint(
        "POST", "/proposals/{id}/withdraw", Audience.COORDINATOR, withdraw, "withdraw a proposal"
    ),
)
