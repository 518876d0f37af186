"""Properties of counting, quorum and budget selection over random committees and vote streams."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from rakbot.domain.budget import Candidate, rank_candidates, select_within_budget
from rakbot.domain.decision import ConsentState, Outcome, VotingRules, decide
from rakbot.domain.voting import (
    BallotKind,
    DecisionChoice,
    DecisionTally,
    OptionTally,
    Seat,
    Vote,
    VoterRole,
    counted_votes,
    eligible_seats,
    tally,
)

T0 = datetime(2025, 1, 1, tzinfo=UTC)
RULES = VotingRules()
OPTIONS = ("a", "b", "c")
ROLES = (VoterRole.REPRESENTATIVE, VoterRole.DEPUTY, VoterRole.DEPUTY, VoterRole.GUEST)
SINGLE_CHOICE: dict[str, tuple[str, ...]] = {"yes": ("a",), "no": ("b",), "abstain": ()}


@dataclass(frozen=True)
class Committee:
    seats: list[Seat]
    excluded: frozenset[int]
    votes: list[Vote]


@st.composite
def committees(draw: st.DrawFn) -> Committee:
    """Seats 1..n, some without vote, random exclusions, and a stream of votes in which
    representatives, two deputies and a guest per institution vote and change their votes.
    Timestamps are distinct so that the latest vote of each member is well defined."""
    n = draw(st.integers(min_value=1, max_value=12))
    seats = [
        Seat(i, f"Institution {i}", has_vote=draw(st.booleans() | st.just(True)))
        for i in range(1, n + 1)
    ]
    excluded = frozenset(draw(st.sets(st.integers(min_value=1, max_value=n))))
    events = draw(
        st.lists(
            st.tuples(
                st.integers(min_value=1, max_value=n + 1),
                st.integers(min_value=0, max_value=len(ROLES) - 1),
                st.sampled_from(list(DecisionChoice)),
            ),
            max_size=40,
        )
    )
    votes = [
        Vote(
            institution_id=inst,
            member_id=inst * 10 + slot,
            role=ROLES[slot],
            choice=choice,
            cast_at=T0 + timedelta(seconds=index),
        )
        for index, (inst, slot, choice) in enumerate(events)
    ]
    return Committee(seats, excluded, draw(st.permutations(votes)))


def eligible_ids(c: Committee) -> set[int]:
    return {s.institution_id for s in eligible_seats(c.seats, c.excluded)}


def latest_by_member(votes: list[Vote], inst: int, role: VoterRole) -> list[Vote]:
    members = {v.member_id for v in votes if v.institution_id == inst and v.role is role}
    return [max((v for v in votes if v.member_id == m), key=lambda v: v.cast_at) for m in members]


@given(committees())
def test_counted_votes_are_one_per_eligible_institution(c: Committee) -> None:
    counted = counted_votes(c.votes, eligible_ids(c))
    assert set(counted) <= eligible_ids(c)
    assert not set(counted) & c.excluded
    for inst, vote in counted.items():
        assert vote.institution_id == inst
        assert vote in c.votes
        assert vote.role in (VoterRole.REPRESENTATIVE, VoterRole.DEPUTY)


@given(committees())
def test_every_eligible_institution_with_a_vote_is_counted(c: Committee) -> None:
    counted = counted_votes(c.votes, eligible_ids(c))
    voted = {
        v.institution_id
        for v in c.votes
        if v.role is not VoterRole.GUEST and v.institution_id in eligible_ids(c)
    }
    assert set(counted) == voted


@given(committees())
def test_representative_wins_whenever_both_voted(c: Committee) -> None:
    counted = counted_votes(c.votes, eligible_ids(c))
    for inst, vote in counted.items():
        reps = latest_by_member(c.votes, inst, VoterRole.REPRESENTATIVE)
        if reps:
            assert vote == reps[0]
        else:
            assert vote in latest_by_member(c.votes, inst, VoterRole.DEPUTY)


@given(committees())
def test_tally_totals_equal_counted_votes(c: Committee) -> None:
    counted = counted_votes(c.votes, eligible_ids(c))
    result = tally(BallotKind.DECISION, (), counted)
    assert isinstance(result, DecisionTally)
    assert result.ballots == len(counted)
    as_single = {i: replace(v, choice=SINGLE_CHOICE[str(v.choice)]) for i, v in counted.items()}
    options = tally(BallotKind.SINGLE, OPTIONS, as_single)
    assert isinstance(options, OptionTally)
    assert options.ballots == len(counted)
    assert sum(options.counts.values()) + options.abstain == len(counted)
    assert options.counts["a"] == result.yes


@given(committees(), st.booleans(), st.booleans())
def test_quorum_is_more_than_half_of_eligible(c: Committee, written: bool, final: bool) -> None:
    outcome = decide(
        BallotKind.DECISION,
        c.seats,
        c.excluded,
        c.votes,
        (),
        RULES,
        written=written,
        final=final,
        consent=ConsentState.AGREED if written else None,
    )
    assert outcome.eligible_count == len(eligible_ids(c))
    assert outcome.quorum_met is (outcome.participated_count * 2 > outcome.eligible_count)
    assert outcome.participated_count >= outcome.quorum_needed or not outcome.quorum_met
    assert not {s.institution_id for s in outcome.missing} & c.excluded
    assert isinstance(outcome.tally, DecisionTally)
    assert outcome.tally.ballots == outcome.participated_count
    if written and final:
        assert outcome.counted_as_abstention == len(outcome.missing)
        assert outcome.quorum_met is (outcome.eligible_count > 0)


@given(committees(), st.randoms(use_true_random=False), st.booleans())
def test_outcome_does_not_depend_on_arrival_order(
    c: Committee, rnd: random.Random, written: bool
) -> None:
    shuffled = list(c.votes)
    rnd.shuffle(shuffled)

    def outcome(votes: list[Vote]) -> Outcome:
        return decide(
            BallotKind.DECISION,
            c.seats,
            c.excluded,
            votes,
            (),
            RULES,
            written=written,
            final=True,
            consent=ConsentState.AGREED if written else None,
        )

    assert outcome(shuffled) == outcome(c.votes)


candidates = st.lists(
    st.builds(
        Candidate,
        proposal_id=st.integers(min_value=1, max_value=10_000),
        title=st.just("Projekt"),
        mean_score=st.none() | st.floats(min_value=0, max_value=10),
        amount_cents=st.integers(min_value=1, max_value=50_000_000),
    ),
    max_size=15,
    unique_by=lambda c: c.proposal_id,
)


@given(candidates, st.integers(min_value=0, max_value=200_000_000))
def test_selection_stays_within_budget_and_skips_only_what_does_not_fit(
    cands: list[Candidate], budget: int
) -> None:
    ranked = rank_candidates(cands)
    selection = select_within_budget(ranked, budget)
    assert selection.total_cents == sum(c.amount_cents for c in selection.selected) <= budget
    assert selection.remaining_cents == budget - selection.total_cents
    chosen = set(selection.selected)
    remaining = budget
    for candidate in ranked:
        if candidate in chosen:
            remaining -= candidate.amount_cents
        elif candidate.mean_score is not None:
            assert candidate.amount_cents > remaining
    parts = (
        *selection.selected,
        *selection.skipped_not_fitting,
        *selection.below_cutoff,
        *selection.unscored,
    )
    assert sorted(parts, key=ranked.index) == ranked
