"""`GET /kalender/<secret>.ics`: a member's calendar subscription (see
rakbot.services.calendar_feed). An unknown or revoked secret answers 404, like any other
unknown address, so that nobody can tell a revoked address from a guessed one."""

from __future__ import annotations

from aiohttp import web

from rakbot.runtime import Runtime
from rakbot.services import calendar_feed


def routes(runtime: Runtime) -> list[web.RouteDef]:
    async def subscription(request: web.Request) -> web.Response:
        data = await calendar_feed.feed(runtime, request.match_info["token"])
        if data is None:
            raise web.HTTPNotFound()
        return web.Response(
            body=data,
            content_type="text/calendar",
            charset="utf-8",
            headers={"Cache-Control": "private, max-age=300"},
        )

    return [web.get("/kalender/{token}.ics", subscription)]
