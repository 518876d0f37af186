"""Ranking of scored proposals and greedy selection within the budget of a call."""

from __future__ import annotations

import pytest

from rakbot.domain.budget import (
    BudgetParseError,
    BudgetProblem,
    Candidate,
    ScoreSummary,
    mean_scores,
    parse_budgets,
    rank_candidates,
    select_within_budget,
)
from rakbot.domain.money import MoneyError

EURO = 100


def cand(pid: int, score: float | None, euros: int) -> Candidate:
    return Candidate(
        proposal_id=pid, title=f"Projekt {pid}", mean_score=score, amount_cents=euros * EURO
    )


def test_rank_by_mean_desc_then_lower_amount_then_id_unscored_last() -> None:
    cands = [
        cand(1, 7.0, 50_000),
        cand(2, None, 10_000),
        cand(3, 8.5, 90_000),
        cand(4, 7.0, 40_000),
        cand(5, 7.0, 40_000),
        cand(6, None, 5_000),
        cand(7, 0.0, 1_000),
    ]
    assert [c.proposal_id for c in rank_candidates(cands)] == [3, 4, 5, 1, 7, 6, 2]


def test_rank_is_independent_of_input_order() -> None:
    cands = [cand(i, (i * 37 % 11) / 2, 1_000 * (i % 4 + 1)) for i in range(1, 20)]
    assert rank_candidates(cands) == rank_candidates(reversed(cands))


def test_selection_with_cutoff_and_skipped_expensive_proposal() -> None:
    ranked = rank_candidates(
        [
            cand(1, 9.0, 120_000),
            cand(2, 8.5, 80_000),
            cand(3, 8.0, 150_000),  # does not fit after 1 and 2
            cand(4, 7.5, 90_000),  # cheaper, still fits
            cand(5, 7.0, 20_000),  # only 10.000 left
            cand(6, 6.0, 5_000),  # fits the remainder: the last selected
            cand(7, 5.0, 10_000),  # below the cut-off
            cand(8, None, 1_000),
        ]
    )
    selection = select_within_budget(ranked, 300_000 * EURO)
    assert [c.proposal_id for c in selection.selected] == [1, 2, 4, 6]
    assert [c.proposal_id for c in selection.skipped_not_fitting] == [3, 5]
    assert [c.proposal_id for c in selection.below_cutoff] == [7]
    assert [c.proposal_id for c in selection.unscored] == [8]
    assert selection.cutoff_rank == 5
    assert selection.total_cents == 295_000 * EURO
    assert selection.remaining_cents == 5_000 * EURO


def test_selection_exact_budget_leaves_nothing() -> None:
    ranked = rank_candidates([cand(1, 9.0, 60_000), cand(2, 8.0, 40_000), cand(3, 7.0, 1)])
    selection = select_within_budget(ranked, 100_000 * EURO)
    assert [c.proposal_id for c in selection.selected] == [1, 2]
    assert selection.skipped_not_fitting == ()
    assert [c.proposal_id for c in selection.below_cutoff] == [3]
    assert selection.cutoff_rank == 1
    assert selection.remaining_cents == 0


def test_selection_when_nothing_fits() -> None:
    ranked = rank_candidates([cand(1, 9.0, 60_000), cand(2, 8.0, 40_000)])
    selection = select_within_budget(ranked, 10_000 * EURO)
    assert selection.selected == ()
    assert selection.cutoff_rank is None
    assert [c.proposal_id for c in selection.below_cutoff] == [1, 2]
    assert (selection.total_cents, selection.remaining_cents) == (0, 10_000 * EURO)


def test_unscored_proposals_are_never_selected() -> None:
    ranked = rank_candidates([cand(1, None, 1_000), cand(2, 3.0, 1_000)])
    selection = select_within_budget(ranked, 1_000_000 * EURO)
    assert [c.proposal_id for c in selection.selected] == [2]
    assert [c.proposal_id for c in selection.unscored] == [1]
    assert selection.below_cutoff == ()


def test_empty_round() -> None:
    selection = select_within_budget([], 5 * EURO)
    assert selection.selected == selection.unscored == ()
    assert selection.remaining_cents == 5 * EURO


