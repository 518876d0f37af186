"""The bot's pictures (`/diagramm`): each chart comes with a caption that carries the same facts
in words, for screen readers and for search. The data is gathered here; the worker process
draws it (`rakbot.render.charts`)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from rakbot.domain.money import format_euro
from rakbot.domain.voting import BallotKind
from rakbot.i18n import Translator
from rakbot.render.client import render
from rakbot.runtime import Runtime
from rakbot.services import competition
from rakbot.services.ballot_render import result_line
from rakbot.services.ballot_render_kinds import mean_text
from rakbot.services.competition import Placement
from rakbot.services.meeting_minutes import attendance_of
from rakbot.views.ballot_kinds.registry import look_of
from storage.repositories import ballots, meetings
from storage.session import AsyncSession

#: attendance is counted over this many days back from today
ATTENDANCE_DAYS = 365


@dataclass(frozen=True)
class Chart:
    png: bytes
    caption: str


async def _draw(spec: dict[str, Any], caption: str) -> Chart:
    return Chart(await render("chart", spec), caption)


async def round_chart(
    runtime: Runtime, committee_id: int, round_id: int, t: Translator
) -> Chart | None:
    """A round's ranking per funding area: amounts in rank order, the selected ones marked,
    the budget line below the last selected proposal."""
    view = await competition.overview(runtime, committee_id, round_id)
    if view is None:
        return None
    panels: list[dict[str, Any]] = []
    lines = [
        t("Wettbewerb Nr. {id} „{name}“ – Rangfolge je Förderbereich", id=view.id, name=view.name)
    ]
    for area in view.areas:
        bars = []
        lines.append(
            t(
                "Förderbereich {area}: Budget {budget}, ausgewählt {selected}, Rest {rest}",
                area=area.code,
                budget=format_euro(area.budget_cents),
                selected=format_euro(area.selected_cents),
                rest=format_euro(area.remaining_cents),
            )
        )
        for rank, proposal in enumerate(area.proposals, start=1):
            mean = mean_text(proposal.score.mean, t.lang)
            mark = t("ausgewählt") if proposal.selected else t("nicht ausgewählt")
            if proposal.placement is Placement.NOT_FITTING:
                mark = t("passt nicht mehr ins Budget")
            bars.append(
                {
                    "label": f"{rank}. {proposal.title}",
                    "value": proposal.amount_cents / 100,
                    "highlight": proposal.selected,
                    "note": t("Ø {mean}", mean=mean),
                }
            )
            lines.append(
                t(
                    "{rank}. {title}: {amount}, Ø {mean} Punkte, {mark}",
                    rank=rank,
                    title=proposal.title,
                    amount=format_euro(proposal.amount_cents),
                    mean=mean,
                    mark=mark,
                )
            )
        panels.append(
            {
                "title": t(
                    "Förderbereich {area} – Budget {budget}",
                    area=area.code,
                    budget=format_euro(area.budget_cents),
                ),
                "bars": bars,
                "cutoff": area.cutoff_rank,
            }
        )
    spec = {
        "shape": "ranking",
        "title": t("Wettbewerb Nr. {id}: {name}", id=view.id, name=view.name),
        "xlabel": t("Betrag in Euro (grün: ausgewählt)"),
        "cutoff_label": t("Budgetgrenze"),
        "panels": panels,
    }
    return await _draw(spec, "\n".join(lines))


class BallotChartRefusal(ValueError):
    """`reason`: "unknown", "open" (not closed yet) or "withheld" (too few took part)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def ballot_bars(t: Translator, result: dict[str, Any]) -> tuple[list[dict[str, Any]], str]:
    """The bars of a closed ballot's published result (`label`, `value`, `note` with the
    numbers in words) and their unit, drawn by its kind's look; the Mini App draws the same
    bars as `/diagramm`."""
    kind = BallotKind(result.get("kind", BallotKind.DECISION))
    return look_of(kind).chart_bars(t, result)


