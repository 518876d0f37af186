"""A personal calendar subscription per member: a secret URL served by the bot's web server
with every meeting of the committee, so that moves and cancellations reach Outlook and phone
calendars by themselves. Only the SHA-256 of the secret is stored; a new address revokes the
old one, and the subscription ends with the membership."""

from __future__ import annotations

import hashlib
import secrets
from enum import StrEnum
from urllib.parse import urlsplit

from rakbot import ics
from rakbot.runtime import Runtime
from rakbot.services.roster import record
from storage.repositories import meetings as meeting_repo
from storage.repositories import members
from storage.session import AsyncSession

TOKEN_BYTES = 24
PATH = "/kalender/{token}.ics"
CALENDAR_NAME = "RAK Landkreis Börde"
EVENT_TITLE = "Sitzung des RAK Landkreis Börde"


class FeedError(StrEnum):
    NO_ADDRESS = "no_address"
    NOT_MEMBER = "not_member"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def base_url(runtime: Runtime) -> str | None:
    """Where the web server is reachable from outside: PUBLIC_URL, else the origin of the
    webhook or Mini App address."""
    settings = runtime.settings
    if settings.public_url:
        return settings.public_url.rstrip("/")
    for url in (settings.webhook_url, settings.webapp_url):
        if url:
            parts = urlsplit(url)
            return f"{parts.scheme}://{parts.netloc}"
    return None


async def renew(runtime: Runtime, member_id: int) -> str | FeedError:
    """A new secret address (the old one stops working at once)."""
    base = base_url(runtime)
    if base is None:
        return FeedError.NO_ADDRESS
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> FeedError | None:
        member = await members.member_in(session, runtime.committee_id, member_id)
        if member is None or not member.active:
            return FeedError.NOT_MEMBER
        member.calendar_token_hash = _hash(token)
        record(session, now, member.committee_id, member.id, "member.calendar_renewed")
        return None

    problem = await runtime.db.run(work)
    return problem if problem is not None else base + PATH.format(token=token)


async def revoke(runtime: Runtime, member_id: int) -> bool:
    """End the subscription; True if there was one."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> bool:
        member = await members.member_in(session, runtime.committee_id, member_id)
        if member is None or member.calendar_token_hash is None:
            return False
        member.calendar_token_hash = None
        record(session, now, member.committee_id, member.id, "member.calendar_revoked")
        return True

    return await runtime.db.run(work)


async def has_feed(runtime: Runtime, member_id: int) -> bool:
    async def work(session: AsyncSession) -> bool:
        member = await members.member_in(session, runtime.committee_id, member_id)
        return member is not None and member.calendar_token_hash is not None

    return await runtime.db.run(work)


async def feed(runtime: Runtime, token: str) -> bytes | None:
    """The feed for this secret, or None (unknown, revoked, or the membership ended)."""
    if not token or len(token) > 64:
        return None

    async def work(session: AsyncSession) -> bytes | None:
        member = await members.by_calendar_token(session, _hash(token))
        if member is None:
            return None
        meetings = await meeting_repo.all_of(session, member.committee_id)
        return ics.feed(meetings, CALENDAR_NAME, EVENT_TITLE)

    return await runtime.db.run(work)
