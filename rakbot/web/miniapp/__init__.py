"""The Mini App: a small page inside Telegram for the office and the members.

`routes` mounts the page, its static files and its JSON API on the shared web server. Every API
request carries Telegram's signed `initData` (header `Authorization: tma <initData>`); it is
verified (rakbot/web/initdata.py), the person is looked up in the roster and each endpoint is
declared with the `Audience` the chat's access rule decides on (rakbot/domain/access.py). The
endpoints call services only.
"""

from __future__ import annotations

from aiohttp import web

from rakbot.runtime import Runtime
from rakbot.services.document_uploads import FileSender
from rakbot.web.miniapp.api import ENDPOINTS, api_routes
from rakbot.web.miniapp.page import page_routes

PREFIX = "/app"

__all__ = ["ENDPOINTS", "PREFIX", "routes"]


def routes(
    runtime: Runtime, bot_username: str = "", send_file: FileSender | None = None
) -> list[web.RouteDef]:
    """`send_file`: how the bot posts a file uploaded in the app (rakbot/file_sender.py)."""
    return [*page_routes(PREFIX), *api_routes(runtime, PREFIX, bot_username, send_file)]
