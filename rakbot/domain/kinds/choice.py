"""Einfach- und Mehrfachauswahl: options ticked; the most votes win, a tie stays a tie."""

from __future__ import annotations

from collections.abc import Sequence
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
from rakbot.domain.voting import (
    BallotKind,
    Choice,
    ChoiceError,
    InvalidChoice,
    OptionTally,
    Tally,
)


class _Options(KindRules):
    """A choice is the tuple of chosen option keys in option order; empty: abstention."""

    def _limit(self, max_choices: int | None) -> int | None:
        return max_choices

    def validate(self, choice: Choice, options: Sequence[str], max_choices: int | None) -> None:
        if not isinstance(choice, tuple):
            raise InvalidChoice(ChoiceError.WRONG_TYPE)
        if any(option not in options for option in choice):
            raise InvalidChoice(ChoiceError.UNKNOWN_OPTION)
        if len(set(choice)) != len(choice):
            raise InvalidChoice(ChoiceError.DUPLICATE_OPTION)
        limit = self._limit(max_choices)
        if limit is not None and len(choice) > limit:
            raise InvalidChoice(ChoiceError.TOO_MANY_CHOICES)

    def tally(self, options: Sequence[str], choices: list[Choice]) -> OptionTally:
        counts = dict.fromkeys(options, 0)
        abstain = 0
        for choice in choices:
            assert isinstance(choice, tuple)
            abstain += not choice
            for option in choice:
                counts[option] += 1
        top = max(counts.values(), default=0)
        leaders = tuple(o for o, n in counts.items() if n == top) if top else ()
        return OptionTally(counts=counts, abstain=abstain, ballots=len(choices), leaders=leaders)

    def result(self, tally: Tally, majority: Majority = Majority.SIMPLE) -> Result:
        assert isinstance(tally, OptionTally)
        return leaders_result(tally.leaders)

    number_keys: ClassVar[frozenset[str]] = frozenset({"count"})

    def record(
        self, tally: Tally, winners: tuple[str, ...], tied: tuple[str, ...], options: OptionList
    ) -> dict[str, Any]:
        assert isinstance(tally, OptionTally)
        names = labels(options)
        return {
            "options": option_records(options, {k: {"count": n} for k, n in tally.counts.items()}),
            "abstain": tally.abstain,
            "winners": [names[k] for k in winners],
            "tied": [names[k] for k in tied],
        }

    def from_stored(self, value: Any) -> Choice:
        return tuple(value) if isinstance(value, list) else value  # type: ignore[no-any-return]


class Single(_Options):
    kind = BallotKind.SINGLE

    def _limit(self, max_choices: int | None) -> int | None:
        return 1

    def next_choice(self, previous: Choice | None, press: Press, options: Sequence[str]) -> Choice:
        if press.action is Action.ABSTAIN:
            return ()
        if press.action is Action.PICK:
            return (option_at(options, press.index),)
        raise InvalidChoice(ChoiceError.WRONG_TYPE)


class Multi(_Options):
    kind = BallotKind.MULTI

    def next_choice(self, previous: Choice | None, press: Press, options: Sequence[str]) -> Choice:
        if press.action is Action.ABSTAIN:
            return ()
        if press.action is Action.PICK:
            ticked = set(previous) if isinstance(previous, tuple) else set()
            ticked ^= {option_at(options, press.index)}
            return tuple(o for o in options if o in ticked)
        raise InvalidChoice(ChoiceError.WRONG_TYPE)