async def ballot_chart(runtime: Runtime, committee_id: int, ballot_id: int, t: Translator) -> Chart:
    """A closed ballot's result: the numbers per answer or option, as published."""

    async def work(session: AsyncSession) -> tuple[str, dict[str, Any]] | str:
        found = await ballots.ballot(session, committee_id, ballot_id)
        if found is None:
            return "unknown"
        if found.status != "closed" or not found.result:
            return "open"
        if found.result.get("withheld"):
            return "withheld"
        return found.question, dict(found.result)

    loaded = await runtime.db.run(work)
    if isinstance(loaded, str):
        raise BallotChartRefusal(loaded)
    question, result = loaded
    bars, unit = ballot_bars(t, result)
    line = html.unescape(result_line(t, result))
    caption = "\n".join(
        [
            t("Ergebnis der Abstimmung Nr. {id}: {question}", id=ballot_id, question=question),
            line,
            *(f"{bar['label']}: {bar['note']}" for bar in bars),
        ]
    )
    spec = {
        "shape": "bars",
        "title": t("Abstimmung Nr. {id}: {question}", id=ballot_id, question=question),
        "xlabel": unit,
        "bars": bars,
    }
    return await _draw(spec, caption)


async def attendance_chart(runtime: Runtime, committee_id: int, t: Translator) -> Chart:
    """Per institution: at how many of the meetings held in the last twelve months it was
    present (by the rule of the minutes: voted, or said it comes)."""
    now = runtime.clock.now()
    since = now - timedelta(days=ATTENDANCE_DAYS)

    async def work(session: AsyncSession) -> tuple[int, dict[str, int], list[str]]:
        held = [
            m
            for m in await meetings.past(session, committee_id, now, limit=100)
            if m.status != "cancelled" and m.starts_at >= since
        ]
        seats = await ballots.institutions(session, committee_id)
        counts = {seat.name: 0 for seat in seats if seat.has_vote}
        for meeting in held:
            for name in await attendance_of(session, meeting):
                counts[name] = counts.get(name, 0) + 1
        return len(held), counts, [seat.name for seat in seats]

    total, counts, order = await runtime.db.run(work)
    names = [name for name in order if name in counts]
    bars = [
        {
            "label": name,
            "value": counts[name],
            "note": t("{n} von {total}", n=counts[name], total=total),
        }
        for name in names
    ]
    caption = "\n".join(
        [
            t("Anwesenheit je Institution in den letzten 12 Monaten ({n} Sitzungen)", n=total),
            *(f"{bar['label']}: {bar['note']}" for bar in bars),
        ]
    )
    spec = {
        "shape": "bars",
        "title": t("Anwesenheit in den letzten 12 Monaten ({n} Sitzungen)", n=total),
        "xlabel": t("Sitzungen mit Anwesenheit"),
        "xmax": max(total, 1),
        "bars": bars,
    }
    return await _draw(spec, caption)


async def budget_chart(runtime: Runtime, committee_id: int, t: Translator) -> Chart | None:
    """Per funding area over all rounds: the budget and what is committed (selected in a
    decided round, or selected and awaiting the decision)."""
    budgets: dict[str, int] = {}
    committed: dict[str, int] = {}
    for summary in await competition.rounds(runtime, committee_id):
        view = await competition.overview(runtime, committee_id, summary.id)
        if view is None:
            continue
        for area in view.areas:
            budgets[area.code] = budgets.get(area.code, 0) + area.budget_cents
            taken = sum(p.amount_cents for p in area.proposals if p.status == "approved")
            committed[area.code] = committed.get(area.code, 0) + taken
    if not budgets:
        return None
    areas = sorted(budgets)
    caption = "\n".join(
        [
            t("Gebundene Mittel je Förderbereich (bewilligte Anträge aller Wettbewerbe)"),
            *(
                t(
                    "Förderbereich {area}: {committed} von {budget} gebunden, Rest {rest}",
                    area=area,
                    committed=format_euro(committed[area]),
                    budget=format_euro(budgets[area]),
                    rest=format_euro(budgets[area] - committed[area]),
                )
                for area in areas
            ),
        ]
    )
    spec = {
        "shape": "pairs",
        "title": t("Gebundene Mittel je Förderbereich"),
        "ylabel": t("Euro"),
        "categories": areas,
        "series": [
            {"label": t("Budget"), "values": [budgets[a] / 100 for a in areas]},
            {"label": t("gebunden"), "values": [committed[a] / 100 for a in areas]},
        ],
    }
    return await _draw(spec, caption)
