"""The committee's group follows the roster.

People come in through join requests on an invite link the bot made (`creates_join_request`):
active members of the committee are let in, everyone else is declined with a short private
explanation. When a membership ends (deactivation, erasure, the end of a coordination the
settings gave) the person is removed from the group by an outbox row (ban, then unban, so that
a later invitation works), and the office is told either way – a refusal (the bot is not an
admin there) with what to do.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import partial

from rakbot.i18n import N_, translator
from rakbot.runtime import Runtime
from rakbot.services.appointments import office_chat_ids
from rakbot.services.outgoing import RemoveFromGroup, Skip
from storage.models import Member, Outbox
from storage.repositories import audit, committees, members, outbox
from storage.session import AsyncSession

REMOVAL_KIND = "group_removal"
LINK_SETTING = "group_invite_link"
#: what the office reads for a missing right (rakbot.domain.group_rights.NEEDED)
RIGHT_LABELS = {
    "can_invite_users": N_("Nutzer hinzufügen (Einladungslinks)"),
    "can_restrict_members": N_("Nutzer sperren"),
}


class JoinDecision(StrEnum):
    APPROVE = "approve"
    DECLINE = "decline"
    #: a group bound to no committee: not the bot's to decide
    NOT_OURS = "not_ours"


@dataclass(frozen=True)
class JoinRequest:
    decision: JoinDecision
    committee_id: int | None = None


def notice_prefixes(member_id: int) -> tuple[str, ...]:
    """The keys of the office's notices that name this member (an erasure blanks them)."""
    return (f"joined:{member_id}:", f"group_join:{member_id}:")


def _who(member: Member) -> str:
    """The name with the institution (an erased person's pseudonym names it already)."""
    if member.institution is not None and member.pseudonymised_at is None:
        return f"{member.display_name} ({member.institution.name})"
    return member.display_name


async def tell_office(
    session: AsyncSession, committee_id: int, key: str, text: str, now: datetime
) -> None:
    """A notice to the office (its group chat or each coordinator), planned once per key."""
    committee = await committees.get(session, committee_id)
    for chat in await office_chat_ids(session, committee):
        await outbox.enqueue(
            session,
            dedup_key=f"{key}:{chat}",
            kind="notice",
            due_at=now,
            chat_id=chat,
            payload={"text": text},
            committee_id=committee_id,
        )


async def group_link(session: AsyncSession, committee_id: int) -> str | None:
    """The join-request link of the committee's group, if the bot could make one."""
    committee = await committees.get(session, committee_id)
    if committee.chat_id is None:
        return None
    link = (committee.settings or {}).get(LINK_SETTING)
    return str(link) if link else None


async def store_link(runtime: Runtime, committee_id: int, link: str | None) -> None:
    """Remember (or, with None, forget) the group's join-request link."""

    async def work(session: AsyncSession) -> None:
        committee = await committees.get(session, committee_id)
        settings = dict(committee.settings or {})
        if link is None:
            settings.pop(LINK_SETTING, None)
        else:
            settings[LINK_SETTING] = link
        committee.settings = settings

    await runtime.db.run(work)


async def decide(runtime: Runtime, chat_id: int, telegram_user_id: int) -> JoinRequest:
    """Let in the active members of the group's committee, nobody else."""

    async def work(session: AsyncSession) -> JoinRequest:
        committee = await committees.bound_to_chat(session, chat_id)
        if committee is None:
            return JoinRequest(JoinDecision.NOT_OURS)
        member = await members.active_member(session, committee.id, telegram_user_id)
        decision = JoinDecision.APPROVE if member is not None else JoinDecision.DECLINE
        return JoinRequest(decision, committee.id)

    return await runtime.db.run(work)


async def answered(
    runtime: Runtime,
    committee_id: int,
    telegram_user_id: int,
    telegram_name: str,
    *,
    approved: bool,
    update_id: int,
) -> None:
    """The bot let someone in (audited, the office told) or declined a stranger (the office
    told, with whom to invite if that was a mistake)."""
    now = runtime.clock.now()
    t = translator("de")

    async def work(session: AsyncSession) -> None:
        member = await members.active_member(session, committee_id, telegram_user_id)
        if approved and member is not None:
            audit.record(
                session,
                committee_id=committee_id,
                actor_member_id=member.id,
                action="member.joined_group",
                subject=f"member:{member.id}",
            )
            text = t("👋 {who} ist der Gruppe des RAK beigetreten.", who=html.escape(_who(member)))
        else:
            text = t(
                "Beitrittsanfrage zur Gruppe des RAK von {name} abgelehnt: nicht im "
                "Mitgliederverzeichnis. Gehört die Person dazu, laden Sie sie mit /einladen ein; "
                "danach kann sie erneut um Beitritt bitten.",
                name=html.escape(telegram_name),
            )
        key = (
            f"group_join:{member.id}:{update_id}"
            if approved and member
            else f"group_join:{update_id}"
        )
        await tell_office(session, committee_id, key, text, now)

    await runtime.db.run(work)


