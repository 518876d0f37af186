"""The Mini App's JSON API: sign-in on every request, the access rule, then a service call."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

from aiohttp import web

from rakbot.domain.access import Audience
from rakbot.i18n import N_, translator
from rakbot.runtime import Runtime
from rakbot.services import app_access
from rakbot.services.document_uploads import FileSender
from rakbot.web.initdata import InitDataError, verify
from rakbot.web.miniapp import (
    ballots_api,
    documents_api,
    invites_api,
    meetings_api,
    proposals_api,
    requests_api,
    roster_api,
    rounds_api,
    session_api,
)
from rakbot.web.miniapp.call import Call, Endpoint, error

log = logging.getLogger(__name__)

ENDPOINTS: tuple[Endpoint, ...] = (
    *session_api.ENDPOINTS,
    *proposals_api.ENDPOINTS,
    *meetings_api.ENDPOINTS,
    *rounds_api.ENDPOINTS,
    *ballots_api.ENDPOINTS,
    *roster_api.ENDPOINTS,
    *invites_api.ENDPOINTS,
    *requests_api.ENDPOINTS,
    *documents_api.ENDPOINTS,
)
SIGN_IN = N_(
    "Die Anmeldung aus Telegram ist ungültig oder abgelaufen. Bitte die App im Chat mit dem Bot "
    "neu öffnen."
)
#: the chat's own refusals, word for word (handlers/common.py)
REFUSALS = {
    "member": N_(
        "Das steht nur Mitgliedern des RAK zur Verfügung. Fragen zur Förderung beantwortet "
        "die Regionale Koordination: /kontakt"
    ),
    "coordinator": N_("Das darf nur die Regionale Koordination."),
    "seat_or_office": N_(
        "Unterlagen erhalten nur die Vertretungen und Stellvertretungen der Institutionen und "
        "die Regionale Koordination."
    ),
    "voter": N_(
        "Das steht nur Mitgliedern des RAK zur Verfügung. Fragen zur Förderung "
        "beantwortet die Regionale Koordination: /kontakt"
    ),
}
SCHEME = "tma "


def api_routes(
    runtime: Runtime, prefix: str, bot_username: str = "", send_file: FileSender | None = None
) -> list[web.RouteDef]:
    return [
        web.route(
            endpoint.method,
            prefix + "/api" + endpoint.path,
            _serve(runtime, endpoint, bot_username, send_file),
        )
        for endpoint in ENDPOINTS
    ]


def _serve(  # type: ignore[no-untyped-def]
    runtime: Runtime, endpoint: Endpoint, bot_username: str, send_file: FileSender | None
):
    async def handle(request: web.Request) -> web.Response:
        call = await _sign_in(runtime, request)
        call.bot_username = bot_username
        call.send_file = send_file
        if not app_access.may(runtime, call.who, endpoint.audience):
            raise error(403, call.t(REFUSALS[_refused_as(runtime, call, endpoint.audience)]))
        result = await endpoint.handler(call)
        return web.Response(
            text=json.dumps(result, ensure_ascii=False),
            status=endpoint.status,
            content_type="application/json",
        )

    return handle


def _refused_as(runtime: Runtime, call: Call, audience: Audience) -> str:
    """Which refusal: as in the chat, who is no member at all hears that first."""
    if audience is Audience.SEAT_OR_OFFICE and not app_access.may(
        runtime, call.who, Audience.MEMBER
    ):
        return Audience.MEMBER.value
    return audience.value


async def _sign_in(runtime: Runtime, request: web.Request) -> Call:
    header = request.headers.get("Authorization", "")
    token = runtime.settings.token
    if not header.startswith(SCHEME) or token is None:
        raise error(401, translator(None)(SIGN_IN))
    max_age = timedelta(seconds=runtime.settings.webapp_max_age_seconds)
    try:
        signed = verify(header[len(SCHEME) :], token, now=runtime.clock.now(), max_age=max_age)
    except InitDataError as refused:
        log.info("Mini App sign-in refused: %s", refused.problem.value)
        raise error(401, translator(None)(SIGN_IN)) from None
    who = await app_access.viewer(runtime, signed.user.id)
    return Call(request, runtime, who, translator(signed.user.language_code))
