"""The page and its files, all served from the package: nothing comes from a CDN."""

from __future__ import annotations

from importlib import resources

from aiohttp import web

STATIC = {
    "app.js": "text/javascript",
    "app.css": "text/css",
}
#: the page may load only what the bot serves; it talks only to the bot
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'"
)


def _read(name: str) -> bytes:
    return (resources.files("rakbot.web.miniapp") / "static" / name).read_bytes()


def page_routes(prefix: str) -> list[web.RouteDef]:
    index = _read("index.html")
    files = {name: _read(name) for name in STATIC}

    async def page(_request: web.Request) -> web.Response:
        response = web.Response(body=index, content_type="text/html", charset="utf-8")
        response.headers["Content-Security-Policy"] = CSP
        response.headers["Cache-Control"] = "no-cache"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    async def to_page(_request: web.Request) -> web.Response:
        raise web.HTTPPermanentRedirect(prefix + "/")

    async def static(request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in files:
            raise web.HTTPNotFound()
        response = web.Response(body=files[name], content_type=STATIC[name], charset="utf-8")
        response.headers["Cache-Control"] = "no-cache"
        return response

    return [
        web.get(prefix, to_page),
        web.get(prefix + "/", page),
        web.get(prefix + "/static/{name}", static),
    ]
