"""The look of each ballot kind: one line per kind."""

from __future__ import annotations

from rakbot.domain.voting import BallotKind
from rakbot.views.ballot_kinds.base import KindLook
from rakbot.views.ballot_kinds.choice import MultiLook, SingleLook
from rakbot.views.ballot_kinds.date_poll import DatePollLook
from rakbot.views.ballot_kinds.decision import DecisionLook
from rakbot.views.ballot_kinds.ranked import RankedLook
from rakbot.views.ballot_kinds.score import ScoreLook

LOOKS: dict[BallotKind, KindLook] = {
    BallotKind.DECISION: DecisionLook(),
    BallotKind.SINGLE: SingleLook(),
    BallotKind.MULTI: MultiLook(),
    BallotKind.DATE_POLL: DatePollLook(),
    BallotKind.SCORE: ScoreLook(),
    BallotKind.RANKED: RankedLook(),
}


def look_of(kind: BallotKind) -> KindLook:
    return LOOKS[kind]
