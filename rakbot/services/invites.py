"""One-time invite links: created by a coordinator, redeemed once by the invitee.

Only the SHA-256 of a token is stored, so a database leak reveals no usable link.
"""

from __future__ import annotations

import hashlib
import html
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from rakbot.domain.roles import Role
from rakbot.i18n import translator
from rakbot.runtime import Runtime
from rakbot.services import group_access
from rakbot.services.roster import NewMember, RosterError, add_member_in, record
from rakbot.views.labels import ROLE_LABELS
from storage.models import Invite, Member
from storage.repositories import dialogs, entities, members
from storage.repositories import invites as repo
from storage.repositories import meetings as meeting_repo
from storage.session import AsyncSession

TOKEN_BYTES = 24  # 32 URL-safe characters; Telegram allows up to 64 in a deep link
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
JOIN_DIALOG = "join"


class InviteProblem(StrEnum):
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"
    #: the account is already an active member of the committee: a link must not move it
    ALREADY_MEMBER = "already_member"


@dataclass(frozen=True)
class InviteView:
    id: int
    role: str
    is_coordinator: bool
    institution_name: str | None
    expires_at: datetime


@dataclass(frozen=True)
class Created:
    token: str
    invite: InviteView


@dataclass(frozen=True)
class Joined:
    member_id: int
    committee_id: int
    role: str
    institution_name: str | None
    #: the join-request link of the committee's group (None: no group, or the bot cannot admit)
    group_link: str | None = None
    #: the next meeting: when and where
    next_meeting: tuple[datetime, str | None] | None = None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _view(invite: Invite, institution_name: str | None) -> InviteView:
    return InviteView(
        invite.id, invite.role, invite.is_coordinator, institution_name, invite.expires_at
    )


async def create(
    runtime: Runtime,
    committee_id: int,
    role: Role,
    institution_id: int | None,
    *,
    actor_member_id: int,
) -> Created:
    now = runtime.clock.now()
    ttl = timedelta(hours=runtime.settings.invite_ttl_hours)
    token = secrets.token_urlsafe(TOKEN_BYTES)

    async def work(session: AsyncSession) -> Created:
        name = None
        if institution_id is not None:
            institution = await members.institution_in(session, committee_id, institution_id)
            if institution is None:
                raise RosterError("unknown_institution")
            name = institution.name
        if role in (Role.REPRESENTATIVE, Role.DEPUTY) and institution_id is None:
            raise RosterError("institution_required")
        if role is Role.REPRESENTATIVE and await members.seat_holder(session, institution_id or 0):
            raise RosterError("seat_taken")
        invite = Invite(
            committee_id=committee_id,
            token_hash=token_hash(token),
            role=role.value,
            is_coordinator=role is Role.COORDINATOR,
            institution_id=institution_id,
            created_by_member_id=actor_member_id,
            created_at=now,
            expires_at=now + ttl,
        )
        await entities.insert(session, invite)
        record(
            session,
            now,
            committee_id,
            actor_member_id,
            "invite.created",
            f"invite:{invite.id}",
            role=role.value,
            institution_id=institution_id,
        )
        return Created(token, _view(invite, name))

    return await runtime.db.run(work)


async def open_invites(runtime: Runtime, committee_id: int) -> list[InviteView]:
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> list[InviteView]:
        names = {i.id: i.name for i in await members.institutions(session, committee_id)}
        found = await repo.open_invites(session, committee_id, now)
        return [_view(i, names.get(i.institution_id or 0)) for i in found]

    return await runtime.db.run(work)


