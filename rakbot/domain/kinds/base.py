"""What every ballot kind defines: the rules of its choices, its tally and its result.

One kind, one module in this package, one line in `registry`. The shared parts of voting (who
may vote, which vote counts, quorum, the written procedure) stay in `rakbot.domain.voting` and
`rakbot.domain.decision`; a kind only says what a choice is and how choices add up.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any, ClassVar

from rakbot.domain.ballot_press import Press
from rakbot.domain.majority import Majority
from rakbot.domain.voting import BallotKind, Choice, ChoiceError, InvalidChoice, Tally

#: (status, winners, tied) of an item decided by its votes; statuses of `OutcomeStatus`
Result = tuple[str, tuple[str, ...], tuple[str, ...]]
#: the ballot's stored options: `{"key", "label"}` and, over proposals, `"proposal_id"`
OptionList = list[dict[str, Any]]


class KindRules:
    """The rules of one ballot kind. Subclasses set `kind` and implement the abstract parts."""

    kind: ClassVar[BallotKind]
    #: needs a quorum by default (`VotingRules.quorum_kinds`)
    needs_quorum: ClassVar[bool] = True
    #: may run as a written procedure (Umlaufverfahren)
    written: ClassVar[bool] = False
    #: options typed by the office (False: fixed, as Ja / Nein / Enthaltung)
    has_options: ClassVar[bool] = True
    #: answered option by option in the private chat (no room in the group message)
    private: ClassVar[bool] = False
    #: may require a qualified majority (`rakbot.domain.majority`)
    qualified: ClassVar[bool] = False

    def validate(self, choice: Choice, options: Sequence[str], max_choices: int | None) -> None:
        """Raise `InvalidChoice` unless `choice` is well-formed for this kind."""
        raise NotImplementedError

    def next_choice(self, previous: Choice | None, press: Press, options: Sequence[str]) -> Choice:
        """The member's choice after `press`; `InvalidChoice` for a press of another kind."""
        raise NotImplementedError

    def tally(self, options: Sequence[str], choices: list[Choice]) -> Tally:
        raise NotImplementedError

    def result(self, tally: Tally, majority: Majority = Majority.SIMPLE) -> Result:
        """The outcome of the votes; `majority` is the ballot's majority rule, which only a
        kind that is `qualified` heeds."""
        raise NotImplementedError

    def complete(self, choice: Choice | None, options: Sequence[str]) -> bool:
        """A vote that answers everything it can (date polls, scoring: every option)."""
        return choice is not None

    def with_deemed_abstentions(self, tally: Tally, deemed: int) -> Tally:
        """The tally with `deemed` non-voters counted as abstaining (written procedure)."""
        return tally

    #: the per-option keys of the stored result that carry numbers (withheld when secret)
    number_keys: ClassVar[frozenset[str]] = frozenset()

    def record(
        self, tally: Tally, winners: tuple[str, ...], tied: tuple[str, ...], options: OptionList
    ) -> dict[str, Any]:
        """The kind's part of the stored result (`Ballot.result`), with labels, so that the
        record reads on its own; see `rakbot.services.ballot_results`."""
        raise NotImplementedError

    def from_stored(self, value: Any) -> Choice:
        """The domain choice from its JSON form (JSON has lists where the domain has tuples)."""
        return value  # type: ignore[no-any-return]


def option_at(options: Sequence[str], index: int) -> str:
    """The option a press names by its 1-based position."""
    if not 1 <= index <= len(options):
        raise InvalidChoice(ChoiceError.UNKNOWN_OPTION)
    return options[index - 1]


def mapping(previous: Choice | None) -> dict[str, Any]:
    return dict(previous) if isinstance(previous, Mapping) else {}


def checked_mapping(choice: Choice, options: Collection[str]) -> Mapping[str, object]:
    """A per-option answer: a non-empty mapping of known options."""
    if not isinstance(choice, Mapping):
        raise InvalidChoice(ChoiceError.WRONG_TYPE)
    if not choice:
        raise InvalidChoice(ChoiceError.EMPTY)
    if any(option not in options for option in choice):
        raise InvalidChoice(ChoiceError.UNKNOWN_OPTION)
    return choice


def winner_or_none(winner: str | None) -> Result:
    if winner is None:
        return "no_winner", (), ()
    return "winner", (winner,), ()


def leaders_result(leaders: tuple[str, ...]) -> Result:
    """One leader wins, several tie, none (nobody chose anything) gives no result."""
    if len(leaders) > 1:
        return "tie", (), leaders
    return winner_or_none(leaders[0] if leaders else None)


def option_records(options: OptionList, extra: Mapping[str, Mapping[str, Any]]) -> list[Any]:
    """The stored options, each with its numbers from `extra`."""
    return [
        {
            "key": o["key"],
            "label": o["label"],
            **({"proposal_id": o["proposal_id"]} if "proposal_id" in o else {}),
            **extra[o["key"]],
        }
        for o in options
    ]


def labels(options: OptionList) -> dict[str, str]:
    return {o["key"]: o["label"] for o in options}
