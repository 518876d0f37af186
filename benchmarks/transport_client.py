"""The client side of the transport benchmark, in a process of its own (its CPU time is the
transport's): `python -m benchmarks.transport_client BASE_URL TOKEN TRANSPORT COUNT CHAT_ID`.

Makes COUNT `sendMessage` calls and COUNT `getMe` calls through PTB's `Bot` with the given
request class, eight at a time, and prints its CPU milliseconds per call as JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from telegram import Bot

from rakbot.aiohttp_request import bot_api_request

IN_FLIGHT = 8


async def _calls(bot: Bot, count: int, chat_id: int) -> None:
    gate = asyncio.Semaphore(IN_FLIGHT)

    async def one(index: int) -> None:
        async with gate:
            if index % 2:
                await bot.get_me()
            else:
                await bot.send_message(chat_id, f"Nachricht {index}")

    await asyncio.gather(*(one(i) for i in range(count)))


async def main(base_url: str, token: str, transport: str, count: int, chat_id: int) -> dict:
    bot = Bot(
        token,
        base_url=base_url,
        request=bot_api_request(transport, 16),
        get_updates_request=bot_api_request(transport, 1),
    )
    async with bot:
        await _calls(bot, 50, chat_id)  # warm-up: connections, imports, caches
        cpu, wall = time.process_time(), time.perf_counter()
        await _calls(bot, count, chat_id)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {
        "transport": transport,
        "calls": count,
        "cpu_ms_per_call": round(cpu * 1000 / count, 3),
        "calls_per_s": round(count / wall, 1),
    }


if __name__ == "__main__":
    url, token, transport, count, chat = sys.argv[1:6]
    result = asyncio.run(main(url, token, transport, int(count), int(chat)))
    print(json.dumps(result), flush=True)
