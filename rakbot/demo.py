"""`rakbot demo`: the real bot against the local Bot API emulator, chatted with in the terminal.

No token and no network are needed. The database is a fresh SQLite file in a temporary folder, so
the demo never touches a real one. Personas: the applicant `@anna`, the English-speaking
applicant `@john` (Telegram set to English), the coordinator `@renate`, `@jana` (to be invited)
and one representative per institution (`@aa`, `@dgb`, `@ihk`, `@jc`,
`@liga`, `@soz`, `@wi`, `@gb`) who sit in the bound group chat. Time can be fast-forwarded (`+1d`)
to watch reminders arrive. The Mini App is served on a free local port; in a terminal the demo
prints one link per member persona (signed with the emulator's token as Telegram would sign
it) that opens the app in any browser.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import tempfile
from collections.abc import Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from pydantic import SecretStr

from rakbot.bot import RakBot
from rakbot.clock import ManualClock
from rakbot.config import Settings
from rakbot.domain.dates import to_utc
from rakbot.runtime import Runtime
from rakbot.sandbox.console import DemoConsole, Persona
from rakbot.sandbox.emulator import BotApiEmulator
from rakbot.sandbox.models import FakeChat
from rakbot.scheduler import Dispatcher
from rakbot.services.roster import NewMember, add_member, bind_group
from rakbot.web import miniapp
from rakbot.web.initdata import sign, user_fields
from storage.models import Role
from storage.repositories import members, outbox

COORDINATOR_ID = 700001


#: One demo representative per institution, in the content's order: (persona, first, last name).
REPRESENTATIVES = (
    ("aa", "Andreas", "Arndt"),
    ("dgb", "Doris", "Gerber"),
    ("ihk", "Ines", "Hoffmann"),
    ("jc", "Jens", "Claus"),
    ("liga", "Lena", "Igel"),
    ("soz", "Sabine", "Otto"),
    ("wi", "Wolf", "Imhof"),
    ("gb", "Gerda", "Bauer"),
)


async def _seed_committee(
    emu: BotApiEmulator, runtime: Runtime, group: FakeChat
) -> dict[str, Persona]:
    """The RAK as a demo: a bound group chat and a representative for every institution."""
    await bind_group(runtime, group.id, actor_member_id=None)
    # the office made the bot an admin of the group, so that it can admit and remove people
    emu.make_admin(group, emu.bot_user)
    institutions = await runtime.db.run(lambda s: members.institutions(s, runtime.committee_id))
    personas: dict[str, Persona] = {}
    for (name, first, last), institution in zip(REPRESENTATIVES, institutions, strict=False):
        user = emu.user(first, last_name=last)
        await add_member(
            runtime,
            NewMember(
                telegram_user_id=user.id,
                display_name=f"{first} {last}",
                role=Role.REPRESENTATIVE,
                institution_id=institution.id,
            ),
            actor_member_id=None,
        )
        personas[name] = (user, group)
    return personas


def _outsiders(emu: BotApiEmulator) -> dict[str, Persona]:
    anna = emu.user("Anna", last_name="Schulz")
    renate = emu.user("Renate", last_name="Breier", user_id=COORDINATOR_ID)
    jana = emu.user("Jana", last_name="Neumann")
    return {
        "anna": (anna, emu.private_chat(anna)),
        "renate": (renate, emu.private_chat(renate)),
        "jana": (jana, emu.private_chat(jana)),
    }


def _english_applicant(emu: BotApiEmulator) -> dict[str, Persona]:
    """An applicant whose Telegram is set to English; made last, so that the other personas
    keep their user ids."""
    john = emu.user("John", last_name="Miller", language_code="en")
    return {"john": (john, emu.private_chat(john))}


#: personas who open the Mini App (members and the office; applicants do not get it)
APP_PERSONAS = ("renate", *(name for name, _first, _last in REPRESENTATIVES))


def app_links(
    bot: RakBot, emu: BotApiEmulator, personas: dict[str, Persona], now: datetime
) -> list[str]:
    """One local link per member persona: the page with `initData` in the fragment, as
    Telegram opens it."""
    assert bot.web is not None
    base = f"http://127.0.0.1:{bot.web.port}{miniapp.PREFIX}/"
    hours = bot.settings.webapp_max_age_seconds // 3600
    lines = [f"Mini App im Browser (die Links gelten {hours} Stunden Demo-Zeit):"]
    for name in APP_PERSONAS:
        user, _chat = personas[name]
        signed = sign(user_fields(user.id, user.first_name, auth_date=now), emu.token)
        lines.append(f" @{name} – {user.full_name}: {base}#tgWebAppData={quote(signed, safe='')}")
    return lines


async def run_demo(
    settings: Settings, stream: TextIO, *, interactive: bool, start: datetime | None = None
) -> int:
    """Chat with the bot; `start` fixes the demo's clock (reproducible transcripts)."""
    # The console is the interface here; only problems belong between the chat lines.
    logging.getLogger().setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="rakbot-demo-") as folder:
        async with BotApiEmulator() as emu:
            demo_settings = settings.model_copy(
                update={
                    "telegram_bot_token": SecretStr(emu.token),
                    "telegram_api_base_url": emu.base_url,
                    "database_url": f"sqlite+aiosqlite:///{Path(folder) / 'demo.db'}",
                    "coordinator_ids": [COORDINATOR_ID],
                    "coordinator_chat_id": None,
                    "webhook_url": None,
                    "http_listen": "127.0.0.1",
                    "http_port": 0,
                }
            )
            clock = ManualClock(start or datetime.now(UTC))
            bot = RakBot(demo_settings, clock=clock, worker_id="demo", per_group_limit=False)
            await bot.start()
            assert bot.runtime is not None and bot.web is not None
            # calendar subscriptions (/kalender) are served by the demo's own web server
            bot.runtime.settings = demo_settings.model_copy(
                update={"public_url": f"http://127.0.0.1:{bot.web.port}"}
            )
            try:

                async def settle() -> None:
                    assert bot.runtime is not None and bot.dispatcher is not None
                    last = emu.last_update_id
                    if last:
                        await bot.runtime.stats.wait_processed(last)
                    await bot.dispatcher.run_due()
                    await let_short_waits_pass(bot.runtime, bot.dispatcher, clock)

                async def travel(delta: timedelta) -> None:
                    assert bot.runtime is not None and bot.dispatcher is not None
                    await pass_time(bot.runtime, bot.dispatcher, clock, delta)

                assert bot.runtime is not None
                group = emu.group("RAK Börde")
                personas = (
                    _outsiders(emu)
                    | await _seed_committee(emu, bot.runtime, group)
                    | _english_applicant(emu)
                )
                if interactive:
                    print("\n".join(app_links(bot, emu, personas, clock.now())))
                console = DemoConsole(
                    emu,
                    stream,
                    _Stdout(),
                    personas,
                    settle=settle,
                    on_time_travel=travel,
                    interactive=interactive,
                )
                await _until_done_or_interrupted(console.run())
            finally:
                await bot.stop()
            if emu.violations:
                for violation in emu.violations:
                    print(f"Bot-API-Verstoß: {violation}")
                return 1
    return 0


