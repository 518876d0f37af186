"""Beschluss: Ja / Nein / Enthaltung, a simple majority of the Ja and Nein votes (a tie rejects)
or, chosen per ballot, two thirds of them (`rakbot.domain.majority`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, ClassVar

from rakbot.domain.ballot_press import Action, Press
from rakbot.domain.kinds.base import KindRules, OptionList, Result
from rakbot.domain.majority import Majority, accepted
from rakbot.domain.voting import (
    BallotKind,
    Choice,
    ChoiceError,
    DecisionChoice,
    DecisionTally,
    InvalidChoice,
    Tally,
)

_VALUES = frozenset(DecisionChoice)


class Decision(KindRules):
    kind = BallotKind.DECISION
    written: ClassVar[bool] = True
    has_options: ClassVar[bool] = False
    qualified: ClassVar[bool] = True

    def validate(self, choice: Choice, options: Sequence[str], max_choices: int | None) -> None:
        if not isinstance(choice, str):
            raise InvalidChoice(ChoiceError.WRONG_TYPE)
        if choice not in _VALUES:
            raise InvalidChoice(ChoiceError.INVALID_ANSWER)

    def next_choice(self, previous: Choice | None, press: Press, options: Sequence[str]) -> Choice:
        if press.action is Action.DECIDE:
            return str(press.value)
        if press.action is Action.ABSTAIN:
            return DecisionChoice.ABSTAIN.value
        raise InvalidChoice(ChoiceError.WRONG_TYPE)

    def tally(self, options: Sequence[str], choices: list[Choice]) -> DecisionTally:
        return DecisionTally(
            yes=choices.count(DecisionChoice.YES),
            no=choices.count(DecisionChoice.NO),
            abstain=choices.count(DecisionChoice.ABSTAIN),
        )

    def result(self, tally: Tally, majority: Majority = Majority.SIMPLE) -> Result:
        # Abstentions do not count; a tie rejects.
        assert isinstance(tally, DecisionTally)
        return ("accepted" if accepted(majority, tally.yes, tally.no) else "rejected"), (), ()

    def with_deemed_abstentions(self, tally: Tally, deemed: int) -> Tally:
        assert isinstance(tally, DecisionTally)
        return replace(tally, abstain=tally.abstain + deemed)

    def record(
        self, tally: Tally, winners: tuple[str, ...], tied: tuple[str, ...], options: OptionList
    ) -> dict[str, Any]:
        assert isinstance(tally, DecisionTally)
        return {"yes": tally.yes, "no": tally.no, "abstain": tally.abstain}
