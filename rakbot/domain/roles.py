"""The roles a person holds in a committee's roster.

One definition for the whole bot: storage keeps the value in `members.role`, handlers offer and
name the roles, and `rakbot.domain.voting.VoterRole` carries the same four values for the
ballots.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    #: holds the institution's seat and its vote
    REPRESENTATIVE = "representative"
    #: votes when the representative does not
    DEPUTY = "deputy"
    GUEST = "guest"
    #: the office (Regionale Koordination)
    COORDINATOR = "coordinator"
