"""Ballots for the members: the running ones to read (voting stays in the group chat, where
the buttons, the conflict declarations and the reminders are) and the results of the closed
ones, with the numbers as bars and as text."""

from __future__ import annotations

from typing import Any

from rakbot.domain.access import Audience
from rakbot.domain.dates import format_short
from rakbot.i18n import N_
from rakbot.services import ballot_app
from rakbot.services.ballot_app import BallotItem
from rakbot.web.miniapp.call import Call, Endpoint

STATES = {
    "open": N_("läuft"),
    "consent": N_("Umlaufverfahren: Zustimmung erbeten"),
    "closed": N_("geschlossen"),
}


def _common(call: Call, item: BallotItem) -> dict[str, Any]:
    t = call.t
    return {
        "id": item.id,
        "question": item.question,
        "procedure": item.procedure(t),
        "proposal": item.proposal_title,
        "status_label": t(STATES.get(item.status, item.status)),
        # a written procedure belongs to no meeting, so to no agenda item
        "written": item.written,
    }


def _running(call: Call, item: BallotItem) -> dict[str, Any]:
    closes = format_short(item.closes_at, call.t.lang) if item.closes_at else None
    return {**_common(call, item), "closes": closes}


def _closed(call: Call, item: BallotItem) -> dict[str, Any]:
    t = call.t
    bars, unit = item.bars(t)
    return {
        **_common(call, item),
        "closed": format_short(item.closed_at, t.lang) if item.closed_at else None,
        "outcome": item.outcome(t),
        "unit": unit,
        "bars": [
            {"label": bar["label"], "value": bar["value"], "note": bar["note"]} for bar in bars
        ],
    }


async def listing(call: Call) -> dict[str, Any]:
    found = await ballot_app.board(call.runtime, call.who.committee_id)
    return {
        "running": [_running(call, item) for item in found.running],
        "closed": [_closed(call, item) for item in found.closed],
    }


ENDPOINTS = (
    Endpoint("GET", "/ballots", Audience.MEMBER, listing, "running ballots, closed results"),
)
