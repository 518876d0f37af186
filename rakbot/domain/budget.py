"""Competition round: rank scored proposals and select them within the budget of the call.

Money is integer cents throughout. Selection is greedy by rank: a proposal that no longer fits
is skipped and the next ones are still considered, so the budget is used as far as the ranking
allows. Unscored proposals are never selected: funding requires an evaluation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from rakbot.domain.money import MoneyError, MoneyParseError, parse_euro


@dataclass(frozen=True)
class Candidate:
    proposal_id: int
    title: str
    mean_score: float | None
    amount_cents: int

    def __post_init__(self) -> None:
        if isinstance(self.amount_cents, bool) or not isinstance(self.amount_cents, int):
            raise TypeError("amount_cents must be int")
        if self.amount_cents <= 0:
            raise ValueError("amount_cents must be positive")
        if self.mean_score is not None and math.isnan(self.mean_score):
            raise ValueError("mean_score must not be NaN")


def _rank_key(candidate: Candidate) -> tuple[bool, float, int, int]:
    score = candidate.mean_score
    return (score is None, -(score or 0.0), candidate.amount_cents, candidate.proposal_id)


def rank_candidates(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Mean score desc, unscored last; ties: lower amount first, then lower proposal id."""
    return sorted(candidates, key=_rank_key)


@dataclass(frozen=True)
class Selection:
    """`cutoff_rank`: index in the ranking of the last selected proposal (None: none selected).

    `skipped_not_fitting`: ranked above the cut-off but too expensive at their turn.
    `below_cutoff`: scored, ranked after the last selected proposal.
    `unscored`: never selected, listed for the record.
    """

    selected: tuple[Candidate, ...]
    skipped_not_fitting: tuple[Candidate, ...]
    below_cutoff: tuple[Candidate, ...]
    unscored: tuple[Candidate, ...]
    cutoff_rank: int | None
    total_cents: int
    remaining_cents: int


def select_within_budget(ranked: Sequence[Candidate], budget_cents: int) -> Selection:
    """Greedy selection over `ranked`, which must be the output of `rank_candidates`."""
    if budget_cents < 0:
        raise ValueError("budget_cents must not be negative")
    if len({c.proposal_id for c in ranked}) != len(ranked):
        raise ValueError("proposal ids must be unique")
    if list(ranked) != rank_candidates(ranked):
        raise ValueError("candidates must be in rank order")

    remaining = budget_cents
    selected_at: list[int] = []
    for index, candidate in enumerate(ranked):
        if candidate.mean_score is not None and candidate.amount_cents <= remaining:
            remaining -= candidate.amount_cents
            selected_at.append(index)

    cutoff = selected_at[-1] if selected_at else None
    chosen = set(selected_at)
    scored = [(i, c) for i, c in enumerate(ranked) if c.mean_score is not None]
    return Selection(
        selected=tuple(ranked[i] for i in selected_at),
        skipped_not_fitting=tuple(
            c for i, c in scored if i not in chosen and cutoff is not None and i < cutoff
        ),
        below_cutoff=tuple(c for i, c in scored if cutoff is None or i > cutoff),
        unscored=tuple(c for c in ranked if c.mean_score is None),
        cutoff_rank=cutoff,
        total_cents=budget_cents - remaining,
        remaining_cents=remaining,
    )


# ----- budgets of a round, typed as "A 250.000 €" lines -------------------------------------

#: "A 250.000 €", "A: 250.000", "Förderbereich A – 250.000 €" (the bot's own echo); a dash
#: right before the digits ("A -5.000 €") is a minus sign, not a separator
_BUDGET_LINE = re.compile(
    r"^\s*(?:(?:förder)?bereich\s+)?([a-z])(?![a-zäöüß])\s*(?:[:=]|[-–](?=\s))?\s*(.+?)\s*$",
    re.IGNORECASE,
)


class BudgetProblem(StrEnum):
    EMPTY = "empty"
    FORMAT = "format"
    UNKNOWN_AREA = "unknown_area"
    DUPLICATE_AREA = "duplicate_area"
    AMOUNT = "amount"
    ZERO = "zero"


class BudgetParseError(ValueError):
    """`line` is the 1-based line the problem is on (0 when the whole input is empty)."""

    def __init__(self, problem: BudgetProblem, line: int = 0, money: MoneyError | None = None):
        super().__init__(f"{problem.value} (line {line})")
        self.problem = problem
        self.line = line
        self.money = money


def parse_budgets(text: str, areas: Sequence[str]) -> dict[str, int]:
    """Budgets per funding area from lines such as "A 250.000 €" or "C: 120000" (or the same
    separated by semicolons), in cents, in the order of `areas`. Amounts are German notation
    (see `rakbot.domain.money`)."""
    budgets: dict[str, int] = {}
    lines = [line for line in re.split(r"[\n;]", text) if line.strip()]
    if not lines:
        raise BudgetParseError(BudgetProblem.EMPTY)
    for number, line in enumerate(lines, 1):
        match = _BUDGET_LINE.match(line)
        if match is None:
            raise BudgetParseError(BudgetProblem.FORMAT, number)
        area = match[1].upper()
        if area not in areas:
            raise BudgetParseError(BudgetProblem.UNKNOWN_AREA, number)
        if area in budgets:
            raise BudgetParseError(BudgetProblem.DUPLICATE_AREA, number)
        try:
            cents = parse_euro(match[2])
        except MoneyParseError as error:
            raise BudgetParseError(BudgetProblem.AMOUNT, number, error.reason) from error
        if cents == 0:
            raise BudgetParseError(BudgetProblem.ZERO, number)
        budgets[area] = cents
    return {area: budgets[area] for area in areas if area in budgets}


# ----- mean scores of a scoring ballot --------------------------------------------------------


@dataclass(frozen=True)
class ScoreSummary:
    mean: float | None
    scorers: int
    own_left_out: bool


def mean_scores(
    scores: Mapping[int, Mapping[int, int]], applicant_of: Mapping[int, int | None]
) -> dict[int, ScoreSummary]:
    """Mean points per proposal from the counted scores (institution -> proposal -> points).

    An institution's points for its own proposal (it is the applicant) are left out: it has a
    conflict of interest on that proposal, not on the others it scored.
    """
    summaries: dict[int, ScoreSummary] = {}
    for proposal_id, applicant in applicant_of.items():
        points = [
            given[proposal_id]
            for institution, given in scores.items()
            if proposal_id in given and institution != applicant
        ]
        own = applicant is not None and proposal_id in scores.get(applicant, {})
        mean = sum(points) / len(points) if points else None
        summaries[proposal_id] = ScoreSummary(mean, len(points), own)
    return summaries
