"""Button presses on a ballot: the short codes in callback data and how a press changes a vote.

Callback data is `v:<ballot>:<code>`; the code names an option by its 1-based position, so it
stays short whatever the option keys are:

    y / n / a   decision Ja / Nein / Enthaltung (a: abstention for single and multi choice too)
    c<i>        single choice: choose option i; multiple choice: tick or untick it
    d<i><y|m|n> date poll: Ja / Vielleicht / Nein for date i
    s<i>=<p>    scoring: p points (0–10) for option i

Pure: `apply_press` takes the member's previous choice and returns the new one, or raises
`InvalidChoice` (a forged or foreign press, or too many ticks).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from rakbot.domain.voting import BallotKind, Choice, DateAnswer, validate_choice

if TYPE_CHECKING:
    from rakbot.domain.kinds.base import KindRules


class Action(StrEnum):
    DECIDE = "decide"
    ABSTAIN = "abstain"
    PICK = "pick"
    DATE = "date"
    SCORE = "score"


@dataclass(frozen=True)
class Press:
    action: Action
    index: int = 0
    value: str | int | None = None


_DATE_CODES = {"y": DateAnswer.YES, "m": DateAnswer.MAYBE, "n": DateAnswer.NO}
_PATTERN = re.compile(
    r"(?:(?P<yn>[yn])|(?P<a>a)|c(?P<c>\d{1,2})|d(?P<d>\d{1,2})(?P<da>[ymn])"
    r"|s(?P<s>\d{1,2})=(?P<sp>\d{1,2}))"
)


def parse_press(code: str) -> Press | None:
    """The press a code stands for, or None if it is no vote code at all."""
    match = _PATTERN.fullmatch(code)
    if match is None:
        return None
    if match["yn"]:
        return Press(Action.DECIDE, value="yes" if match["yn"] == "y" else "no")
    if match["a"]:
        return Press(Action.ABSTAIN)
    if match["c"]:
        return Press(Action.PICK, int(match["c"]))
    if match["d"]:
        return Press(Action.DATE, int(match["d"]), _DATE_CODES[match["da"]].value)
    return Press(Action.SCORE, int(match["s"]), int(match["sp"]))


def pick_code(index: int) -> str:
    return f"c{index}"


def date_code(index: int, answer: DateAnswer) -> str:
    return f"d{index}{answer.value[0]}"


def score_code(index: int, points: int) -> str:
    return f"s{index}={points}"


def apply_press(
    kind: BallotKind,
    previous: Choice | None,
    press: Press,
    options: Sequence[str],
    max_choices: int | None = None,
) -> Choice:
    """The member's new choice after this press; raises `InvalidChoice` if it does not fit."""
    choice = _next_choice(kind, previous, press, options)
    validate_choice(kind, choice, options, max_choices)
    return choice


def _next_choice(
    kind: BallotKind, previous: Choice | None, press: Press, options: Sequence[str]
) -> Choice:
    return _rules(kind).next_choice(previous, press, options)


def _rules(kind: BallotKind) -> KindRules:
    # The kinds build on `Press`, so the registry is looked up late.
    from rakbot.domain.kinds.registry import rules_of

    return rules_of(kind)


def complete(kind: BallotKind, choice: Choice | None, options: Sequence[str]) -> bool:
    """A vote that answers everything it can: every date / every option scored."""
    return _rules(kind).complete(choice, options)


def fully_answered(
    kind: BallotKind,
    counted: Mapping[int, Choice],
    options: Sequence[str],
    own: Mapping[int, Collection[str]],
) -> set[int]:
    """The institutions (keys of `counted`, the counted choice per institution) whose choice
    answers everything they may answer: `own` lists per institution the options it may not
    score (its own proposals in a competition round)."""
    return {
        institution
        for institution, choice in counted.items()
        if complete(kind, choice, [o for o in options if o not in own.get(institution, ())])
    }


def owed_answers(
    kind: BallotKind,
    eligible: Sequence[int],
    counted: Mapping[int, Choice],
    options: Sequence[str],
    own: Mapping[int, Collection[str]],
) -> tuple[list[int], list[int]]:
    """Who still owes an answer, in the order of `eligible`: the institutions without a counted
    vote (unless they applied for every option and so may score nothing), and those whose
    counted vote leaves an option open that they may answer."""
    done = fully_answered(kind, counted, options, own)
    missing = [
        i for i in eligible if i not in counted and not (i in own and set(options) <= set(own[i]))
    ]
    incomplete = [i for i in eligible if i in counted and i not in done]
    return missing, incomplete


def from_stored(kind: BallotKind, value: Any) -> Choice:
    """The domain choice from its JSON form (JSON has lists where the domain has tuples)."""
    return _rules(kind).from_stored(value)


def to_stored(choice: Choice) -> Any:
    if isinstance(choice, tuple):
        return list(choice)
    if isinstance(choice, Mapping):
        return dict(choice)
    return choice
