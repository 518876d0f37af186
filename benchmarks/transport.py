"""CPU per Bot API call of the two transports (`BOT_API_TRANSPORT`): the client runs in a
process of its own against the emulator in this one; the same run measures both."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from benchmarks.common import ROOT
from rakbot.sandbox.emulator import BotApiEmulator


async def _client(emu: BotApiEmulator, transport: str, count: int, chat_id: int) -> dict[str, Any]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "benchmarks.transport_client",
        emu.base_url,
        emu.token,
        transport,
        str(count),
        str(chat_id),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"transport client {transport} failed ({process.returncode})")
    return json.loads(out.decode().strip().splitlines()[-1])  # type: ignore[no-any-return]


async def run(params: dict[str, Any]) -> dict[str, Any]:
    count = int(params.get("count", 2000))
    async with BotApiEmulator() as emu:
        group = emu.group("Benchmark")
        results = [
            await _client(emu, transport, count, group.id) for transport in ("httpx", "aiohttp")
        ]
    return {"count": count, "transports": results}
