"""Option lists, date options and button presses of the ballot kinds, without Telegram."""

from __future__ import annotations

from datetime import datetime

import pytest

from rakbot.domain.ballot_input import (
    OptionError,
    OptionInputError,
    option_entries,
    parse_date_options,
    parse_max_choices,
    parse_options,
)
from rakbot.domain.ballot_press import (
    Action,
    Press,
    apply_press,
    complete,
    from_stored,
    fully_answered,
    owed_answers,
    parse_press,
    to_stored,
)
from rakbot.domain.dates import BERLIN, DateParseError
from rakbot.domain.voting import BallotKind, ChoiceError, InvalidChoice

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)
KEYS = ("o1", "o2", "o3")


def test_options_one_per_line_or_separated() -> None:
    assert parse_options("Rot\n  Grün \n\nBlau") == ["Rot", "Grün", "Blau"]
    assert parse_options("Rot; Grün, hell; Blau") == ["Rot", "Grün, hell", "Blau"]
    assert parse_options("Rot, Grün") == ["Rot", "Grün"]
    assert option_entries(["A", "B"]) == [{"key": "o1", "label": "A"}, {"key": "o2", "label": "B"}]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("nur eine", OptionError.TOO_FEW),
        ("\n".join(str(i) for i in range(11)), OptionError.TOO_MANY),
        ("A\n" + "x" * 61, OptionError.TOO_LONG),
        ("Rot\nrot", OptionError.DUPLICATE),
    ],
)
def test_bad_option_lists(text: str, reason: OptionError) -> None:
    with pytest.raises(OptionInputError) as caught:
        parse_options(text)
    assert caught.value.reason is reason


def test_max_choices() -> None:
    assert parse_max_choices(" 2 ", 3) == 2
    for bad in ("0", "4", "zwei", ""):
        with pytest.raises(ValueError):
            parse_max_choices(bad, 3)


def test_date_options_are_sorted_and_may_be_whole_days() -> None:
    options = parse_date_options("27.01.2027 14 Uhr, 20.01.2027 10:00\n3. Februar 2027", NOW)
    assert [(o.at.isoformat(), o.all_day) for o in options] == [
        ("2027-01-20T10:00:00+01:00", False),
        ("2027-01-27T14:00:00+01:00", False),
        ("2027-02-03T00:00:00+01:00", True),
    ]


def test_bad_date_options() -> None:
    with pytest.raises(DateParseError):
        parse_date_options("irgendwann, bald", NOW)
    # The failing entry is numbered across lines.
    for text, entry in (
        ("31.02.2027", 1),
        ("20.01.2027 10 Uhr, 31.02.2027", 2),
        ("20.01.2027 10 Uhr, 3. Februar\n27.01.2027, 31.02.2027", 4),
    ):
        with pytest.raises(DateParseError) as failed:
            parse_date_options(text, NOW)
        assert failed.value.entry == entry, text
    for text, reason in (
        ("20.01.2027 10 Uhr", OptionError.TOO_FEW),
        ("20.11.2026 10 Uhr, 20.01.2027", OptionError.PAST),
        ("20.01.2027 10 Uhr, 20.01.2027 10:00", OptionError.DUPLICATE),
    ):
        with pytest.raises(OptionInputError) as caught:
            parse_date_options(text, NOW)
        assert caught.value.reason is reason


def test_press_codes() -> None:
    assert parse_press("y") == Press(Action.DECIDE, value="yes")
    assert parse_press("a") == Press(Action.ABSTAIN)
    assert parse_press("c3") == Press(Action.PICK, 3)
    assert parse_press("d2m") == Press(Action.DATE, 2, "maybe")
    assert parse_press("s10=7") == Press(Action.SCORE, 10, 7)
    for forged in ("z", "c", "c123", "d1x", "s1=", "s1=100", "y ", ""):
        assert parse_press(forged) is None


def press(kind: BallotKind, previous: object, code: str, max_choices: int | None = None) -> object:
    found = parse_press(code)
    assert found is not None
    return apply_press(kind, previous, found, KEYS, max_choices)  # type: ignore[arg-type]


