"""Competition rounds: budgets per area, the ranking by mean score with the cut-off line and
the remaining budget; the office starts the scoring and the confirming vote from here (the
votes themselves stay in the group chat)."""

from __future__ import annotations

from typing import Any

from rakbot.domain.access import Audience
from rakbot.domain.dates import DateParseError, format_long, parse_german_datetime
from rakbot.domain.money import format_euro
from rakbot.i18n import N_
from rakbot.services import competition, competition_ballots, competition_texts
from rakbot.services.competition import AreaView, RankedProposal, RoundStatus
from rakbot.services.competition_ballots import RoundRefusal
from rakbot.services.competition_texts import STATUS_LABELS, points
from rakbot.services.date_problems import date_problem
from rakbot.web.miniapp.call import BAD_REQUEST, Call, Endpoint

STARTED = N_("Abstimmung Nr. {id} läuft in der Gruppe.")
PLACEMENTS = {
    "selected": N_("ausgewählt"),
    "not_fitting": N_("passt nicht mehr ins Budget"),
    "below_cutoff": N_("unter der Budgetgrenze"),
    "unscored": N_("noch ohne Bewertung"),
}


async def listing(call: Call) -> dict[str, Any]:
    t = call.t
    found = await competition.rounds(call.runtime, call.who.committee_id)
    return {
        "rounds": [
            {
                "id": r.id,
                "name": r.name,
                "status": r.status.value,
                "status_label": t(STATUS_LABELS[r.status]),
                "budget": format_euro(r.budget_cents, t.lang),
            }
            for r in found
        ]
    }


def _proposal(call: Call, p: RankedProposal) -> dict[str, Any]:
    t = call.t
    return {
        "id": p.id,
        "title": p.title,
        "applicant": p.applicant,
        "amount": format_euro(p.amount_cents, t.lang),
        "amount_cents": p.amount_cents,
        "mean": None if p.score.mean is None else points(p.score.mean, t.lang),
        "scorers": p.score.scorers,
        "placement": p.placement.value,
        "placement_label": t(PLACEMENTS[p.placement.value]),
    }


def _area(call: Call, area: AreaView) -> dict[str, Any]:
    lang = call.t.lang
    return {
        "code": area.code,
        "budget": format_euro(area.budget_cents, lang),
        "budget_cents": area.budget_cents,
        "selected": format_euro(area.selected_cents, lang),
        "selected_cents": area.selected_cents,
        "remaining": format_euro(area.remaining_cents, lang),
        "cutoff_rank": area.cutoff_rank,
        "proposals": [_proposal(call, p) for p in area.proposals],
    }


async def detail(call: Call) -> dict[str, Any]:
    view = await competition.overview(call.runtime, call.who.committee_id, call.number("id"))
    if view is None:
        raise call.refuse(competition_texts.ROUND_REFUSALS[RoundRefusal.UNKNOWN], 404)
    return {
        "id": view.id,
        "name": view.name,
        "status": view.status.value,
        "status_label": call.t(STATUS_LABELS[view.status]),
        "areas": [_area(call, area) for area in view.areas],
        "can_score": view.status in (RoundStatus.OPEN, RoundStatus.SCORED),
        "can_confirm": view.status is RoundStatus.SCORED,
    }


async def _open(call: Call, opener: Any) -> dict[str, Any]:
    round_id = call.number("id")
    typed = (await call.body()).get("closes")
    if not isinstance(typed, str):
        raise call.refuse(BAD_REQUEST)
    now = call.runtime.clock.now()
    try:
        closes_at = parse_german_datetime(typed, now)
    except DateParseError as error:
        raise call.refuse(date_problem(call.t, error, now)) from None
    opened = await opener(
        call.runtime,
        call.who.committee_id,
        round_id,
        closes_at,
        member_id=call.who.member_id,
        through_outbox=True,
    )
    if opened.created is None:
        status = call.t(STATUS_LABELS[opened.status]) if opened.status else ""
        code = 404 if opened.refusal is RoundRefusal.UNKNOWN else 409
        raise call.refuse(competition_texts.ROUND_REFUSALS[opened.refusal], code, status=status)
    call.runtime.wake_outbox()  # the live message goes to the group now
    return {
        "ballot_id": opened.created.ballot_id,
        "closes": format_long(closes_at, call.t.lang),
        "message": call.t(STARTED, id=opened.created.ballot_id),
    }


async def start_scoring(call: Call) -> dict[str, Any]:
    return await _open(call, competition_ballots.open_scoring)


async def start_selection(call: Call) -> dict[str, Any]:
    return await _open(call, competition_ballots.open_confirmation)


ENDPOINTS = (
    Endpoint("GET", "/rounds", Audience.MEMBER, listing, "competition rounds"),
    Endpoint("GET", "/rounds/{id}", Audience.MEMBER, detail, "a round's ranking and budgets"),
    Endpoint(
        "POST", "/rounds/{id}/scoring", Audience.COORDINATOR, start_scoring, "start scoring", 201
    ),
    Endpoint(
        "POST",
        "/rounds/{id}/selection",
        Audience.COORDINATOR,
        start_selection,
        "put the selection to the vote",
        201,
    ),
)
