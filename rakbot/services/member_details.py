"""A person's name and phone number: taken from Telegram at first contact for coordinators the
settings created, and corrected by the office in the chat (audited, group cards follow)."""

from __future__ import annotations

import logging

from rakbot.domain.field_limits import MEMBER_NAME, PHONE_SHAPE
from rakbot.domain.text_input import clean_line
from rakbot.runtime import Runtime
from rakbot.services import meeting_card
from rakbot.services.roster import MemberView, RosterError, record
from storage.db import DatabaseBusy
from storage.repositories import meetings as meeting_repo
from storage.repositories import members
from storage.repositories.inbox import detached
from storage.session import AsyncSession

log = logging.getLogger(__name__)

#: the name a coordinator from COORDINATOR_IDS has until the bot first hears from them
PLACEHOLDER_NAME = "Regionale Koordination"
#: typed instead of a phone number: remove the stored one
NO_PHONE = "-"


def clean_name(text: str) -> str:
    """The name as stored, or RosterError("bad_name")."""
    name = clean_line(text)
    if not MEMBER_NAME.minimum <= len(name) <= MEMBER_NAME.maximum:
        raise RosterError("bad_name")
    return name


def clean_phone(text: str) -> str | None:
    """The phone number as stored (None for "-"), or RosterError("bad_phone")."""
    phone = clean_line(text)
    if phone == NO_PHONE:
        return None
    if not PHONE_SHAPE.match(phone):
        raise RosterError("bad_phone")
    return phone


async def adopt_telegram_name(runtime: Runtime, telegram_user_id: int, full_name: str) -> bool:
    """A coordinator created from the settings carries a placeholder until the bot first hears
    from them; then their Telegram name replaces it (once: later the office edits it)."""
    try:
        name = clean_name(full_name)
    except RosterError:
        return False
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> bool:
        rows = await members.adopt_name(session, telegram_user_id, PLACEHOLDER_NAME, name)
        for member in rows:
            record(
                session,
                now,
                member.committee_id,
                member.id,
                "member.renamed",
                f"member:{member.id}",
                source="telegram",
            )
        return bool(rows)

    # bookkeeping before the handlers run, not a change made by the update itself
    try:
        with detached():
            return await runtime.db.run(work)
    except DatabaseBusy:
        log.warning("could not take over a coordinator's Telegram name; next time")
        return False


async def rename(
    runtime: Runtime, committee_id: int, member_id: int, text: str, *, actor_member_id: int
) -> MemberView:
    name = clean_name(text)
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> MemberView:
        target = await members.member_in(session, committee_id, member_id)
        if target is None or not target.active:
            raise RosterError("unknown_member")
        target.display_name = name
        record(session, now, committee_id, actor_member_id, "member.renamed", f"member:{target.id}")
        # the group card names who comes
        for _answer, meeting in await meeting_repo.upcoming_answers_of(session, target.id, now):
            await meeting_card.schedule_edit(session, meeting, now)
        return MemberView.of(target)

    return await runtime.db.run(work)


async def set_phone(
    runtime: Runtime, committee_id: int, member_id: int, text: str, *, actor_member_id: int
) -> MemberView:
    phone = clean_phone(text)
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> MemberView:
        target = await members.member_in(session, committee_id, member_id)
        if target is None or not target.active:
            raise RosterError("unknown_member")
        target.phone = phone
        record(
            session,
            now,
            committee_id,
            actor_member_id,
            "member.phone_changed",
            f"member:{target.id}",
        )
        return MemberView.of(target)

    return await runtime.db.run(work)