def test_presses_per_kind() -> None:
    assert press(BallotKind.DECISION, "yes", "n") == "no"
    assert press(BallotKind.DECISION, None, "a") == "abstain"
    assert press(BallotKind.SINGLE, ("o1",), "c2") == ("o2",)
    assert press(BallotKind.SINGLE, ("o1",), "a") == ()
    assert press(BallotKind.MULTI, ("o3",), "c1", 2) == ("o1", "o3")
    assert press(BallotKind.MULTI, ("o1", "o3"), "c3", 2) == ("o1",)
    assert press(BallotKind.DATE_POLL, {"o1": "no"}, "d2y") == {"o1": "no", "o2": "yes"}
    assert press(BallotKind.DATE_POLL, {"o1": "no"}, "d1m") == {"o1": "maybe"}
    assert press(BallotKind.SCORE, {"o1": 3}, "s3=10") == {"o1": 3, "o3": 10}


def test_refused_presses() -> None:
    for kind, previous, code, reason in (
        (BallotKind.MULTI, ("o1", "o2"), "c3", ChoiceError.TOO_MANY_CHOICES),
        (BallotKind.SINGLE, None, "c4", ChoiceError.UNKNOWN_OPTION),
        (BallotKind.SINGLE, None, "c0", ChoiceError.UNKNOWN_OPTION),
        (BallotKind.SINGLE, None, "y", ChoiceError.WRONG_TYPE),
        (BallotKind.DECISION, None, "c1", ChoiceError.WRONG_TYPE),
        (BallotKind.DATE_POLL, None, "s1=3", ChoiceError.WRONG_TYPE),
        (BallotKind.SCORE, None, "s1=11", ChoiceError.SCORE_OUT_OF_RANGE),
    ):
        with pytest.raises(InvalidChoice) as caught:
            press(kind, previous, code, 2)
        assert caught.value.reason is reason, code


def test_fully_answered_leaves_out_own_proposals() -> None:
    counted = {1: {"o1": 3, "o2": 5}, 2: {"o2": 7}, 3: {"o1": 4}, 4: {}}
    own = {2: {"o1"}, 4: {"o1", "o2"}}
    # 2 may not score o1 (its own proposal), 3 left o2 open, 4 owes nothing at all.
    assert fully_answered(BallotKind.SCORE, counted, ["o1", "o2"], own) == {1, 2, 4}
    assert fully_answered(BallotKind.SCORE, counted, ["o1", "o2"], {}) == {1}
    polls = {1: {"o1": "yes"}, 2: {"o1": "no", "o2": "maybe"}}
    assert fully_answered(BallotKind.DATE_POLL, polls, ["o1", "o2"], {}) == {2}
    assert fully_answered(BallotKind.DECISION, {1: "yes", 2: "abstain"}, [], {}) == {1, 2}


def test_owed_answers_missing_and_incomplete_in_seat_order() -> None:
    counted = {2: {"o1": 3}, 1: {"o1": 3, "o2": 5}}
    # 4 applied for both proposals: it owes nothing, voted or not; 3 has not voted.
    own = {4: {"o1", "o2"}, 2: {"o2"}}
    assert owed_answers(BallotKind.SCORE, [1, 2, 3, 4], counted, ["o1", "o2"], own) == ([3], [])
    assert owed_answers(BallotKind.SCORE, [4, 3, 2, 1], counted, ["o1", "o2"], {}) == (
        [4, 3],
        [2],
    )
    # Decisions have no options: only a missing vote is owed.
    assert owed_answers(BallotKind.DECISION, [1, 2, 3], {1: "yes"}, [], {}) == ([2, 3], [])


def test_complete_and_stored_form() -> None:
    assert not complete(BallotKind.SCORE, {"o1": 3}, KEYS)
    assert complete(BallotKind.DATE_POLL, dict.fromkeys(KEYS, "yes"), KEYS)
    assert complete(BallotKind.SINGLE, (), KEYS) and not complete(BallotKind.SINGLE, None, KEYS)
    assert to_stored(("o1", "o2")) == ["o1", "o2"]
    assert from_stored(BallotKind.MULTI, ["o1", "o2"]) == ("o1", "o2")
    assert from_stored(BallotKind.DECISION, "yes") == "yes"
