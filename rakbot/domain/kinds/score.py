"""Bewertung: 0–10 points per option; options ranked by their mean over the seats that scored
them (ties keep the option order)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, ClassVar

from rakbot.domain.ballot_press import Action, Press
from rakbot.domain.kinds.base import (
    KindRules,
    OptionList,
    Result,
    checked_mapping,
    mapping,
    option_at,
    option_records,
    winner_or_none,
)
from rakbot.domain.majority import Majority
from rakbot.domain.voting import (
    SCORE_MAX,
    SCORE_MIN,
    BallotKind,
    Choice,
    ChoiceError,
    InvalidChoice,
    ScoreStats,
    ScoreTally,
    Tally,
)


def _check_points(points: object) -> int:
    if not isinstance(points, int) or isinstance(points, bool):
        raise InvalidChoice(ChoiceError.WRONG_TYPE)
    if not SCORE_MIN <= points <= SCORE_MAX:
        raise InvalidChoice(ChoiceError.SCORE_OUT_OF_RANGE)
    return points


class Score(KindRules):
    kind = BallotKind.SCORE
    private: ClassVar[bool] = True

    def validate(self, choice: Choice, options: Sequence[str], max_choices: int | None) -> None:
        for points in checked_mapping(choice, options).values():
            _check_points(points)

    def next_choice(self, previous: Choice | None, press: Press, options: Sequence[str]) -> Choice:
        if press.action is not Action.SCORE:
            raise InvalidChoice(ChoiceError.WRONG_TYPE)
        points = _check_points(int(press.value or 0))
        return {**mapping(previous), option_at(options, press.index): points}

    def complete(self, choice: Choice | None, options: Sequence[str]) -> bool:
        return isinstance(choice, Mapping) and all(o in choice for o in options)

    def tally(self, options: Sequence[str], choices: list[Choice]) -> ScoreTally:
        totals = dict.fromkeys(options, 0)
        seen = dict.fromkeys(options, 0)
        for choice in choices:
            assert isinstance(choice, Mapping)
            for option, points in choice.items():
                assert isinstance(points, int)
                totals[option] += points
                seen[option] += 1
        scores = {o: ScoreStats(total=totals[o], count=seen[o]) for o in options}
        scored = [o for o in options if seen[o]]
        # Exact fractions keep equal means equal, so ties fall back to option order.
        scored.sort(key=lambda o: -Fraction(totals[o], seen[o]))
        unscored = [o for o in options if not seen[o]]
        return ScoreTally(scores=scores, ballots=len(choices), ranking=(*scored, *unscored))

    def result(self, tally: Tally, majority: Majority = Majority.SIMPLE) -> Result:
        assert isinstance(tally, ScoreTally)
        ranking, scores = tally.ranking, tally.scores
        return winner_or_none(ranking[0] if ranking and scores[ranking[0]].count else None)

    number_keys: ClassVar[frozenset[str]] = frozenset({"total", "count", "mean"})

    def record(
        self, tally: Tally, winners: tuple[str, ...], tied: tuple[str, ...], options: OptionList
    ) -> dict[str, Any]:
        assert isinstance(tally, ScoreTally)
        per_option = {
            k: {
                "total": s.total,
                "count": s.count,
                "mean": None if s.mean is None else round(s.mean, 2),
            }
            for k, s in tally.scores.items()
        }
        return {"options": option_records(options, per_option), "ranking": list(tally.ranking)}