@pytest.mark.parametrize(
    ("ranked", "budget", "message"),
    [
        ([cand(1, 5.0, 10), cand(2, 9.0, 10)], 100, "rank order"),
        ([cand(1, 9.0, 10), cand(1, 5.0, 10)], 100, "unique"),
        ([cand(1, 9.0, 10)], -1, "negative"),
    ],
)
def test_selection_refuses_misuse(ranked: list[Candidate], budget: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        select_within_budget(ranked, budget)


@pytest.mark.parametrize(
    ("score", "amount", "error"),
    [
        (5.0, 0, ValueError),
        (5.0, -100, ValueError),
        (float("nan"), 100, ValueError),
        (5.0, 100.0, TypeError),
        (5.0, True, TypeError),
    ],
)
def test_candidate_refuses_invalid_values(
    score: float, amount: int, error: type[Exception]
) -> None:
    with pytest.raises(error):
        Candidate(proposal_id=1, title="x", mean_score=score, amount_cents=amount)


AREAS = ("A", "B", "C", "D", "E", "F", "G", "J")


def test_parse_budgets_in_area_order() -> None:
    typed = "c: 120.000 €\nA 250.000,50\n\nJ – 80000 EUR"
    assert parse_budgets(typed, AREAS) == {"A": 25_000_050, "C": 12_000_000, "J": 8_000_000}
    assert list(parse_budgets(typed, AREAS)) == ["A", "C", "J"]
    assert parse_budgets("A 250.000,50 €; C 120.000", AREAS) == {"A": 25_000_050, "C": 12_000_000}
    # The bot's own echo reads back, and "A - 5.000" has a dash as separator.
    echoed = "Förderbereich A: 250.000,00 €\nBereich B – 100.000 €\nG - 5.000"
    assert parse_budgets(echoed, AREAS) == {"A": 25_000_000, "B": 10_000_000, "G": 500_000}


@pytest.mark.parametrize(
    ("typed", "problem", "line"),
    [
        ("", BudgetProblem.EMPTY, 0),
        ("250.000 €", BudgetProblem.FORMAT, 1),
        ("A 100.000\nK 5.000", BudgetProblem.UNKNOWN_AREA, 2),
        ("A 100.000\na 5.000", BudgetProblem.DUPLICATE_AREA, 2),
        ("A 250 T€", BudgetProblem.AMOUNT, 1),
        ("A 1.5", BudgetProblem.AMOUNT, 1),
        ("A 0", BudgetProblem.ZERO, 1),
        # a dash right before the digits is a minus sign, not a separator
        ("A -5.000 €", BudgetProblem.AMOUNT, 1),
        ("B 100.000\nA –5.000 €", BudgetProblem.AMOUNT, 2),
        ("Förderung 5.000", BudgetProblem.FORMAT, 1),
    ],
)
def test_parse_budgets_refuses(typed: str, problem: BudgetProblem, line: int) -> None:
    with pytest.raises(BudgetParseError) as caught:
        parse_budgets(typed, AREAS)
    assert (caught.value.problem, caught.value.line) == (problem, line)


def test_budget_amount_problem_names_the_money_error() -> None:
    with pytest.raises(BudgetParseError) as caught:
        parse_budgets("A 250 T€", AREAS)
    assert caught.value.money is MoneyError.THOUSANDS_ABBREVIATION


def test_mean_scores_leave_out_the_applicants_own_points() -> None:
    # Institutions 1..3 score proposals 10 (applicant: institution 1) and 20 (external).
    scores = {1: {10: 10, 20: 4}, 2: {10: 6, 20: 8}, 3: {10: 8}}
    summaries = mean_scores(scores, {10: 1, 20: None, 30: None})
    assert summaries[10] == ScoreSummary(mean=7.0, scorers=2, own_left_out=True)
    assert summaries[20] == ScoreSummary(mean=6.0, scorers=2, own_left_out=False)
    assert summaries[30] == ScoreSummary(mean=None, scorers=0, own_left_out=False)
