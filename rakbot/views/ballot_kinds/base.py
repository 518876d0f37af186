"""What every ballot kind's look defines, and the helpers the looks share.

A look turns a kind's choices, tallies and results into text and plain buttons (no
`telegram`): the live group message, the private ballot, the archive and the minutes all ask
it. Options are `(key, label)` pairs in ballot order; in short texts an option is named by its
number, as on the buttons.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, ClassVar

from babel.numbers import format_decimal

from rakbot.domain.dates import LOCALES, format_date, format_short, language
from rakbot.domain.majority import Majority
from rakbot.domain.voting import Tally
from rakbot.i18n import N_, Translator
from rakbot.views import callbacks
from rakbot.views.markup import Button

CHOICE_LABELS = {"yes": N_("Ja"), "no": N_("Nein"), "abstain": N_("Enthaltung")}
DATE_LABELS = {"yes": N_("Ja"), "maybe": N_("Vielleicht"), "no": N_("Nein")}
MAJORITY_LABELS = {
    Majority.SIMPLE: N_("einfache Mehrheit"),
    Majority.TWO_THIRDS: N_("Zweidrittelmehrheit"),
}
Options = Sequence[tuple[str, str]]
Rows = list[list[Button]]
#: a button of a ballot: label, press code, whether it is the member's own choice
PressButton = Callable[[str, str, bool], Button]
#: one bar of a result chart: `{"label", "value", "note"}`
Bar = dict[str, Any]


def e(value: object) -> str:
    return html.escape(str(value), quote=False)


def mean_text(mean: float | None, lang: str) -> str:
    if mean is None:
        return "–"
    return str(format_decimal(mean, format="0.0", locale=LOCALES[language(lang)]))


def label_of(options: Options, key: str) -> str:
    return next((label for k, label in options if k == key), key)


def number_of(options: Options, key: str) -> int:
    return next((i for i, (k, _label) in enumerate(options, start=1) if k == key), 0)


def namer(options: Options, short: bool) -> Callable[[str], str]:
    """An option's name in a choice: its number (`short`, the live lists) or its label."""

    def name(key: str) -> str:
        return str(number_of(options, key)) if short else e(label_of(options, key))

    return name


def date_option_label(t: Translator, at: datetime, all_day: bool) -> str:
    """A date poll's option as the reader writes dates: "Mi., 20.01.2027, 10:00 Uhr",
    "03.02.2027 (ganztägig)"."""
    if all_day:
        return t("{day} (ganztägig)", day=format_date(at, t.lang))
    return format_short(at, t.lang)


def and_list(t: Translator, items: list[str]) -> str:
    """ "A, B und C" (English: "A, B and C")."""
    if len(items) < 2:
        return "".join(items)
    return t("{items} und {last}", items=", ".join(items[:-1]), last=items[-1])


def press_button(ballot_id: int) -> PressButton:
    """A vote button of this ballot; the member's own choice is marked with a dot."""

    def button(label: str, code: str, chosen: bool = False) -> Button:
        return Button(("● " if chosen else "") + label, callbacks.vote(ballot_id, code))

    return button


def abstentions(t: Translator, result: Mapping[str, Any]) -> list[str]:
    n = result.get("abstain")
    return [t.plural("{n} Enthaltung", "{n} Enthaltungen", n)] if n else []


class KindLook:
    """The look of one ballot kind; subclasses set `label` and implement the rest."""

    #: the kind's name in the dialog and on the ballot (a catalog entry)
    label: ClassVar[str]
    #: the kind's short German name in the vote export (a column of an audit file, not
    #: translated)
    export_name: ClassVar[str]
    #: the dialog's question for the ballot's subject (None: a decision asks for a proposal)
    question_prompt: ClassVar[str | None] = None
    #: answered in the private chat: the group lists the options and opens the private chat
    private: ClassVar[bool] = False
    #: the group button that opens the private chat
    private_button: ClassVar[str] = ""

    def procedure_name(self, t: Translator, *, written: bool) -> str:
        return t(self.label)

    def describe(self, t: Translator, options: Options, choice: Any, *, short: bool) -> str:
        """One member's choice in words; `short` names options by number."""
        raise NotImplementedError

    def live_totals(
        self, t: Translator, options: Options, tally: Tally, *, closed: bool
    ) -> list[str]:
        """The running (or, once `closed`, final) totals, one line per option."""
        raise NotImplementedError

    def standing_head(self, t: Translator, max_choices: int | None) -> str:
        return t("Stand:")

    def result_head(self, t: Translator, result: Mapping[str, Any]) -> str:
        """The outcome alone (a secret ballot's withheld numbers)."""
        raise NotImplementedError

    def result_line(self, t: Translator, result: Mapping[str, Any], basis: str) -> str:
        """The result line of a ballot decided by its votes."""
        raise NotImplementedError

    def summary(self, t: Translator, result: Mapping[str, Any]) -> list[str]:
        """The numbers for the minutes, one entry per option."""
        return [
            f"{e(option['label'])}: {self.option_detail(t, option)}"
            for option in result.get("options", [])
        ] + abstentions(t, result)

    def option_detail(self, t: Translator, option: Mapping[str, Any]) -> str:
        raise NotImplementedError

    def chart_bars(self, t: Translator, result: Mapping[str, Any]) -> tuple[list[Bar], str]:
        """The bars of the result chart (`/diagramm abstimmung`) and the unit of their axis."""
        raise NotImplementedError

    def private_prompt(self, t: Translator, options: Options, max_choices: int | None) -> str:
        raise NotImplementedError

    def private_option(self, t: Translator, line: str, answer: Any, *, focused: bool) -> str:
        """An option's line in the private view with the member's answer to it."""
        return line

    def group_rows(self, t: Translator, ballot_id: int, options: Options) -> Rows:
        """The vote buttons under the group message."""
        if self.private:
            code = callbacks.VoteCode.OPEN_PRIVATE
            return [[Button(t(self.private_button), callbacks.vote(ballot_id, code))]]
        return self.vote_rows(t, press_button(ballot_id), options, None)

    def private_rows(
        self, t: Translator, ballot_id: int, options: Options, own: Any, focus: int
    ) -> Rows:
        """The buttons of the private view, the member's own answers marked."""
        return self.vote_rows(t, press_button(ballot_id), options, own)

    def vote_rows(self, t: Translator, button: PressButton, options: Options, own: Any) -> Rows:
        raise NotImplementedError
