"""One aiohttp application per bot process, the shared web layer.

In webhook mode it listens on `WEBHOOK_LISTEN:WEBHOOK_PORT` and carries the webhook route; in
polling mode it runs only when `HTTP_PORT` is set. Every feature that speaks HTTP (the webhook,
health, metrics, later a Mini App or a calendar feed) contributes its routes with `mount`, each
from a module of its own, so this module knows nothing of them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from aiohttp import web

log = logging.getLogger(__name__)


class WebServer:
    def __init__(self) -> None:
        self.app = web.Application()
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None

    def mount(self, routes: Iterable[web.AbstractRouteDef]) -> None:
        """Add one feature's routes (before `start`: a running application is frozen)."""
        self.app.add_routes(list(routes))

    async def start(self, host: str, port: int) -> None:
        # access_log=None: a request line of the webhook would show nothing useful, and the
        # health checks of a container engine would flood the log.
        self._runner = web.AppRunner(self.app, access_log=None, handle_signals=False)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, host, port)
        await self._site.start()
        log.info("HTTP server listening on %s:%d", host, self.port)

    @property
    def port(self) -> int:
        """The bound port (useful with port 0)."""
        if self._runner is None or not self._runner.addresses:
            raise RuntimeError("the web server is not running")
        return int(self._runner.addresses[0][1])

    @property
    def running(self) -> bool:
        return self._runner is not None

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            self._site = None
