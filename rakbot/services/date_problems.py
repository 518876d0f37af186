"""How a typed date the domain refused is explained.

Shared by the meeting, ballot and competition dialogs and the Mini App: the rules are the domain's
(`rakbot.domain.dates`); these are the German texts that name what was wrong and how it works
instead. (Agendas and amounts are explained by `rakbot.services.meeting_texts` and
`rakbot.services.proposal_input`, which the Mini App shares.)
"""

from __future__ import annotations

from datetime import datetime

from rakbot.domain.dates import DateError, DateParseError, example_starts
from rakbot.i18n import N_, Translator

DATE_REASONS = {
    DateError.EMPTY: N_("Ich habe kein Datum erkannt."),
    DateError.UNKNOWN: N_("Dieses Datum verstehe ich nicht."),
    DateError.INVALID: N_("Diesen Tag gibt es nicht im Kalender."),
    DateError.INVALID_TIME: N_("Diese Uhrzeit gibt es nicht (Stunden 0–23, Minuten 0–59)."),
    DateError.WEEKDAY_MISMATCH: N_("Wochentag und Datum passen nicht zusammen."),
    DateError.AMBIGUOUS: N_("Das Datum ist nicht eindeutig."),
    DateError.PAST: N_("Dieser Zeitpunkt liegt in der Vergangenheit."),
    DateError.MISSING_TIME: N_("Bitte geben Sie auch die Uhrzeit an."),
    DateError.NONEXISTENT_TIME: N_(
        "Diese Uhrzeit gibt es an dem Tag nicht (Umstellung auf Sommerzeit)."
    ),
    DateError.AMBIGUOUS_TIME: N_(
        "Diese Uhrzeit gibt es an dem Tag zweimal (Umstellung auf Winterzeit)."
    ),
    DateError.TOO_FAR: N_("Das liegt mehr als fünf Jahre in der Zukunft."),
}


def date_problem(t: Translator, error: DateParseError, now: datetime) -> str:
    """The refusal with what was wrong and two examples that work (ahead of `now`)."""
    example, _words = example_starts(now)
    return (
        t(DATE_REASONS[error.reason])
        + "\n"
        + t("So geht es zum Beispiel: „{example}“ oder „nächsten Mittwoch 9:30“.", example=example)
    )
