"""Throughput and latency: a realistic mix of updates from 16 members and 200 applicants.

The mix: vote presses (with changes), RSVP presses, /termine from members; /faq …, /kontakt and
inline queries from applicants. Fed as fast as the bot takes them ("flood": the whole batch is
waiting in the emulator) and paced (a fixed rate of updates per second). The baseline is a bare
python-telegram-bot application (same transport defaults, same concurrency) whose only handler
answers every update with one message: the framework's own ceiling on this machine.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from benchmarks.common import (
    COORDINATOR_ID,
    BotProcess,
    Person,
    bot_environment,
    database,
    load_average,
    percentile,
    prepared_runtime,
    system_clock,
)
from rakbot.sandbox.emulator import BotApiEmulator
from rakbot.sandbox.models import FakeUser, SentMessage
from rakbot.services.roster import NewMember, add_member, bind_group
from storage.models import Role
from storage.repositories import members

#: (kind, weight): what share of the updates each action has.
MIX: tuple[tuple[str, int], ...] = (
    ("vote", 25),
    ("rsvp", 10),
    ("termine", 10),
    ("faq", 25),
    ("kontakt", 10),
    ("inline", 20),
)
FAQ_QUERIES = (
    "Praktikum",
    "Wer kann Anträge stellen",
    "Förderzeitraum",
    "Sprechzeiten",
    "Kofinanzierung",
    "Antrag einreichen Frist",
    "Jugendliche ohne Abschluss",
    "Förderbereich C",
    "Kontakt Regionale Koordination",
    "Eigenanteil",
)
APPLICANTS = 200
SEED = 20261201


@dataclass
class Scene:
    """Who sends what, and the messages whose buttons they press."""

    emu: BotApiEmulator
    members: list[FakeUser]
    applicants: list[FakeUser]
    ballot: SentMessage
    ballot_id: int
    card: SentMessage
    meeting_id: int
    pushed_at: dict[int, float] = field(default_factory=dict)

    def action(self, rng: random.Random) -> Callable[[], int]:
        kind = rng.choices([k for k, _ in MIX], weights=[w for _, w in MIX])[0]
        emu = self.emu
        if kind == "vote":
            user, option = rng.choice(self.members), rng.choice("yna")
            return lambda: emu.press_button(user, self.ballot, f"v:{self.ballot_id}:{option}")
        if kind == "rsvp":
            user, option = rng.choice(self.members), rng.choice("ynp")
            return lambda: emu.press_button(user, self.card, f"mr:{self.meeting_id}:{option}")
        if kind == "termine":
            user = rng.choice(self.members)
            return lambda: emu.send_message(user, "/termine")
        applicant = rng.choice(self.applicants)
        if kind == "faq":
            question = rng.choice(FAQ_QUERIES)
            return lambda: emu.send_message(applicant, f"/faq {question}")
        if kind == "kontakt":
            return lambda: emu.send_message(applicant, "/kontakt")
        query = rng.choice(FAQ_QUERIES)
        return lambda: emu.inline_query(applicant, query)

    def push(self, action: Callable[[], int]) -> int:
        update_id = action()
        self.pushed_at[update_id] = time.perf_counter()
        return update_id


# ----- set-up -------------------------------------------------------------------------------


async def committee_scene(emu: BotApiEmulator, bot: BotProcess, url: str) -> Scene:
    """The committee: group, 8 representatives and 8 deputies, one meeting, one open ballot.

    The roster is written by the driver through the services; meeting and ballot are created by
    the coordinator through the bot's own dialogs.
    """
    clock = system_clock()
    rt = await prepared_runtime(emu, url, clock)
    office = emu.user("Renate", last_name="Breier", user_id=COORDINATOR_ID)
    group = emu.group("RAK Börde")
    await bind_group(rt, group.id, actor_member_id=None)

    async def institutions(session: AsyncSession) -> list[int]:
        return [i.id for i in await members.institutions(session, rt.committee_id)]

    people: list[FakeUser] = []
    for index, institution_id in enumerate(await rt.db.run(institutions)):
        for role, label in ((Role.REPRESENTATIVE, "Vertreter"), (Role.DEPUTY, "Stellvertreter")):
            user = emu.user(f"M{index}", last_name=label)
            await add_member(
                rt,
                NewMember(user.id, f"M{index} {label}", role, institution_id),
                actor_member_id=None,
            )
            people.append(user)
    await rt.db.dispose()
    await bot.start()
    renate = Person(emu, bot, office)
    meeting_day = (clock.now() + timedelta(days=30)).strftime("%d.%m.%Y")
    await renate.send("/sitzung_neu")
    reply = await renate.send(f"{meeting_day} 10:00")
    await renate.press(reply, "Ja")
    await renate.send("Landratsamt Haldensleben, Raum 101")
    await renate.send("Protokoll\nProjektanträge\nVerschiedenes")
    await renate.send("12:30")
    reply = await renate.send("-")
    await renate.press(reply, "Speichern")
    card = next(m for m in reversed(emu.messages_to(group.id)) if m.buttons())
    meeting_id = int(next(d for row in card.buttons() for _, d in row if d).split(":")[1])

    deadline = (clock.now() + timedelta(days=20)).strftime("%d.%m.%Y")
    reply = await renate.send("/abstimmung_neu")
    await renate.press(reply, "Beschluss")
    reply = await renate.send("Soll der RAK eine Klausurtagung abhalten?")
    reply = await renate.press(reply, "Offen")
    reply = await renate.press(reply, "In der Sitzung")
    reply = await renate.press(reply, "Keiner Sitzung zuordnen")
    reply = await renate.send(f"{deadline} 12:00")
    await renate.press(reply, "In der Gruppe starten")
    ballot = next(m for m in reversed(emu.messages_to(group.id)) if _vote_data(m))
    ballot_id = int(_vote_data(ballot)[0].split(":")[1])
    applicants = [emu.user(f"A{index}", last_name="Antrag") for index in range(APPLICANTS)]
    return Scene(emu, people, applicants, ballot, ballot_id, card, meeting_id)


def _vote_data(message: SentMessage) -> list[str]:
    return [d for row in message.buttons() for _, d in row if d and d.startswith("v:")]


async def bare_scene(emu: BotApiEmulator, bot: BotProcess) -> Scene:
    """The same people and button messages for the bare bot (which ignores what they say)."""
    await bot.start()
    group = emu.group("RAK Börde")
    people = [emu.user(f"M{i}") for i in range(16)]
    applicants = [emu.user(f"A{i}") for i in range(APPLICANTS)]
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ja", callback_data="v:1:y")]])
    async with Bot(emu.token, base_url=emu.base_url) as poster:
        await poster.send_message(group.id, "Abstimmung", reply_markup=keyboard)
        ballot = emu.last_message(group.id)
        await poster.send_message(group.id, "Sitzung", reply_markup=keyboard)
        card = emu.last_message(group.id)
    return Scene(emu, people, applicants, ballot, 1, card, 1)


# ----- measuring ----------------------------------------------------------------------------


async def feed(scene: Scene, bot: BotProcess, count: int, rate: float | None) -> dict[str, Any]:
    """Push `count` updates (all at once, or `rate` per second) and wait until all are done."""
    rng = random.Random(SEED)
    actions = [scene.action(rng) for _ in range(count)]
    cpu0, t0 = bot.cpu_seconds(), time.perf_counter()
    ids: list[int] = []
    if rate is None:
        ids = [scene.push(action) for action in actions]
    else:
        for index, action in enumerate(actions):
            delay = t0 + index / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            ids.append(scene.push(action))
    wanted = set(ids)
    await bot.wait(lambda: wanted.issubset(bot.done_at), limit=max(120.0, count / 5))
    finished = [bot.done_at[i] for i in ids if i in bot.done_at]
    elapsed = (max(finished) if finished else time.perf_counter()) - t0
    cpu = bot.cpu_seconds() - cpu0
    handler = [bot.handler_ms[i] for i in ids if i in bot.handler_ms]
    e2e = [(bot.done_at[i] - scene.pushed_at[i]) * 1000 for i in ids if i in bot.done_at]
    return {
        "updates": count,
        "lost": len(wanted - bot.done_at.keys()),
        "seconds": round(elapsed, 3),
        "updates_per_s": round(count / elapsed, 1),
        "bot_cpu_ms_per_update": round(cpu * 1000 / count, 2),
        "p50_ms": round(percentile(handler, 0.50), 2),
        "p95_ms": round(percentile(handler, 0.95), 2),
        "p99_ms": round(percentile(handler, 0.99), 2),
        "e2e_p50_ms": round(percentile(e2e, 0.50), 2),
        "e2e_p99_ms": round(percentile(e2e, 0.99), 2),
    }


async def run(params: dict[str, Any]) -> dict[str, Any]:
    """params: bot ("bare" or "full"), db ("sqlite"/"postgresql"), count, rate (None = flood)."""
    count, rate = int(params["count"]), params.get("rate")
    load = load_average()
    async with database(params.get("db", "sqlite")) as url, BotApiEmulator() as emu:
        bot = BotProcess(params["bot"], bot_environment(emu, url, **params.get("env", {})))
        try:
            if params["bot"] == "bare":
                scene = await bare_scene(emu, bot)
            else:
                scene = await committee_scene(emu, bot, url)
            result = await feed(scene, bot, count, rate)
            result["rss_now_mb"] = round(bot.rss_mb(), 1)
        finally:
            await bot.stop()
        warnings, errors = bot.log_counts()
        result.update(
            peak_rss_mb=bot.peak_rss_mb,
            violations=len(emu.violations),
            errors=errors,
            warnings=warnings,
            samples=bot.log_samples() + emu.violations[:3],
            load_before=load,
        )
    return result
