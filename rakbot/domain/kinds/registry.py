"""The ballot kinds the bot knows: one line per kind."""

from __future__ import annotations

from rakbot.domain.kinds.base import KindRules
from rakbot.domain.kinds.choice import Multi, Single
from rakbot.domain.kinds.date_poll import DatePoll
from rakbot.domain.kinds.decision import Decision
from rakbot.domain.kinds.ranked import Ranked
from rakbot.domain.kinds.score import Score
from rakbot.domain.voting import BallotKind

RULES: dict[BallotKind, KindRules] = {
    rules.kind: rules
    for rules in (
        Decision(),
        Single(),
        Multi(),
        DatePoll(),
        Score(),
        Ranked(),
    )
}


def rules_of(kind: BallotKind) -> KindRules:
    return RULES[kind]
