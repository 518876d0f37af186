"""The roster for the office: names, phone numbers, roles and institutions of the committee's
people (the coordinator's own entry too), changed through the services the member card in the
chat uses, with its messages; every change is in /protokoll.

Who becomes or stops being "Regionale Koordination" changes the person's command menu in
Telegram, which the chat's /mitglied publishes at once; the app leaves that role to the chat.
"""

from __future__ import annotations

from typing import Any

from rakbot.domain.access import Audience
from rakbot.domain.roles import Role
from rakbot.i18n import N_, Translator
from rakbot.services import member_details, roster
from rakbot.services.roster import MemberView, RosterError
from rakbot.views.labels import ROLE_LABELS
from rakbot.web.miniapp.call import BAD_REQUEST, Call, Endpoint, error

#: the chat's own words (handlers/member_details.py, handlers/roles.py)
PROBLEMS = {
    "bad_name": N_("Bitte einen Namen mit 2 bis 200 Zeichen."),
    "bad_phone": N_("Das sieht nicht nach einer Telefonnummer aus. Beispiel: 03904 7240-0"),
    "unknown_member": N_("Diese Person ist nicht (mehr) aktiv in Ihrem Gremium."),
    "seat_taken": N_(
        "Diese Institution hat schon eine Vertretung. Ändern Sie zuerst deren Rolle oder "
        "deaktivieren Sie sie (/mitglied)."
    ),
    "institution_required": N_("Für diese Rolle braucht es eine Institution."),
    "unknown_institution": N_("Diese Institution gibt es in Ihrem Gremium nicht (mehr)."),
    "coordinator_in_chat": N_(
        "Die Rolle „Regionale Koordination“ vergeben und entziehen Sie im Chat mit /mitglied."
    ),
}
FIX_FIELDS = N_("Bitte die markierten Felder prüfen.")
#: the roles the app assigns (see the module's note on the coordinator role)
APP_ROLES = (Role.REPRESENTATIVE, Role.DEPUTY, Role.GUEST)
#: which field a refusal of the service belongs to
FIELD_OF = {
    "bad_name": "name",
    "bad_phone": "phone",
    "seat_taken": "role",
    "institution_required": "institution_id",
    "unknown_institution": "institution_id",
    "coordinator_in_chat": "role",
}


def _role_label(t: Translator, m: MemberView) -> str:
    label = t(ROLE_LABELS.get(m.role, m.role))
    if m.is_coordinator and m.role != Role.COORDINATOR:
        label += " · " + t("Koordination")
    return label


def member_item(call: Call, m: MemberView) -> dict[str, Any]:
    return {
        "id": m.id,
        "name": m.name,
        "role": m.role,
        "role_label": _role_label(call.t, m),
        "is_coordinator": m.is_coordinator,
        "institution_id": m.institution_id,
        "institution": m.institution_name,
        "phone": m.phone,
        "email": m.email,
        "own": m.id == call.who.member_id,
        # the role select offers the member roles; the office's own role is set in the chat
        "role_editable": m.role != Role.COORDINATOR,
    }


async def listing(call: Call) -> dict[str, Any]:
    t = call.t
    view = await roster.roster(call.runtime, call.who.committee_id)
    return {
        "members": [member_item(call, m) for m in view.members],
        "institutions": [
            {"id": i.id, "name": i.name, "short_name": i.short_name, "has_vote": i.has_vote}
            for i in view.institutions
        ],
        "roles": [{"code": role.value, "label": t(ROLE_LABELS[role.value])} for role in APP_ROLES],
    }


def _text(data: dict[str, Any], key: str, call: Call) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise call.refuse(BAD_REQUEST)
    return value


def _wanted(call: Call, data: dict[str, Any]) -> dict[str, Any]:
    """The fields sent, checked for their type only (the rules are the services')."""
    institution = data.get("institution_id")
    if institution is not None and (
        not isinstance(institution, int) or isinstance(institution, bool)
    ):
        raise call.refuse(BAD_REQUEST)
    wanted = {
        "name": _text(data, "name", call),
        "phone": _text(data, "phone", call),
        "role": _text(data, "role", call),
        "institution_id": institution,
    }
    return {key: value for key, value in wanted.items() if value is not None}


def _refused(call: Call, reason: str) -> Exception:
    message = call.t(PROBLEMS.get(reason, N_("Das ging nicht: {reason}")), reason=reason)
    if reason == "unknown_member":
        return error(404, message)
    field = FIELD_OF.get(reason, "role")
    return error(
        400 if reason.startswith("bad_") else 409, call.t(FIX_FIELDS), fields={field: message}
    )


def _phone(typed: str) -> str | None:
    """The phone number as stored; an empty field removes it, as "-" does in the chat."""
    return member_details.clean_phone(typed or member_details.NO_PHONE)


def _check_texts(call: Call, wanted: dict[str, Any]) -> None:
    """Name and phone are checked before anything is saved, each with its own message."""
    fields = {}
    for key, clean in (("name", member_details.clean_name), ("phone", _phone)):
        if key in wanted:
            try:
                clean(wanted[key])
            except RosterError as refused:
                fields[key] = call.t(PROBLEMS[refused.reason])
    if fields:
        raise error(400, call.t(FIX_FIELDS), fields=fields)


async def edit(call: Call) -> dict[str, Any]:
    member_id = call.number("id")
    wanted = _wanted(call, await call.body())
    if wanted.get("role", Role.GUEST) not in {role.value for role in Role}:
        raise call.refuse(BAD_REQUEST)
    _check_texts(call, wanted)
    rt, committee_id = call.runtime, call.who.committee_id
    current = await roster.member(rt, committee_id, member_id)
    if current is None:
        raise _refused(call, "unknown_member")
    role = wanted.get("role", current.role)
    if role != current.role and Role.COORDINATOR in (role, current.role):
        raise _refused(call, "coordinator_in_chat")
    try:
        changed = await _apply(call, current, wanted)
    except RosterError as refused:
        raise _refused(call, refused.reason) from None
    rt.wake_outbox()  # group cards that name the person
    return member_item(call, changed)


async def _apply(call: Call, current: MemberView, wanted: dict[str, Any]) -> MemberView:
    """Role and institution first, in one step (the seat rule may refuse them, and then nothing
    is saved); then name and phone, checked already. Each change is audited on its own."""
    rt, committee_id = call.runtime, call.who.committee_id
    actor = call.who.member_id or 0
    changed = current
    role = Role(wanted.get("role", current.role))
    institution = wanted.get("institution_id", current.institution_id)
    if role != current.role or institution != current.institution_id:
        changed = await roster.place(
            rt, committee_id, current.id, role, institution, actor_member_id=actor
        )
    # the form sends every field; only what differs is changed (and audited)
    if "name" in wanted and member_details.clean_name(wanted["name"]) != current.name:
        changed = await member_details.rename(
            rt, committee_id, current.id, wanted["name"], actor_member_id=actor
        )
    if "phone" in wanted and _phone(wanted["phone"]) != current.phone:
        changed = await member_details.set_phone(
            rt,
            committee_id,
            current.id,
            wanted["phone"] or member_details.NO_PHONE,
            actor_member_id=actor,
        )
    return changed


ENDPOINTS = (
    Endpoint("GET", "/roster", Audience.COORDINATOR, listing, "the roster with contacts"),
    Endpoint("PUT", "/members/{id}", Audience.COORDINATOR, edit, "name, phone, role, institution"),
)
