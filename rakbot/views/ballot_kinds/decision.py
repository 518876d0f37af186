"""Beschluss: Ja / Nein / Enthaltung."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rakbot.domain.majority import Majority, yes_needed
from rakbot.domain.voting import DecisionTally, Tally
from rakbot.i18n import N_, Translator
from rakbot.views.ballot_kinds.base import (
    CHOICE_LABELS,
    MAJORITY_LABELS,
    Bar,
    KindLook,
    Options,
    PressButton,
    Rows,
)

MAJORITY_REACHED = N_("{majority} erreicht (nötig: {needed} Ja bei {cast} Ja- und Nein-Stimmen)")
MAJORITY_MISSED = N_("{majority} verfehlt (nötig: {needed} Ja bei {cast} Ja- und Nein-Stimmen)")


class DecisionLook(KindLook):
    label: ClassVar[str] = N_("Beschluss (Ja / Nein / Enthaltung)")
    export_name: ClassVar[str] = "Beschluss"

    def procedure_name(self, t: Translator, *, written: bool) -> str:
        return t("Umlaufverfahren") if written else t("Abstimmung in der Sitzung")

    def describe(self, t: Translator, options: Options, choice: Any, *, short: bool) -> str:
        return t(CHOICE_LABELS[str(choice)])

    def live_totals(
        self, t: Translator, options: Options, tally: Tally, *, closed: bool
    ) -> list[str]:
        assert isinstance(tally, DecisionTally)
        return [
            t(
                "Stand: {yes} Ja, {no} Nein, {abstain}",
                yes=tally.yes,
                no=tally.no,
                abstain=t.plural("{n} Enthaltung", "{n} Enthaltungen", tally.abstain),
            )
        ]

    def standing_head(self, t: Translator, max_choices: int | None) -> str:
        return ""

    def result_head(self, t: Translator, result: Mapping[str, Any]) -> str:
        return t("Angenommen") if result["status"] == "accepted" else t("Abgelehnt")

    def result_line(self, t: Translator, result: Mapping[str, Any], basis: str) -> str:
        counts = t(
            "{yes} Ja, {no} Nein, {abstain}",
            yes=result["yes"],
            no=result["no"],
            abstain=t.plural("{n} Enthaltung", "{n} Enthaltungen", result["abstain"]),
        )
        line = t(
            "{outcome} – {counts}; beschlussfähig ({basis})",
            outcome=self.result_head(t, result),
            counts=counts,
            basis=basis,
        )
        return "; ".join([line, *_notes(t, result)])

    def summary(self, t: Translator, result: Mapping[str, Any]) -> list[str]:
        return [
            t(
                "Ja {yes}, Nein {no}, Enthaltung {abstain}",
                yes=result.get("yes", 0),
                no=result.get("no", 0),
                abstain=result.get("abstain", 0),
            )
        ]

    def chart_bars(self, t: Translator, result: Mapping[str, Any]) -> tuple[list[Bar], str]:
        counts = [
            (t("Ja"), result.get("yes", 0)),
            (t("Nein"), result.get("no", 0)),
            (t("Enthaltung"), result.get("abstain", 0)),
        ]
        return [{"label": k, "value": v, "note": str(v)} for k, v in counts], t("Stimmen")

    def private_prompt(self, t: Translator, options: Options, max_choices: int | None) -> str:
        return ""

    def vote_rows(self, t: Translator, button: PressButton, options: Options, own: Any) -> Rows:
        return [
            [
                button(t("👍 Ja"), "y", own == "yes"),
                button(t("👎 Nein"), "n", own == "no"),
                button(t("Enthaltung"), "a", own == "abstain"),
            ]
        ]


def _notes(t: Translator, result: Mapping[str, Any]) -> list[str]:
    """What the numbers alone do not say: the majority needed, a tie, deemed abstentions."""
    notes = []
    majority = Majority(result.get("majority", Majority.SIMPLE))
    rejected = result["status"] == "rejected"
    if majority is not Majority.SIMPLE:
        cast = result["yes"] + result["no"]
        notes.append(
            t(
                MAJORITY_MISSED if rejected else MAJORITY_REACHED,
                majority=t(MAJORITY_LABELS[majority]),
                needed=max(1, yes_needed(majority, cast)),
                cast=cast,
            )
        )
    elif rejected and result["yes"] == result["no"]:
        notes.append(t("Stimmengleichheit gilt als Ablehnung"))
    deemed = result.get("deemed", 0)
    if deemed:
        notes.append(
            t.plural(
                "{n} Institution ohne Stimmabgabe als Enthaltung gewertet",
                "{n} Institutionen ohne Stimmabgabe als Enthaltung gewertet",
                deemed,
            )
        )
    return notes
