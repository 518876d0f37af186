"""Invitation links for the office: the open ones, a new one with its QR code (to show on a
screen in the meeting room), withdrawn ones. The same service and rules as /einladen and
/einladungen; only the hash of a link is stored, so the link and its code exist once, in the
answer that creates it."""

from __future__ import annotations

from typing import Any

from rakbot.domain.access import Audience
from rakbot.domain.dates import format_short
from rakbot.domain.roles import Role
from rakbot.i18n import N_
from rakbot.services import invites
from rakbot.services.invites import InviteView
from rakbot.services.roster import RosterError
from rakbot.views.labels import ROLE_LABELS
from rakbot.web.miniapp import qr
from rakbot.web.miniapp.call import BAD_REQUEST, Call, Endpoint, error
from rakbot.web.miniapp.roster_api import PROBLEMS

NOT_OPEN = N_("Dieser Link war nicht mehr offen.")
WITHDRAWN = N_("Zurückgezogen")
QR_TITLE = N_("QR-Code der Einladung: {role}, {institution}")
FIX_FIELDS = N_("Bitte die markierten Felder prüfen.")


def invite_item(call: Call, view: InviteView) -> dict[str, Any]:
    t = call.t
    return {
        "id": view.id,
        "role": view.role,
        "role_label": t(ROLE_LABELS.get(view.role, view.role)),
        "institution": view.institution_name,
        "expires": format_short(view.expires_at, t.lang),
    }


async def listing(call: Call) -> dict[str, Any]:
    found = await invites.open_invites(call.runtime, call.who.committee_id)
    return {
        "invites": [invite_item(call, view) for view in found],
        "roles": [{"code": role.value, "label": call.t(ROLE_LABELS[role.value])} for role in Role],
    }


def _choice(call: Call, data: dict[str, Any]) -> tuple[Role, int | None]:
    role = data.get("role")
    institution = data.get("institution_id")
    if role not in {r.value for r in Role} or not (
        institution is None or (isinstance(institution, int) and not isinstance(institution, bool))
    ):
        raise call.refuse(BAD_REQUEST)
    return Role(str(role)), institution


async def create(call: Call) -> dict[str, Any]:
    role, institution = _choice(call, await call.body())
    try:
        created = await invites.create(
            call.runtime,
            call.who.committee_id,
            role,
            institution,
            actor_member_id=call.who.member_id or 0,
        )
    except RosterError as refused:
        field = "role" if refused.reason == "seat_taken" else "institution_id"
        message = call.t(PROBLEMS.get(refused.reason, BAD_REQUEST))
        raise error(409, call.t(FIX_FIELDS), fields={field: message}) from None
    link = f"https://t.me/{call.bot_username}?start={created.token}"
    item = invite_item(call, created.invite)
    title = call.t(QR_TITLE, role=item["role_label"], institution=item["institution"] or "–")
    return {"invite": item, "link": link, "qr_svg": qr.svg(link, title), "qr_title": title}


async def withdraw(call: Call) -> dict[str, Any]:
    revoked = await invites.revoke(
        call.runtime,
        call.who.committee_id,
        call.number("id"),
        actor_member_id=call.who.member_id or 0,
    )
    if not revoked:
        raise call.refuse(NOT_OPEN, 409)
    return {"message": call.t(WITHDRAWN)}


ENDPOINTS = (
    Endpoint("GET", "/invites", Audience.COORDINATOR, listing, "open invitation links"),
    Endpoint("POST", "/invites", Audience.COORDINATOR, create, "a new link with its QR code", 201),
    Endpoint("POST", "/invites/{id}/withdraw", Audience.COORDINATOR, withdraw, "withdraw a link"),
)
