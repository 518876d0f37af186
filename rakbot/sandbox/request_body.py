"""The parameters of a Bot API request, from its query string and JSON, form or multipart body."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from rakbot.sandbox.models import UploadedFile

_ATTACH = "attach://"


async def read_params(request: web.Request) -> dict[str, Any]:
    """All parameters; file parts become ``UploadedFile``. Raises ValueError on a broken body."""
    params: dict[str, Any] = dict(request.query)
    if not request.body_exists:
        return params
    if request.content_type == "application/json":
        try:
            body = json.loads(await request.read() or b"{}")
        except ValueError as error:
            raise ValueError(f"can't parse JSON body: {error}") from None
        if not isinstance(body, dict):
            raise ValueError("the JSON body must be an object")
        params.update(body)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                params[name] = UploadedFile(value.filename, value.file.read(), value.content_type)
            else:
                params[name] = value
    return _resolve_attachments(params)


def _resolve_attachments(params: dict[str, Any]) -> dict[str, Any]:
    """Put ``attach://<part>`` files in place of the reference and drop the part itself."""
    for name, value in list(params.items()):
        if isinstance(value, str) and value.startswith(_ATTACH):
            part = value.removeprefix(_ATTACH)
            if isinstance(params.get(part), UploadedFile):
                params[name] = params.pop(part)
    return params