async def revoke(
    runtime: Runtime, committee_id: int, invite_id: int, *, actor_member_id: int
) -> bool:
    """True when the invite was open and is now revoked."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> bool:
        invite = await repo.invite_in(session, committee_id, invite_id)
        if invite is None or _problem(invite, now) is not None:
            return False
        invite.revoked_at = now
        record(session, now, committee_id, actor_member_id, "invite.revoked", f"invite:{invite.id}")
        return True

    return await runtime.db.run(work)


def _problem(invite: Invite | None, now: datetime) -> InviteProblem | None:
    if invite is None:
        return InviteProblem.UNKNOWN
    if invite.used_at is not None:
        return InviteProblem.USED
    if invite.revoked_at is not None:
        return InviteProblem.REVOKED
    if invite.expires_at <= now:
        return InviteProblem.EXPIRED
    return None


async def _already_member(session: AsyncSession, invite: Invite, telegram_user_id: int) -> bool:
    found = await members.active_member(session, invite.committee_id, telegram_user_id)
    return found is not None


async def check(
    runtime: Runtime, token: str, telegram_user_id: int
) -> tuple[int | None, InviteProblem | None]:
    """(invite id, None) for a token this account may use, (None, problem) otherwise."""
    if not _TOKEN_SHAPE.match(token):
        return None, InviteProblem.UNKNOWN
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> tuple[int | None, InviteProblem | None]:
        invite = await repo.by_hash(session, token_hash(token))
        problem = _problem(invite, now)
        if problem is not None or invite is None:
            return None, problem or InviteProblem.UNKNOWN
        if await _already_member(session, invite, telegram_user_id):
            return None, InviteProblem.ALREADY_MEMBER
        return invite.id, None

    return await runtime.db.run(work)


async def redeem(
    runtime: Runtime,
    *,
    chat_id: int,
    telegram_user_id: int,
    language: str,
) -> Joined | InviteProblem | None:
    """Finish the join dialog: re-check the invite, add the person, use up the invite, close the
    dialog, in one unit of work (pressing twice joins once). None when no dialog was open."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> Joined | InviteProblem | None:
        dialog = await dialogs.get(session, chat_id, telegram_user_id)
        if dialog is None or dialog.kind != JOIN_DIALOG or dialog.step != "confirm":
            return None
        data = dict(dialog.data)
        await dialogs.clear(session, chat_id, telegram_user_id)
        invite = await repo.by_hash(session, data["token_hash"])
        problem = _problem(invite, now)
        if problem is not None or invite is None:
            return problem or InviteProblem.UNKNOWN
        if await _already_member(session, invite, telegram_user_id):
            return InviteProblem.ALREADY_MEMBER
        member = await add_member_in(
            session,
            invite.committee_id,
            NewMember(
                telegram_user_id=telegram_user_id,
                display_name=data["name"],
                role=Role(invite.role),
                institution_id=invite.institution_id,
                is_coordinator=invite.is_coordinator,
                phone=data.get("phone"),
                email=data.get("email"),
                language=language,
            ),
            actor_member_id=invite.created_by_member_id,
            now=now,
        )
        invite.used_at, invite.used_by_member_id = now, member.id
        record(
            session,
            now,
            invite.committee_id,
            member.id,
            "invite.used",
            f"invite:{invite.id}",
        )
        await entities.reload(session, member, ["institution"])
        institution = member.institution.name if member.institution else None
        await _tell_office(session, member, invite.id, institution, now)
        upcoming = await meeting_repo.upcoming(session, member.committee_id, now, limit=1)
        return Joined(
            member.id,
            member.committee_id,
            member.role,
            institution,
            group_link=await group_access.group_link(session, member.committee_id),
            next_meeting=(upcoming[0].starts_at, upcoming[0].place) if upcoming else None,
        )

    return await runtime.db.run(work)


async def _tell_office(
    session: AsyncSession, member: Member, invite_id: int, institution: str | None, now: datetime
) -> None:
    t = translator("de")
    role = t(ROLE_LABELS.get(member.role, member.role))
    text = t(
        "👤 Neu im Mitgliederverzeichnis: {name} ({role}{institution}), über Einladung Nr. {n}.",
        name=html.escape(member.display_name),
        role=role,
        institution=f", {html.escape(institution)}" if institution else "",
        n=invite_id,
    )
    await group_access.tell_office(
        session, member.committee_id, f"joined:{member.id}:{invite_id}", text, now
    )
