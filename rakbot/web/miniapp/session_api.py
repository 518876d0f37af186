"""`GET /me`: who opened the app, what they may do, and the page's labels in their language."""

from __future__ import annotations

from typing import Any

from rakbot.domain.access import Audience
from rakbot.services import app_access, proposals
from rakbot.web.miniapp.call import Call, Endpoint
from rakbot.web.miniapp.texts import labels


async def me(call: Call) -> dict[str, Any]:
    who, t, runtime = call.who, call.t, call.runtime
    institutions = await proposals.institution_choices(runtime, who.committee_id)
    return {
        "name": who.display_name,
        "coordinator": who.is_coordinator,
        # representatives, deputies and the office see the documents (`/unterlagen`)
        "documents": app_access.may(runtime, who, Audience.SEAT_OR_OFFICE),
        "lang": t.lang,
        "labels": labels(t),
        "areas": [
            {"code": area.code, "name": area.name.get(t.lang)}
            for area in runtime.content.funding_areas
        ],
        "statuses": {code: t(name) for code, name in proposals.STATUS_NAMES.items()},
        "institutions": [{"id": i.id, "name": i.name} for i in institutions],
    }


ENDPOINTS = (Endpoint("GET", "/me", Audience.MEMBER, me, "who is signed in, labels"),)
