"""`GET /metrics`: the process's Prometheus metrics (text exposition format)."""

from __future__ import annotations

from aiohttp import web

from rakbot.metrics import CONTENT_TYPE
from rakbot.runtime import Runtime
from rakbot.services import health


def metrics_routes(runtime: Runtime) -> list[web.RouteDef]:
    async def metrics(_request: web.Request) -> web.Response:
        metrics = runtime.metrics
        try:
            pending = await health.backlog(runtime)
        except Exception:  # the database away: the counters still tell what happened
            pass
        else:
            metrics.outbox_depth.set(pending.due)
            metrics.outbox_oldest_due_age.set(pending.oldest_age_seconds)
        response = web.Response(body=metrics.exposition())
        response.headers["Content-Type"] = CONTENT_TYPE
        return response

    return [web.get("/metrics", metrics)]