async def not_admin(
    runtime: Runtime, committee_id: int, missing: list[str], refusal: str, key: str
) -> None:
    """Telegram refused a join-request answer or a removal: the office hears what to do."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> None:
        await tell_office(session, committee_id, key, _rights_text(missing, refusal), now)

    await runtime.db.run(work)


def _rights_text(missing: list[str], refusal: str) -> str:
    t = translator("de")
    rights = ", ".join(t(RIGHT_LABELS[right]) for right in missing) or t(
        RIGHT_LABELS["can_restrict_members"]
    )
    return t(
        "⚠️ In der Gruppe des RAK fehlen dem Bot Administratorrechte ({rights}); Telegram "
        "antwortet: {refusal}. Bitte machen Sie den Bot in der Gruppe zum Administrator mit "
        "diesen Rechten und senden Sie dort /gruppe_verbinden.",
        rights=rights,
        refusal=html.escape(refusal),
    )


async def plan_removal(session: AsyncSession, member: Member, now: datetime) -> None:
    """A membership ended: remove the person from the committee's group (an outbox row, so it
    happens once and survives a restart). The name is read when the row is sent, so an erased
    person's name is not kept here."""
    if member.telegram_user_id is None:
        return
    committee = await committees.get(session, member.committee_id)
    if committee.chat_id is None:
        return
    await outbox.enqueue(
        session,
        dedup_key=f"{REMOVAL_KIND}:{member.id}:{now.isoformat()}",
        kind=REMOVAL_KIND,
        due_at=now,
        chat_id=committee.chat_id,
        payload={"member_id": member.id, "user_id": member.telegram_user_id},
        committee_id=member.committee_id,
    )


async def render_removal(
    runtime: Runtime, session: AsyncSession, row: Outbox, now: datetime
) -> RemoveFromGroup | Skip:
    if row.committee_id is None:
        return Skip("no committee")
    committee = await committees.get(session, row.committee_id)
    if committee.chat_id is None:
        return Skip("no group bound")
    user_id = int(row.payload["user_id"])
    if await members.active_member(session, committee.id, user_id) is not None:
        return Skip("a member again")
    return RemoveFromGroup(
        chat_id=committee.chat_id,
        user_id=user_id,
        on_done=partial(_removed, row.id, committee.id, int(row.payload["member_id"]), now),
    )


async def _removed(
    row_id: int,
    committee_id: int,
    member_id: int,
    now: datetime,
    session: AsyncSession,
    outcome: str,
    refusal: str | None,
) -> None:
    """The office hears how it went; a refusal with what to do."""
    t = translator("de")
    member = await members.member_in(session, committee_id, member_id)
    who = html.escape(_who(member)) if member is not None else t("ein ehemaliges Mitglied")
    if refusal is not None:
        text = t(
            "⚠️ {who} ist nicht mehr im Verzeichnis, konnte aber nicht aus der Gruppe des RAK "
            "entfernt werden. Telegram antwortet: {refusal}. Bitte machen Sie den Bot in der "
            "Gruppe zum Administrator mit dem Recht „Nutzer sperren“ und entfernen Sie die "
            "Person selbst aus der Gruppe.",
            who=who,
            refusal=html.escape(refusal),
        )
    elif outcome == "absent":
        text = t(
            "{who} ist nicht mehr im Verzeichnis; in der Gruppe des RAK war die Person nicht.",
            who=who,
        )
    else:
        text = t(
            "{who} ist nicht mehr im Verzeichnis und wurde aus der Gruppe des RAK entfernt "
            "(eine spätere Einladung ist möglich).",
            who=who,
        )
        audit.record(
            session,
            committee_id=committee_id,
            actor_member_id=None,
            action="member.removed_from_group",
            subject=f"member:{member_id}",
        )
    await tell_office(session, committee_id, f"{REMOVAL_KIND}:{row_id}", text, now)
