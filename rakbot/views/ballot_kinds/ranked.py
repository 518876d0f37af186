"""Rangfolge: one button per option, pressed in order of preference, and "Zurücksetzen"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rakbot.domain.ballot_press import pick_code
from rakbot.domain.kinds.ranked import RankedTally
from rakbot.domain.voting import Tally
from rakbot.i18n import N_, Translator
from rakbot.views.ballot_kinds.base import (
    Bar,
    KindLook,
    Options,
    PressButton,
    Rows,
    abstentions,
    and_list,
    e,
    namer,
)

#: the press code of "Zurücksetzen" (the empty choice, see `rakbot.domain.kinds.ranked`)
RESET_CODE = "a"


def _points(t: Translator, n: int) -> str:
    return t.plural("{n} Punkt", "{n} Punkte", n)


def _places(options: list[Mapping[str, Any]]) -> list[tuple[int, Mapping[str, Any]]]:
    """Each option of a stored result with its place: equal points share a place."""
    return [
        (1 + sum(1 for other in options if other["points"] > option["points"]), option)
        for option in options
    ]


class RankedLook(KindLook):
    label: ClassVar[str] = N_("Rangfolge (Borda-Punkte)")
    export_name: ClassVar[str] = "Rangfolge"
    question_prompt: ClassVar[str | None] = N_(
        "Was wird in eine Rangfolge gebracht? Zum Beispiel: Welche Schwerpunktthemen sind "
        "am wichtigsten?"
    )

    def describe(self, t: Translator, options: Options, choice: Any, *, short: bool) -> str:
        if not choice:
            return t("keine Rangfolge (Enthaltung)")
        name = namer(options, short)
        text = ", ".join(f"{place}. {name(key)}" for place, key in enumerate(choice, start=1))
        left = len(options) - len(choice)
        if left:
            text += " " + t.plural("(noch {n} Option offen)", "(noch {n} Optionen offen)", left)
        return text

    def live_totals(
        self, t: Translator, options: Options, tally: Tally, *, closed: bool
    ) -> list[str]:
        assert isinstance(tally, RankedTally)
        lines = [
            f"{i}. {e(label)}: {_points(t, tally.points.get(key, 0))}"
            for i, (key, label) in enumerate(options, start=1)
        ]
        if tally.abstain:
            lines.append(t.plural("{n} Enthaltung", "{n} Enthaltungen", tally.abstain))
        return lines

    def standing_head(self, t: Translator, max_choices: int | None) -> str:
        return t("Stand (Borda-Punkte: letzter Platz 0, jeder Platz darüber 1 Punkt mehr):")

    def result_head(self, t: Translator, result: Mapping[str, Any]) -> str:
        if result["status"] == "tie":
            return t(
                "Gleichstand an der Spitze zwischen {names}",
                names=and_list(t, [e(n) for n in result.get("tied", [])]),
            )
        if result["status"] == "winner":
            return t("Erster Platz: {label}", label=e(result["winners"][0]))
        return t("Keine vollständige Rangfolge abgegeben")

    def result_line(self, t: Translator, result: Mapping[str, Any], basis: str) -> str:
        if result["status"] not in ("winner", "tie"):
            return t("Keine vollständige Rangfolge abgegeben – {basis}", basis=basis)
        by_key = {o["key"]: o for o in result["options"]}
        ordered = [by_key[key] for key in result.get("ranking", [])]
        places = [
            t(
                "{place}. {label} ({points})",
                place=place,
                label=e(option["label"]),
                points=_points(t, option["points"]),
            )
            for place, option in _places(ordered)
        ]
        return t(
            "{head} – Rangfolge: {ranking}; beschlussfähig ({basis})",
            head=self.result_head(t, result),
            ranking=", ".join(places + abstentions(t, result)),
            basis=basis,
        )

    def option_detail(self, t: Translator, option: Mapping[str, Any]) -> str:
        return _points(t, option["points"])

    def chart_bars(self, t: Translator, result: Mapping[str, Any]) -> tuple[list[Bar], str]:
        bars = [
            {
                "label": str(o["label"]),
                "value": o.get("points", 0),
                "note": str(o.get("points", 0)),
            }
            for o in result.get("options", [])
        ]
        return bars, t("Borda-Punkte")

    def private_prompt(self, t: Translator, options: Options, max_choices: int | None) -> str:
        return t(
            "Bitte die Optionen in der Reihenfolge Ihrer Wahl antippen, die beste zuerst; die "
            "letzte ergibt sich von selbst. „Zurücksetzen“ fängt von vorn an. Eine "
            "unvollständige Rangfolge zählt als Enthaltung."
        )

    def vote_rows(self, t: Translator, button: PressButton, options: Options, own: Any) -> Rows:
        ranking = list(own) if isinstance(own, tuple) else []
        rows = []
        for i, (key, label) in enumerate(options, start=1):
            text = f"{i}. {label}"[:48]
            if key in ranking:
                text = t("{option} – Platz {place}", option=text, place=ranking.index(key) + 1)
            rows.append([button(text, pick_code(i), key in ranking)])
        rows.append([button(t("↺ Zurücksetzen"), RESET_CODE, False)])
        return rows
