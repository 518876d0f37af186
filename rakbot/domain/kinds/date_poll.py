"""Terminfindung: Ja / Vielleicht / Nein per date; the most Ja, then Vielleicht, then the
earliest date wins. No quorum: finding a date is no resolution of the committee."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from rakbot.domain.ballot_press import Action, Press
from rakbot.domain.kinds.base import (
    KindRules,
    OptionList,
    Result,
    checked_mapping,
    labels,
    mapping,
    option_at,
    option_records,
    winner_or_none,
)
from rakbot.domain.majority import Majority
from rakbot.domain.voting import (
    BallotKind,
    Choice,
    ChoiceError,
    DateAnswer,
    DateCounts,
    DatePollTally,
    InvalidChoice,
    Tally,
)

_VALUES = frozenset(DateAnswer)


class DatePoll(KindRules):
    kind = BallotKind.DATE_POLL
    needs_quorum: ClassVar[bool] = False
    private: ClassVar[bool] = True

    def validate(self, choice: Choice, options: Sequence[str], max_choices: int | None) -> None:
        answers = checked_mapping(choice, options)
        if any(not isinstance(a, str) or a not in _VALUES for a in answers.values()):
            raise InvalidChoice(ChoiceError.INVALID_ANSWER)

    def next_choice(self, previous: Choice | None, press: Press, options: Sequence[str]) -> Choice:
        if press.action is not Action.DATE:
            raise InvalidChoice(ChoiceError.WRONG_TYPE)
        return {**mapping(previous), option_at(options, press.index): str(press.value)}

    def complete(self, choice: Choice | None, options: Sequence[str]) -> bool:
        return isinstance(choice, Mapping) and all(o in choice for o in options)

    def tally(self, options: Sequence[str], choices: list[Choice]) -> DatePollTally:
        answers: dict[str, list[object]] = {option: [] for option in options}
        for choice in choices:
            assert isinstance(choice, Mapping)
            for option, answer in choice.items():
                answers[option].append(answer)
        counts = {
            option: DateCounts(
                yes=given.count(DateAnswer.YES),
                maybe=given.count(DateAnswer.MAYBE),
                no=given.count(DateAnswer.NO),
            )
            for option, given in answers.items()
        }
        # min() keeps the first of equal keys, i.e. the earliest option.
        best = min(options, key=lambda o: (-counts[o].yes, -counts[o].maybe), default=None)
        if best is not None and not (counts[best].yes or counts[best].maybe):
            best = None
        return DatePollTally(counts=counts, ballots=len(choices), best=best)

    def result(self, tally: Tally, majority: Majority = Majority.SIMPLE) -> Result:
        assert isinstance(tally, DatePollTally)
        return winner_or_none(tally.best)

    number_keys: ClassVar[frozenset[str]] = frozenset({"yes", "maybe", "no"})

    def record(
        self, tally: Tally, winners: tuple[str, ...], tied: tuple[str, ...], options: OptionList
    ) -> dict[str, Any]:
        assert isinstance(tally, DatePollTally)
        per_date = {
            k: {"yes": c.yes, "maybe": c.maybe, "no": c.no} for k, c in tally.counts.items()
        }
        best = winners[0] if winners else None
        return {
            "options": option_records(options, per_date),
            "best": labels(options)[best] if best else None,
        }
