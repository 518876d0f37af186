"""The majority a decision needs: simple, or two thirds (Zweidrittelmehrheit), chosen per ballot.

Both count the valid Ja and Nein votes only; abstentions (Enthaltungen) are no votes cast for
either side. That is the rule the simple majority already follows here, and the usual reading
of "Mehrheit der abgegebenen Stimmen" in German association law (§ 32 BGB as the courts read
it: abstentions are not counted). Who has to take part is the quorum's question (more than
half of the eligible seats by default), asked before the majority, so a qualified majority of
a committee too small to decide never passes. The RAK's own rules say nothing on majorities;
a two-thirds majority of the members present is not offered, because abstaining would then
count as a Nein, which the members could not tell from the buttons.
"""

from __future__ import annotations

from enum import StrEnum


class Majority(StrEnum):
    #: more Ja than Nein; a tie rejects
    SIMPLE = "simple"
    #: at least two thirds of the Ja and Nein votes are Ja
    TWO_THIRDS = "two_thirds"


def accepted(majority: Majority, yes: int, no: int) -> bool:
    """Whether `yes` Ja against `no` Nein carry the motion."""
    return yes > 0 and yes >= yes_needed(majority, yes + no)


def yes_needed(majority: Majority, cast: int) -> int:
    """The fewest Ja votes that carry the motion among `cast` Ja and Nein votes."""
    if majority is Majority.TWO_THIRDS:
        return -(-2 * cast // 3)  # at least two thirds: the ceiling of 2/3
    return cast // 2 + 1