async def _until_done_or_interrupted(chat: Coroutine[Any, Any, None]) -> None:
    """Run the console; Ctrl-C ends it like `ende` (the bot then stops cleanly), never with a
    traceback."""
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(chat)
    try:
        loop.add_signal_handler(signal.SIGINT, task.cancel)
    except (NotImplementedError, RuntimeError):  # no signals here (not the main thread)
        await task
        return
    try:
        await task
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise  # the demo itself is being cancelled, not just the console
        print("\nDemo beendet.")
    finally:
        loop.remove_signal_handler(signal.SIGINT)


class _Stdout:
    """sys.stdout looked up at each write, so redirected output (tests, pipes) is honoured."""

    def write(self, text: str) -> int:
        import sys

        return sys.stdout.write(text)

    def flush(self) -> None:
        import sys

        sys.stdout.flush()


#: An action in the console takes as long as the short waits it started: a group card collects
#: answers for a few seconds before it is edited, a ballot's live message likewise. The console's
#: clock lets that time pass after each action, so the updated card shows at once without `+1m`.
SHORT_WAIT = timedelta(seconds=30)


async def let_short_waits_pass(
    runtime: Runtime, dispatcher: Dispatcher, clock: ManualClock, window: timedelta = SHORT_WAIT
) -> None:
    due = await runtime.db.run(outbox.next_due_at)
    if due is None:
        return
    wait = to_utc(due) - clock.now()
    if timedelta(0) < wait <= window:
        await pass_time(runtime, dispatcher, clock, wait)


async def pass_time(
    runtime: Runtime, dispatcher: Dispatcher, clock: ManualClock, delta: timedelta
) -> None:
    """Fast-forward as a running bot would live through the time: every outbox row due on the
    way goes out at its own due time (a reminder reads "in 7 Tagen", not the time left at the
    end of the jump), then the clock stands at the end."""
    target = clock.now() + delta
    while (due := await runtime.db.run(outbox.next_due_at)) is not None:
        due = to_utc(due)
        if due > target:
            break
        clock.set(max(due, clock.now()))
        if not await dispatcher.run_due():
            break  # nothing could be closed at this moment: leave it to the end of the jump
    clock.set(target)
