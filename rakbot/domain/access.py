"""The access rule: who may use what, as one pure function.

The chat's commands and buttons (handlers/commands.py, handlers/access.py) and the Mini App's
endpoints (rakbot/web/miniapp) are all declared with an `Audience` and a `Scope` and decided by
`may_use`, so the app can never grant what the chat refuses.
"""

from __future__ import annotations

from enum import StrEnum


class Audience(StrEnum):
    PUBLIC = "public"
    MEMBER = "member"
    COORDINATOR = "coordinator"
    #: representatives and deputies of an institution (the vote buttons)
    VOTER = "voter"
    #: representatives, deputies and the office, not guests (the documents on proposals and
    #: agenda items: what the institutions decide on)
    SEAT_OR_OFFICE = "seat_or_office"


class Scope(StrEnum):
    """Which committee a command acts in: the bot's own (meetings, proposals, ballots) or the
    sender's (the roster: members of another committee keep theirs in the same database)."""

    BOT = "bot"
    OWN = "own"


def may_use(
    audience: Audience,
    scope: Scope,
    *,
    is_member: bool,
    is_coordinator: bool,
    votes: bool = False,
    bot_committee: bool = True,
) -> bool:
    """The access rule: one function for the handlers' documentation, /hilfe, the menus, the
    README's access matrix, the Mini App and the access tests."""
    if audience is Audience.PUBLIC:
        return True
    if not (scope is Scope.OWN or bot_committee):
        return False
    if audience is Audience.MEMBER:
        return is_member or is_coordinator
    if audience is Audience.COORDINATOR:
        return is_coordinator
    if audience is Audience.SEAT_OR_OFFICE:
        return is_coordinator or (is_member and votes)
    return votes
