"""Terminfindung: Ja / Vielleicht / Nein per date, given in the private chat."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rakbot.domain.ballot_press import date_code
from rakbot.domain.voting import DateAnswer, DatePollTally, Tally
from rakbot.i18n import N_, Translator
from rakbot.views.ballot_kinds.base import (
    DATE_LABELS,
    Bar,
    KindLook,
    Options,
    PressButton,
    Rows,
    e,
    label_of,
    namer,
)


class DatePollLook(KindLook):
    label: ClassVar[str] = N_("Terminfindung")
    export_name: ClassVar[str] = "Terminfindung"
    question_prompt: ClassVar[str | None] = N_(
        "Wofür wird ein Termin gesucht? Zum Beispiel: Termin der nächsten Sitzung"
    )
    private: ClassVar[bool] = True
    private_button: ClassVar[str] = N_("🗳 Termine im privaten Chat angeben")

    def describe(self, t: Translator, options: Options, choice: Any, *, short: bool) -> str:
        name = namer(options, short)
        parts = []
        for answer in DateAnswer:
            keys = [k for k, _label in options if choice.get(k) == answer.value]
            if keys:
                names = ", ".join(map(name, keys))
                if short:  # "Ja: Nr. 2, 3" – a bare "Ja: 2" reads like a count
                    names = t("Nr. {numbers}", numbers=names)
                parts.append(f"{t(DATE_LABELS[answer.value])}: {names}")
        return "; ".join(parts)

    def live_totals(
        self, t: Translator, options: Options, tally: Tally, *, closed: bool
    ) -> list[str]:
        assert isinstance(tally, DatePollTally)
        best = tally.best
        lines = []
        for i, (key, label) in enumerate(options, start=1):
            c = tally.counts[key]
            line = f"{i}. {e(label)}: " + t(
                "{yes} Ja, {maybe} Vielleicht, {no} Nein", yes=c.yes, maybe=c.maybe, no=c.no
            )
            lines.append(f"⭐ <b>{line}</b>" if key == best else line)
        if best is not None and closed:
            lines.append(t("Bester Termin: {label}", label=e(label_of(options, best))))
        elif best is not None:
            lines.append(t("Bester Termin bisher: {label}", label=e(label_of(options, best))))
        return lines

    def result_head(self, t: Translator, result: Mapping[str, Any]) -> str:
        best = result.get("best")
        return t("Bester Termin: {label}", label=e(best)) if best else t("Kein Termin gefunden")

    def result_line(self, t: Translator, result: Mapping[str, Any], basis: str) -> str:
        answered = t(
            "{participated} von {eligible} Institutionen haben geantwortet",
            participated=result["participated"],
            eligible=result["eligible"],
        )
        best = next((o for o in result["options"] if o["label"] == result.get("best")), None)
        if best is None:
            return t(
                "Kein Termin gefunden – für keinen Termin gab es ein Ja oder Vielleicht; "
                "{answered}",
                answered=answered,
            )
        return t(
            "Bester Termin: {label} – {yes} Ja, {maybe} Vielleicht, {no} Nein; {answered}",
            label=e(best["label"]),
            yes=best["yes"],
            maybe=best["maybe"],
            no=best["no"],
            answered=answered,
        )

    def option_detail(self, t: Translator, option: Mapping[str, Any]) -> str:
        return t(
            "{yes} Ja, {maybe} Vielleicht, {no} Nein",
            yes=option["yes"],
            maybe=option["maybe"],
            no=option["no"],
        )

    def chart_bars(self, t: Translator, result: Mapping[str, Any]) -> tuple[list[Bar], str]:
        bars = [
            {
                "label": str(o["label"]),
                "value": o.get("yes", 0),
                "note": self.option_detail(t, {k: o.get(k, 0) for k in ("yes", "maybe", "no")}),
            }
            for o in result.get("options", [])
        ]
        return bars, t("Ja-Stimmen")

    def private_prompt(self, t: Translator, options: Options, max_choices: int | None) -> str:
        return t("Bitte für jeden Termin angeben, ob Sie können:")

    def private_option(self, t: Translator, line: str, answer: Any, *, focused: bool) -> str:
        return line + " – " + (t(DATE_LABELS[answer]) if answer else t("noch offen"))

    def vote_rows(self, t: Translator, button: PressButton, options: Options, own: Any) -> Rows:
        answers = own if isinstance(own, Mapping) else {}
        return [
            [
                button(f"{i}: {t(DATE_LABELS[a.value])}", date_code(i, a), answers.get(key) == a)
                for a in DateAnswer
            ]
            for i, (key, _label) in enumerate(options, start=1)
        ]
