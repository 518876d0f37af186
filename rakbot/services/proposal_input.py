"""A proposal's fields as people type them, checked by one set of rules for the chat's dialog
(/antrag_neu) and the Mini App's form, with the same German messages (msgids for rakbot.i18n).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rakbot.domain.field_limits import PROPOSAL_FIELDS
from rakbot.domain.money import MoneyError, MoneyParseError, parse_euro
from rakbot.domain.text_input import (
    DurationProblem,
    check_length,
    clean_line,
    clean_text,
    duration_problem,
)
from rakbot.i18n import N_

#: the fields a person types, in the dialog's order
TYPED_FIELDS = ("title", "applicant", "amount", "duration", "description")
DURATION_HINTS = {
    DurationProblem.AMOUNT: N_(
        "Das sieht nach einem Betrag aus – gefragt ist die Laufzeit, zum Beispiel "
        "01.01.2027–31.12.2028 oder 24 Monate."
    ),
    DurationProblem.INVALID_DATE: N_(
        "Dieses Datum gibt es nicht im Kalender. Zum Beispiel: 01.01.2027–31.12.2028."
    ),
    DurationProblem.REVERSED: N_(
        "Das Ende liegt vor dem Beginn. Zum Beispiel: 01.01.2027–31.12.2028."
    ),
}
MONEY_HINTS = {
    MoneyError.THOUSANDS_ABBREVIATION: N_(
        "Bitte den Betrag ausschreiben: statt „125 T€“ also „125.000 €“."
    ),
    MoneyError.MILLIONS_ABBREVIATION: N_(
        "Bitte den Betrag ausschreiben: statt „1,2 Mio. €“ also „1.200.000 €“."
    ),
    MoneyError.AMBIGUOUS: N_(
        "Das ist nicht eindeutig. Bitte deutsch schreiben: Punkt für Tausender, Komma für Cent, "
        "z. B. 1.500,00 €."
    ),
    MoneyError.TOO_MANY_DECIMALS: N_("Bitte höchstens zwei Nachkommastellen (Cent)."),
    MoneyError.NEGATIVE: N_("Der Betrag darf nicht negativ sein."),
    MoneyError.TOO_LARGE: N_("Der Betrag ist unrealistisch hoch. Bitte prüfen."),
    MoneyError.EMPTY: N_("Bitte einen Betrag angeben, z. B. 125.000 €."),
    MoneyError.INVALID: N_("Das ist kein Betrag. Beispiele: 125.000,50 € oder 125000"),
}
ZERO_AMOUNT = N_("Der Betrag muss größer als 0 € sein.")
LENGTH = N_("Bitte zwischen {minimum} und {maximum} Zeichen.")
UNKNOWN_AREA = N_("Diesen Förderbereich gibt es nicht.")
UNKNOWN_INSTITUTION = N_("Diese Institution gibt es nicht.")


@dataclass(frozen=True)
class FieldProblem:
    """Why a typed value is refused: a msgid and its placeholders."""

    field: str
    message: str
    values: dict[str, Any] = field(default_factory=dict)
    #: a money error: the chat asks to type it again
    money: bool = False


class ProposalInputError(ValueError):
    def __init__(self, problem: FieldProblem) -> None:
        super().__init__(problem.field)
        self.problem = problem


def check_field(name: str, raw: str) -> Any:
    """The stored value of one typed field (cents for the amount, None for an empty
    description), or `ProposalInputError`."""
    # The description may have lines; title, applicant, amount and duration are one line each.
    value = (clean_text if name == "description" else clean_line)(raw)
    if name == "amount":
        try:
            cents = parse_euro(value)
        except MoneyParseError as error:
            raise ProposalInputError(
                FieldProblem(name, MONEY_HINTS[error.reason], money=True)
            ) from None
        if cents == 0:
            raise ProposalInputError(FieldProblem(name, ZERO_AMOUNT))
        return cents
    bounds = PROPOSAL_FIELDS[name]
    if name == "description" and value in ("", "-"):
        return None
    if check_length(value, bounds) is not None:
        raise ProposalInputError(
            FieldProblem(name, LENGTH, {"minimum": bounds.minimum, "maximum": bounds.maximum})
        )
    problem = duration_problem(value) if name == "duration" else None
    if problem is not None:
        raise ProposalInputError(FieldProblem(name, DURATION_HINTS[problem]))
    return value
