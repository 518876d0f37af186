"""Liveness and readiness for a container engine, systemd or a load balancer.

- `GET /health/live`: 200 while the process answers at all (its event loop runs).
- `GET /health/ready`: 200 when the database is reachable, the migrations are current and the
  outbox is not behind by more than `OUTBOX_LAG_LIMIT_SECONDS`; 503 otherwise. The JSON body
  names each check, so an operator sees at once which one failed.
"""

from __future__ import annotations

from aiohttp import web

from rakbot import __version__
from rakbot.runtime import Runtime
from rakbot.services import health


def health_routes(runtime: Runtime) -> list[web.RouteDef]:
    async def live(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "version": __version__})

    async def ready(_request: web.Request) -> web.Response:
        checks = await health.readiness(runtime)
        ok = all(check.ok for check in checks)
        body = {
            "status": "ok" if ok else "unavailable",
            "checks": {c.name: {"ok": c.ok, "detail": c.detail} for c in checks},
        }
        return web.json_response(body, status=200 if ok else 503)

    return [web.get("/health/live", live), web.get("/health/ready", ready)]
