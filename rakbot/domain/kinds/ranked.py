"""Rangfolge: every institution ranks all options; the Borda count adds up the places.

Of n options the first place earns n − 1 points, each place below one point less, the last
place 0. The options are ranked by their points (equal points keep the option order, and an
equal top is a tie). Borda is simple to explain in a committee, gives a full ranking (usable
for a competition round) and is counted live after every press; a press is one option at a
time: the next preferred option, and the last one follows by itself.

A choice is the tuple of option keys in order of preference. A ranking that does not place
every option (the empty one after "Zurücksetzen", or one left half-done) earns no points and
counts as an abstention; it still counts as taking part.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rakbot.domain.ballot_press import Action, Press
from rakbot.domain.kinds.base import (
    KindRules,
    OptionList,
    Result,
    labels,
    leaders_result,
    option_at,
    option_records,
)
from rakbot.domain.majority import Majority
from rakbot.domain.voting import BallotKind, Choice, ChoiceError, InvalidChoice, Tally


@dataclass(frozen=True)
class RankedTally:
    """`points` per option in option order; `ranking`: all options by points, best first
    (equal points: option order); `leaders` share the top points (> 0); `abstain`: the
    rankings that leave an option out."""

    points: Mapping[str, int]
    ballots: int
    abstain: int
    ranking: tuple[str, ...]
    leaders: tuple[str, ...]


def borda_points(ranking: Sequence[str], count: int) -> dict[str, int]:
    """The points a complete ranking of `count` options gives: n − 1 for the first, 0 for the
    last."""
    return {option: count - 1 - place for place, option in enumerate(ranking)}


def ranked_next(previous: Choice | None, option: str, options: Sequence[str]) -> tuple[str, ...]:
    """The ranking after pressing `option`: appended as the next place (a second press on a
    ranked option changes nothing); once one option is left it takes the last place."""
    ranking = tuple(previous) if isinstance(previous, tuple) else ()
    if option in ranking:
        return ranking
    ranking = (*ranking, option)
    left = [o for o in options if o not in ranking]
    return (*ranking, *left) if len(left) == 1 else ranking


class Ranked(KindRules):
    kind = BallotKind.RANKED

    def validate(self, choice: Choice, options: Sequence[str], max_choices: int | None) -> None:
        if not isinstance(choice, tuple):
            raise InvalidChoice(ChoiceError.WRONG_TYPE)
        if any(option not in options for option in choice):
            raise InvalidChoice(ChoiceError.UNKNOWN_OPTION)
        if len(set(choice)) != len(choice):
            raise InvalidChoice(ChoiceError.DUPLICATE_OPTION)

    def next_choice(self, previous: Choice | None, press: Press, options: Sequence[str]) -> Choice:
        if press.action is Action.ABSTAIN:  # "Zurücksetzen": start the ranking again
            return ()
        if press.action is Action.PICK:
            return ranked_next(previous, option_at(options, press.index), options)
        raise InvalidChoice(ChoiceError.WRONG_TYPE)

    def complete(self, choice: Choice | None, options: Sequence[str]) -> bool:
        return isinstance(choice, tuple) and set(choice) == set(options)

    def tally(self, options: Sequence[str], choices: list[Choice]) -> RankedTally:
        points = dict.fromkeys(options, 0)
        abstain = 0
        for choice in choices:
            assert isinstance(choice, tuple)
            if not self.complete(choice, options):
                abstain += 1
                continue
            for option, earned in borda_points(choice, len(options)).items():
                points[option] += earned
        # sorted() is stable: equal points keep the option order
        ranking = tuple(sorted(options, key=lambda o: -points[o]))
        top = max(points.values(), default=0)
        leaders = tuple(o for o in ranking if points[o] == top) if top else ()
        return RankedTally(points, len(choices), abstain, ranking, leaders)

    def result(self, tally: Tally, majority: Majority = Majority.SIMPLE) -> Result:
        assert isinstance(tally, RankedTally)
        return leaders_result(tally.leaders)

    number_keys: ClassVar[frozenset[str]] = frozenset({"points"})

    def record(
        self, tally: Tally, winners: tuple[str, ...], tied: tuple[str, ...], options: OptionList
    ) -> dict[str, Any]:
        assert isinstance(tally, RankedTally)
        names = labels(options)
        per_option = {k: {"points": p} for k, p in tally.points.items()}
        return {
            "options": option_records(options, per_option),
            "ranking": list(tally.ranking),
            "abstain": tally.abstain,
            "winners": [names[k] for k in winners],
            "tied": [names[k] for k in tied],
        }

    def from_stored(self, value: Any) -> Choice:
        return tuple(value) if isinstance(value, list) else value  # type: ignore[no-any-return]
