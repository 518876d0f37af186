"""Reminder fan-out: one meeting reminder to N private chats with Telegram's limits enforced.

N seat holders (one representative and seven deputies per institution) are written straight into
the database; the driver plans a meeting through the service so that its 2-hour reminder falls due
a few seconds after the bot has started. From then on only the bot acts: its dispatcher wakes at
the due row, renders each reminder from the database and sends it through PTB's rate limiter to
the emulator, which answers 429 with retry_after once 30 messages/s, 1/s per chat or 20/min per
group would be exceeded. The physical bound is (N + 1 group message) / 30 s.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from benchmarks.common import (
    BotProcess,
    bot_environment,
    database,
    load_average,
    prepared_runtime,
    system_clock,
)
from rakbot.sandbox.emulator import BotApiEmulator, RateLimits
from rakbot.services.meetings import MeetingDraft, create
from rakbot.services.roster import bind_group
from storage.models import Institution, Member, Role

PER_INSTITUTION = 8
FIRST_USER_ID = 5_000_000
LEAD_SECONDS = 8.0
"""Seconds from planning the meeting to its reminder falling due (the bot is up by then)."""


async def seed_seat_holders(session: AsyncSession, committee_id: int, count: int) -> list[int]:
    """`count` members with a private chat: per institution a representative and 7 deputies."""
    institutions = -(-count // PER_INSTITUTION)
    await session.execute(
        insert(Institution),
        [
            {
                "committee_id": committee_id,
                "name": f"Institution {n:05d}",
                "short_name": f"I{n:05d}",
                "has_vote": True,
                "active": True,
                "sort_order": 100 + n,
            }
            for n in range(institutions)
        ],
    )
    ids = list(
        await session.scalars(
            select(Institution.id)
            .where(Institution.committee_id == committee_id, Institution.sort_order >= 100)
            .order_by(Institution.sort_order)
        )
    )
    now = datetime.now(UTC)
    users = [FIRST_USER_ID + n for n in range(count)]
    await session.execute(
        insert(Member),
        [
            {
                "committee_id": committee_id,
                "telegram_user_id": user_id,
                "display_name": f"Mitglied {n}",
                "institution_id": ids[n // PER_INSTITUTION],
                "role": Role.REPRESENTATIVE if n % PER_INSTITUTION == 0 else Role.DEPUTY,
                "is_coordinator": False,
                "language": "de",
                "active": True,
                "bot_blocked": False,
                "joined_at": now,
            }
            for n, user_id in enumerate(users)
        ],
    )
    return users


async def run(params: dict[str, Any]) -> dict[str, Any]:
    """params: count (private chats), db, lead (seconds until the reminder is due)."""
    count = int(params["count"])
    lead = float(params.get("lead", LEAD_SECONDS))
    load = load_average()
    async with (
        database(params.get("db", "sqlite")) as url,
        BotApiEmulator(rate_limits=RateLimits()) as emu,
    ):
        clock = system_clock()
        rt = await prepared_runtime(emu, url, clock)
        users = await rt.db.run(lambda s: seed_seat_holders(s, rt.committee_id, count))
        for user_id in users:
            emu.user(f"M{user_id}", user_id=user_id)
        group = emu.group("RAK Börde")
        await bind_group(rt, group.id, actor_member_id=None)
        bot = BotProcess("full", bot_environment(emu, url, **params.get("env", {})))
        await bot.start()
        cpu_at_start = bot.cpu_seconds()
        # The 2-hour reminder falls due LEAD_SECONDS from now (the 7-day and 1-day ones have
        # passed and are not planned).
        due_wall = clock.now() + timedelta(seconds=lead)
        due_perf = time.perf_counter() + lead
        await create(
            rt,
            rt.committee_id,
            MeetingDraft(starts_at=due_wall + timedelta(hours=2), place="Raum 101"),
            actor_member_id=None,
        )
        await rt.db.dispose()

        expected = count + 1
        reminders: list[tuple[int, float]] = []
        seen = 0

        def progress() -> bool:
            nonlocal seen
            for message in emu.messages[seen:]:
                if "Erinnerung" in message.text:
                    reminders.append((message.chat_id, time.perf_counter()))
            seen = len(emu.messages)
            return len(reminders) >= expected

        bound = expected / 30
        with contextlib.suppress(TimeoutError):
            await emu.wait_for(progress, timeout=lead + bound * 3 + 60)
        await asyncio.sleep(2.0)  # anything sent twice would arrive now
        progress()
        cpu = bot.cpu_seconds() - cpu_at_start
        await bot.stop()
        per_chat = Counter(chat for chat, _ in reminders)
        reached = set(per_chat)
        last = max((at for _, at in reminders), default=float("nan"))
        first = min((at for _, at in reminders), default=float("nan"))
        total = last - due_perf
        warnings, errors = bot.log_counts()
        return {
            "chats": count,
            "messages_expected": expected,
            "delivered": len(reached),
            "lost": len({*users, group.id} - reached),
            "duplicates": sum(n - 1 for n in per_chat.values()),
            "http_429": emu.rate_limited,
            "seconds_from_due": round(total, 2),
            "seconds_first_to_last": round(last - first, 2),
            "bound_s": round(bound, 2),
            "vs_bound": round(total / bound, 3),
            "bot_cpu_ms_per_message": round(cpu * 1000 / expected, 2),
            "peak_rss_mb": bot.peak_rss_mb,
            "violations": len(emu.violations),
            "warnings": warnings,
            "errors": errors,
            "samples": bot.log_samples() + emu.violations[:3],
            "load_before": load,
        }
