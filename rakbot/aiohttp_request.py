"""A Bot API transport on aiohttp (the bot's web server runs on it already).

PTB's default transport is httpx; measured against the emulator, aiohttp spends markedly less
CPU per call (see docs/performance.md), and every update makes one to three calls. The
retries of idempotent calls (`rakbot.transport.RetryingRateLimiter`) sit above the transport
and depend only on the exceptions it raises, which are PTB's own as with httpx: a timeout is
`TimedOut`, a refused or dropped connection `NetworkError`, and a 5xx answer becomes
`NetworkError` in PTB's `BaseRequest`. `BOT_API_TRANSPORT=httpx` selects PTB's default.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

#: PTB's own defaults (`HTTPXRequest`): seconds.
READ_TIMEOUT = 5.0
WRITE_TIMEOUT = 5.0
CONNECT_TIMEOUT = 5.0
POOL_TIMEOUT = 1.0
MEDIA_WRITE_TIMEOUT = 20.0


class AiohttpRequest(BaseRequest):
    """`telegram.request.BaseRequest` on one `aiohttp.ClientSession` per instance."""

    def __init__(self, connection_pool_size: int = 1) -> None:
        self._pool_size = connection_pool_size
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return READ_TIMEOUT

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        read = _seconds(read_timeout, READ_TIMEOUT)
        write = _seconds(write_timeout, MEDIA_WRITE_TIMEOUT if files else WRITE_TIMEOUT)
        # aiohttp's connect timeout includes the wait for a free connection of the pool.
        connect = _seconds(connect_timeout, CONNECT_TIMEOUT)
        pool = _seconds(pool_timeout, POOL_TIMEOUT)
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=None if connect is None or pool is None else connect + pool,
            sock_read=None if read is None else read + (write or 0.0),
        )
        try:
            async with self._session.request(
                method, url, data=_body(request_data), timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{err.__class__.__name__}: {err}") from err


def _seconds(value: ODVInput[float], default: float) -> float | None:
    if isinstance(value, DefaultValue):
        return default
    return value


def _body(request_data: RequestData | None) -> Any:
    """Form fields as PTB's httpx transport sends them (values JSON-encoded), multipart with
    the files when there are any."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    files = request_data.multipart_data
    if not files:
        return fields
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in files.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form


def bot_api_request(transport: str, connection_pool_size: int) -> BaseRequest:
    """The request object of the configured transport (`BOT_API_TRANSPORT`)."""
    if transport == "httpx":
        return HTTPXRequest(connection_pool_size=connection_pool_size)
    return AiohttpRequest(connection_pool_size=connection_pool_size)
