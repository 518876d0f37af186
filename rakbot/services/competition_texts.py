"""The texts about competition rounds: the overview with ranking and selection, the list."""

from __future__ import annotations

import html
from typing import Any

from babel.numbers import format_decimal

from rakbot.domain.money import format_euro
from rakbot.i18n import N_, Translator
from rakbot.services.competition import (
    AreaView,
    Placement,
    RankedProposal,
    RoundStatus,
    RoundSummary,
    RoundView,
)
from rakbot.services.competition_ballots import RoundRefusal

STATUS_LABELS = {
    RoundStatus.OPEN: N_("offen – Anträge gesammelt, noch keine Bewertung"),
    RoundStatus.SCORING: N_("Bewertung läuft"),
    RoundStatus.SCORED: N_("bewertet – Auswahl kann zur Abstimmung gestellt werden"),
    RoundStatus.CONFIRMING: N_("Abstimmung über die Auswahl läuft"),
    RoundStatus.DECIDED: N_("entschieden"),
}
_LOCALES = {"de": "de_DE", "en": "en_US"}


def e(value: Any) -> str:
    return html.escape(str(value), quote=False)


def points(mean: float, lang: str) -> str:
    return format_decimal(mean, "0.0", locale=_LOCALES.get(lang, lang))


def list_line(t: Translator, summary: RoundSummary) -> str:
    return t(
        "Nr. {id}: {name} – {budget} – {status}",
        id=summary.id,
        name=e(summary.name),
        budget=format_euro(summary.budget_cents, t.lang),
        status=t(STATUS_LABELS[summary.status]),
    )


def overview(t: Translator, view: RoundView) -> str:
    lines = [
        t("<b>Wettbewerb Nr. {id}: {name}</b>", id=view.id, name=e(view.name)),
        t("Stand: {status}", status=t(STATUS_LABELS[view.status])),
    ]
    if view.scoring_ballot_id is not None:
        lines.append(t("Bewertung: Abstimmung Nr. {id}", id=view.scoring_ballot_id))
    if view.unquorate_scoring_id is not None:
        lines.append(
            t(
                "Die Bewertung (Abstimmung Nr. {ballot}) war nicht beschlussfähig; neu bewerten "
                "lassen, z. B.: /runde_bewerten {id} morgen 18 Uhr",
                ballot=view.unquorate_scoring_id,
                id=view.id,
            )
        )
    if view.confirm_ballot_id is not None:
        lines.append(
            t("Beschluss über die Auswahl: Abstimmung Nr. {id}", id=view.confirm_ballot_id)
        )
    for area in view.areas:
        lines += ["", *_area_lines(t, area)]
    return "\n".join(lines)


def _area_lines(t: Translator, area: AreaView) -> list[str]:
    lines = [
        t(
            "<b>Förderbereich {area}</b> – Budget {budget}",
            area=area.code,
            budget=format_euro(area.budget_cents, t.lang),
        )
    ]
    if not area.proposals:
        return [*lines, t("Keine Anträge in diesem Bereich.")]
    for index, proposal in enumerate(area.proposals):
        lines.append(_proposal_line(t, index + 1, proposal, area.budget_cents))
        if index == area.cutoff_rank and index < len(area.proposals) - 1:
            lines.append(t("– – – Budgetgrenze – – –"))
    lines.append(
        t(
            "Ausgewählt: {total} von {budget}, Rest {rest}",
            total=format_euro(area.selected_cents, t.lang),
            budget=format_euro(area.budget_cents, t.lang),
            rest=format_euro(area.remaining_cents, t.lang),
        )
    )
    return lines


def _proposal_line(t: Translator, rank: int, proposal: RankedProposal, budget: int) -> str:
    mark = "✅" if proposal.selected else "▫️"
    if proposal.score.mean is None:
        score = t("noch ohne Bewertung")
    else:
        mean = points(proposal.score.mean, t.lang)
        score = t.plural(
            "Ø {points} Punkte ({n} Bewertung)",
            "Ø {points} Punkte ({n} Bewertungen)",
            proposal.score.scorers,
            points=mean,
        )
    line = t(
        "{rank}. {mark} Nr. {id} {title} ({applicant}) – {amount} – {score}",
        rank=rank,
        mark=mark,
        id=proposal.id,
        title=e(proposal.title),
        applicant=e(proposal.applicant),
        amount=format_euro(proposal.amount_cents, t.lang),
        score=score,
    )
    if proposal.placement is Placement.NOT_FITTING and proposal.amount_cents > budget:
        line += " " + t("(höher als das ganze Budget des Bereichs)")
    elif proposal.placement is Placement.NOT_FITTING:
        line += " " + t("(passt nicht mehr ins Budget)")
    if proposal.score.own_left_out:
        line += " " + t("(eigene Bewertung des Antragstellers nicht gezählt)")
    return line


#: Why a round's scoring or selection vote cannot be opened, in the chat and the Mini App alike.
ROUND_REFUSALS = {
    RoundRefusal.UNKNOWN: N_("Diesen Wettbewerb gibt es nicht. Die Nummern zeigt /runden."),
    RoundRefusal.WRONG_STATUS: N_("Das geht in diesem Stand des Wettbewerbs nicht: {status}."),
    RoundRefusal.NO_GROUP: N_(
        "Es ist noch keine Gruppe verbunden (/gruppe_verbinden in der Gruppe des RAK)."
    ),
    RoundRefusal.TOO_FEW: N_(
        "Zum Bewerten braucht es mindestens zwei Anträge; über einen einzelnen Antrag "
        "entscheidet /abstimmung_neu."
    ),
    RoundRefusal.TOO_MANY: N_("Höchstens 30 Anträge lassen sich in einer Bewertung vergleichen."),
    RoundRefusal.NOTHING_SELECTED: N_(
        "Nach der Bewertung passt kein Antrag ins Budget; es gibt nichts zu bestätigen."
    ),
    RoundRefusal.PAST: N_("Dieser Zeitpunkt liegt in der Vergangenheit."),
}
