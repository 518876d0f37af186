"""One API request after sign-in: who asks, in which language, with which body."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from rakbot.domain.access import Audience
from rakbot.i18n import N_, Translator
from rakbot.runtime import Runtime
from rakbot.services.document_uploads import FileSender
from rakbot.services.people import Person

BAD_REQUEST = N_("Diese Anfrage verstehe ich nicht.")


@dataclass
class Call:
    request: web.Request
    runtime: Runtime
    who: Person
    t: Translator
    #: the bot's username, for the links the app hands out (invitations)
    bot_username: str = ""
    #: sends a file uploaded in the app with the bot (None where no bot runs)
    send_file: FileSender | None = None

    async def body(self) -> dict[str, Any]:
        try:
            data = json.loads(await self.request.read())
        except (ValueError, UnicodeDecodeError):
            raise self.refuse(BAD_REQUEST) from None
        if not isinstance(data, dict):
            raise self.refuse(BAD_REQUEST)
        return data

    def refuse(self, message: str, code: int = 400, **values: Any) -> web.HTTPException:
        """An HTTP error (`code`) whose JSON body carries the German (or English) message."""
        return error(code, self.t(message, **values))

    def number(self, name: str) -> int:
        """A row id from the path: ASCII digits within the column's range, else 404."""
        raw = self.request.match_info.get(name, "")
        if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) <= 2**31 - 1:
            raise error(404, self.t("Das gibt es nicht (mehr)."))
        return int(raw)


def error(status: int, message: str, **extra: Any) -> web.HTTPException:
    cls = {
        400: web.HTTPBadRequest,
        401: web.HTTPUnauthorized,
        403: web.HTTPForbidden,
        404: web.HTTPNotFound,
        409: web.HTTPConflict,
        502: web.HTTPBadGateway,
    }[status]
    return cls(
        text=json.dumps({"error": message, **extra}, ensure_ascii=False),
        content_type="application/json",
    )


Handler = Callable[[Call], Awaitable[Any]]


@dataclass(frozen=True)
class Endpoint:
    """One API route, declared with the audience the access rule decides on."""

    method: str
    path: str
    audience: Audience
    handler: Handler
    what: str
    #: the status of a successful answer
    status: int = 200
