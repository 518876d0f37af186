"""Bewertung: 0–10 points per option, one option at a time in the private chat."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rakbot.domain.ballot_press import score_code
from rakbot.domain.voting import SCORE_MAX, SCORE_MIN, ScoreTally, Tally
from rakbot.i18n import N_, Translator
from rakbot.views import callbacks
from rakbot.views.ballot_kinds.base import (
    Bar,
    KindLook,
    Options,
    PressButton,
    Rows,
    e,
    mean_text,
    namer,
    press_button,
)
from rakbot.views.markup import Button


class ScoreLook(KindLook):
    label: ClassVar[str] = N_("Bewertung mit Punkten (0–10)")
    export_name: ClassVar[str] = "Bewertung"
    question_prompt: ClassVar[str | None] = N_(
        "Was wird bewertet? Zum Beispiel: Wettbewerbsrunde Förderbereich A"
    )
    private: ClassVar[bool] = True
    private_button: ClassVar[str] = N_("🗳 Im privaten Chat bewerten")

    def describe(self, t: Translator, options: Options, choice: Any, *, short: bool) -> str:
        name = namer(options, short)
        if short:
            return "; ".join(
                t("Nr. {number}: {points}", number=name(k), points=choice[k])
                for k, _label in options
                if k in choice
            )
        return "; ".join(f"{name(k)}: {choice[k]}" for k, _label in options if k in choice)

    def live_totals(
        self, t: Translator, options: Options, tally: Tally, *, closed: bool
    ) -> list[str]:
        assert isinstance(tally, ScoreTally)
        lines = []
        for i, (key, label) in enumerate(options, start=1):
            stats = tally.scores[key]
            if stats.count:
                detail = t(
                    "Ø {mean} Punkte ({scorers})",
                    mean=mean_text(stats.mean, t.lang),
                    scorers=t.plural("{n} Bewertung", "{n} Bewertungen", stats.count),
                )
            else:
                detail = t("noch keine Bewertung")
            lines.append(f"{i}. {e(label)}: {detail}")
        return lines

    def result_head(self, t: Translator, result: Mapping[str, Any]) -> str:
        labels = {o["key"]: o["label"] for o in result.get("options", [])}
        ranking = [e(labels.get(key, key)) for key in result.get("ranking", [])]
        if result["status"] != "winner":
            return t("Keine Bewertung abgegeben")
        return t("Rangfolge nach Punkten: {ranking}", ranking=", ".join(ranking))

    def result_line(self, t: Translator, result: Mapping[str, Any], basis: str) -> str:
        if result["status"] != "winner":
            return t("Keine Bewertung abgegeben – {basis}", basis=basis)
        by_key = {o["key"]: o for o in result["options"]}
        means = [by_key[key]["mean"] for key in result.get("ranking", [])]
        ranking = [
            t(
                "{place}. {label} (Ø {mean})",
                # equal means share a place ("3. …, 3. …"): which comes first is not the
                # scoring's to say (a competition round breaks the tie by the lower amount)
                place=1 + sum(1 for other in means if other > by_key[key]["mean"]),
                label=e(by_key[key]["label"]),
                mean=mean_text(by_key[key]["mean"], t.lang),
            )
            for key in result.get("ranking", [])
        ]
        return t(
            "Rangfolge nach Punkten: {ranking}; beschlussfähig ({basis})",
            ranking=", ".join(ranking),
            basis=basis,
        )

    def option_detail(self, t: Translator, option: Mapping[str, Any]) -> str:
        return t(
            "Ø {mean} Punkte ({scorers})",
            mean=mean_text(option["mean"], t.lang),
            scorers=t.plural("{n} Bewertung", "{n} Bewertungen", option["count"]),
        )

    def chart_bars(self, t: Translator, result: Mapping[str, Any]) -> tuple[list[Bar], str]:
        bars = [
            {
                "label": str(o["label"]),
                "value": o.get("mean") or 0,
                "note": mean_text(o.get("mean"), t.lang),
            }
            for o in result.get("options", [])
        ]
        return bars, t("Punkte (Mittelwert)")

    def private_prompt(self, t: Translator, options: Options, max_choices: int | None) -> str:
        return t("Bitte jede Option mit 0 bis 10 Punkten bewerten (10 = am besten):")

    def private_option(self, t: Translator, line: str, answer: Any, *, focused: bool) -> str:
        line += " – " + (
            t.plural("{n} Punkt", "{n} Punkte", answer)
            if answer is not None
            else t("noch nicht bewertet")
        )
        return f"👉 <b>{line}</b>" if focused else line

    def private_rows(
        self, t: Translator, ballot_id: int, options: Options, own: Any, focus: int
    ) -> Rows:
        """The points 0–10 for the option in focus, and the way to the options beside it."""
        button = press_button(ballot_id)
        answers = own if isinstance(own, Mapping) else {}
        key = options[focus - 1][0]
        points = [
            button(str(p), score_code(focus, p), answers.get(key) == p)
            for p in range(SCORE_MIN, SCORE_MAX + 1)
        ]
        rows = [points[:6], points[6:]]
        navigation = []
        if focus > 1:
            navigation.append(
                Button(t("◀ Option {n}", n=focus - 1), callbacks.focus(ballot_id, focus - 1))
            )
        if focus < len(options):
            navigation.append(
                Button(t("Option {n} ▶", n=focus + 1), callbacks.focus(ballot_id, focus + 1))
            )
        if navigation:
            rows.append(navigation)
        return rows

    def vote_rows(self, t: Translator, button: PressButton, options: Options, own: Any) -> Rows:
        raise NotImplementedError("scoring is answered one option at a time")
