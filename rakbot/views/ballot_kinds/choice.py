"""Einfach- und Mehrfachauswahl: one button per option and one for the abstention."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rakbot.domain.ballot_press import pick_code
from rakbot.domain.voting import OptionTally, Tally
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


class _OptionsLook(KindLook):
    #: the result line's head when one option has the most votes
    winner_text: ClassVar[str]

    def describe(self, t: Translator, options: Options, choice: Any, *, short: bool) -> str:
        return ", ".join(map(namer(options, short), choice)) or t("Enthaltung")

    def live_totals(
        self, t: Translator, options: Options, tally: Tally, *, closed: bool
    ) -> list[str]:
        assert isinstance(tally, OptionTally)
        lines = [
            f"{i}. {e(label)}: " + t.plural("{n} Stimme", "{n} Stimmen", tally.counts.get(key, 0))
            for i, (key, label) in enumerate(options, start=1)
        ]
        if tally.abstain:
            lines.append(t.plural("{n} Enthaltung", "{n} Enthaltungen", tally.abstain))
        return lines

    def result_head(self, t: Translator, result: Mapping[str, Any]) -> str:
        """What the ballot chose, without numbers."""
        status = result["status"]
        if status == "tie":
            return t(
                "Stimmengleichheit zwischen {names}",
                names=and_list(t, [e(n) for n in result.get("tied", [])]),
            )
        if status == "winner":
            return t(self.winner_text, label=e(result["winners"][0]))
        return t("Keine Option gewählt")

    def result_line(self, t: Translator, result: Mapping[str, Any], basis: str) -> str:
        counts = [f"{e(o['label'])} {o['count']}" for o in result.get("options", [])]
        return t(
            "{head} – {counts}; beschlussfähig ({basis})",
            head=self.result_head(t, result),
            counts=", ".join(counts + abstentions(t, result)),
            basis=basis,
        )

    def option_detail(self, t: Translator, option: Mapping[str, Any]) -> str:
        return t.plural("{n} Stimme", "{n} Stimmen", option["count"])

    def chart_bars(self, t: Translator, result: Mapping[str, Any]) -> tuple[list[Bar], str]:
        bars = [
            {"label": str(o["label"]), "value": o.get("count", 0), "note": str(o.get("count", 0))}
            for o in result.get("options", [])
        ]
        return bars, t("Stimmen")

    def vote_rows(self, t: Translator, button: PressButton, options: Options, own: Any) -> Rows:
        chosen = own if isinstance(own, tuple) else None
        rows = [
            [button(f"{i}. {label}"[:64], pick_code(i), bool(chosen and key in chosen))]
            for i, (key, label) in enumerate(options, start=1)
        ]
        rows.append([button(t("Enthaltung"), "a", chosen == ())])
        return rows


class SingleLook(_OptionsLook):
    label: ClassVar[str] = N_("Einfachauswahl")
    export_name: ClassVar[str] = "Einfachauswahl"
    question_prompt: ClassVar[str | None] = N_(
        "Wie lautet die Frage? Zum Beispiel: Wo findet die Klausur statt?"
    )
    winner_text: ClassVar[str] = N_("Gewählt: {label}")

    def private_prompt(self, t: Translator, options: Options, max_choices: int | None) -> str:
        return t("Bitte eine Option wählen:")


class MultiLook(_OptionsLook):
    label: ClassVar[str] = N_("Mehrfachauswahl")
    export_name: ClassVar[str] = "Mehrfachauswahl"
    question_prompt: ClassVar[str | None] = N_(
        "Wie lautet die Frage? Zum Beispiel: Welche Themen kommen auf die nächste Tagesordnung?"
    )
    winner_text: ClassVar[str] = N_("Die meisten Stimmen: {label}")

    def standing_head(self, t: Translator, max_choices: int | None) -> str:
        if max_choices is None:
            return t("Stand:")
        return t("Stand (Mehrfachauswahl, höchstens {n} je Institution):", n=max_choices)

    def private_prompt(self, t: Translator, options: Options, max_choices: int | None) -> str:
        return t(
            "Bitte bis zu {n} Optionen ankreuzen; nochmals antippen nimmt das Kreuz weg:",
            n=max_choices or len(options),
        )
