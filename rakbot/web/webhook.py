"""The Telegram webhook as a route of the shared web server.

Telegram posts each update with the secret token in a header; a request without it (or with a
wrong one) is refused with 403 and never reaches the bot. An accepted update is handed to the
PTB application's update queue, exactly where its own webhook server would put it.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import Any

from aiohttp import web
from telegram import Bot, Update

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def webhook_routes(
    path: str, secret: str, bot: Bot, update_queue: asyncio.Queue[Any]
) -> list[web.RouteDef]:
    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            log.debug("webhook request without the right secret token refused")
            return web.Response(status=403, text="forbidden")
        try:
            data = json.loads(await request.read())
        except (ValueError, UnicodeDecodeError):
            return web.Response(status=400, text="invalid JSON")
        if not isinstance(data, dict):
            return web.Response(status=400, text="not an update")
        try:
            update = Update.de_json(data, bot)
        except (KeyError, TypeError, ValueError):
            log.warning("webhook body is not an update; refused")
            return web.Response(status=400, text="not an update")
        await update_queue.put(update)
        return web.Response(status=200)

    return [web.post("/" + path.strip("/"), receive)]
