"""Who opens the Mini App, and what they may do there: the chat's roster lookup and access rule.

The app acts in the bot's committee only (its meetings, proposals and ballots), as a private
chat does, so a person is resolved exactly as in their private chat with the bot.
"""

from __future__ import annotations

from rakbot.domain.access import Audience, Scope, may_use
from rakbot.runtime import Runtime
from rakbot.services.people import Person, resolve
from storage.models import Role


async def viewer(runtime: Runtime, telegram_user_id: int) -> Person:
    """The person as the roster knows them (never from what the page claims)."""
    return await resolve(runtime.db, runtime.committee_id, telegram_user_id, None)


def may(runtime: Runtime, who: Person, audience: Audience, scope: Scope = Scope.BOT) -> bool:
    return may_use(
        audience,
        scope,
        is_member=who.is_member,
        is_coordinator=who.is_coordinator,
        votes=who.holds_seat,
        bot_committee=who.committee_id == runtime.committee_id,
    )


def speaks_for_institution(who: Person) -> bool:
    """The representative, who may answer "Stellvertretung kommt" for a meeting."""
    return who.role == Role.REPRESENTATIVE
