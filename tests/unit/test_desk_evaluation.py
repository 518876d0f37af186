"""The applicant desk against its public evaluation set (tests/data/desk_questions.yaml).

Bars: at least 95 % of the in-scope questions get the right answer first, at least 95 % of the
out-of-scope questions get the honest hand-over. Precision (answers given that are right) and
recall (in-scope questions answered right) are printed with every run (`pytest -s`).

The FAQ search before the desk existed (stemming and prefix rules, no intents, no confidence)
scored on the same set: in-scope right first 70.3 % (166/236), out-of-scope handed over
55.2 % (32/58), precision 67.2 %, recall 70.3 %.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from rakbot.content import load_content
from rakbot.content.desk import Desk

QUESTIONS = Path(__file__).parent.parent / "data" / "desk_questions.yaml"
IN_SCOPE_BAR = 0.95
HANDOVER_BAR = 0.95
MIN_QUESTIONS = 200
MIN_OUT_OF_SCOPE = 50


@dataclass
class Figures:
    in_scope: int = 0
    right: int = 0
    out_of_scope: int = 0
    handed_over: int = 0
    answered: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def right_first(self) -> float:
        return self.right / self.in_scope

    @property
    def handover_rate(self) -> float:
        return self.handed_over / self.out_of_scope

    @property
    def precision(self) -> float:
        return self.right / self.answered if self.answered else 0.0

    def report(self) -> str:
        return (
            f"in-scope right first {self.right}/{self.in_scope} = {self.right_first:.1%}; "
            f"out-of-scope handed over {self.handed_over}/{self.out_of_scope} = "
            f"{self.handover_rate:.1%}; precision {self.precision:.1%}; "
            f"recall {self.right_first:.1%}"
        )


def _questions() -> list[tuple[str, str, str]]:
    return [tuple(row) for row in yaml.safe_load(QUESTIONS.read_text("utf-8"))["questions"]]


def evaluate(desk: Desk, questions: list[tuple[str, str, str]]) -> Figures:
    figures = Figures()
    for lang, expected, question in questions:
        got = desk.answer(question, lang).answer_id
        accepted = expected.split("|")
        if expected == "none":
            figures.out_of_scope += 1
            figures.handed_over += got == "none"
        else:
            figures.in_scope += 1
            figures.right += got in accepted
        figures.answered += got != "none"
        if got not in accepted:
            figures.misses.append(f"[{lang}] {question!r}: expected {expected}, got {got}")
    return figures


def test_the_set_is_large_and_honest() -> None:
    questions = _questions()
    ids = {entry.id for entry in load_content().faq} | {"termin", "none"}
    assert len(questions) >= MIN_QUESTIONS
    assert sum(expected == "none" for _, expected, _ in questions) >= MIN_OUT_OF_SCOPE
    assert {lang for lang, _, _ in questions} == {"de", "en"}
    for _, expected, question in questions:
        assert set(expected.split("|")) <= ids, question
    assert len({question for _, _, question in questions}) > len(questions) * 0.95


def test_desk_meets_the_bars(capsys: pytest.CaptureFixture[str]) -> None:
    figures = evaluate(Desk(load_content()), _questions())
    with capsys.disabled():
        print(f"\napplicant desk evaluation: {figures.report()}")
    misses = "\n".join(figures.misses)
    assert figures.right_first >= IN_SCOPE_BAR, f"{figures.report()}\n{misses}"
    assert figures.handover_rate >= HANDOVER_BAR, f"{figures.report()}\n{misses}"
