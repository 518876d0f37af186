"""Shared pieces of the resilience tests: a committee with a meeting and a ballot, presses,
and what the database says happened (to compare with what the emulator delivered)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rakbot.sandbox.emulator import BotApiEmulator
from rakbot.sandbox.models import SentMessage
from storage.db import Database
from storage.models import BallotVote, Member, Outbox, Rsvp
from tests.e2e.harness import Harness, make_settings, start_harness

RSVP_VALUES = {"y": "yes", "n": "no", "p": "proxy"}
#: the press codes of a decision and the choice each one stores
DECISION_VALUES = {"y": "yes", "n": "no", "a": "abstain"}


@dataclass
class Presses:
    """What the users pressed, in order; the last press of each person is what must count."""

    votes: dict[int, str] = field(default_factory=dict)
    rsvps: dict[int, str] = field(default_factory=dict)
    update_ids: list[int] = field(default_factory=list)


def press_votes(
    emu: BotApiEmulator,
    ballot: SentMessage,
    voters: list,
    rng: random.Random,
    presses: Presses,
    count: int,
) -> list[int]:
    """Queue `count` vote presses (changes included) without waiting for the bot."""
    ballot_id = ballot_id_of(ballot)
    queued = []
    for _ in range(count):
        user = rng.choice(voters)
        option = rng.choice("yna")
        presses.votes[user.id] = option
        queued.append(emu.press_button(user, ballot, f"v:{ballot_id}:{option}"))
    presses.update_ids += queued
    return queued


def ballot_id_of(message: SentMessage) -> int:
    data = next(d for row in message.buttons() for _label, d in row if d and d.startswith("v:"))
    return int(data.split(":")[1])


def meeting_id_of(card: SentMessage) -> int:
    data = next(d for row in card.buttons() for _label, d in row if d and d.startswith("mr:"))
    return int(data.split(":")[1])


async def stored_votes(db: Database) -> dict[int, str]:
    """Telegram user id → option key (y/n/a) of every vote in the database."""

    async def work(session: AsyncSession) -> dict[int, str]:
        rows = await session.execute(
            select(Member.telegram_user_id, BallotVote.choice).join(
                Member, Member.id == BallotVote.member_id
            )
        )
        keys = {value: key for key, value in DECISION_VALUES.items()}
        return {user: keys[choice["value"]] for user, choice in rows}

    return await db.run(work)


async def stored_rsvps(db: Database) -> dict[int, str]:
    async def work(session: AsyncSession) -> dict[int, str]:
        rows = await session.execute(
            select(Member.telegram_user_id, Rsvp.answer).join(Member, Member.id == Rsvp.member_id)
        )
        keys = {value: key for key, value in RSVP_VALUES.items()}
        return {user: keys[str(answer)] for user, answer in rows}

    return await db.run(work)


async def outbox_statuses(db: Database, due_by: datetime) -> dict[str, str]:
    """Dedup key → status of every outbox row due by then."""

    async def work(session: AsyncSession) -> dict[str, str]:
        rows = await session.execute(
            select(Outbox.dedup_key, Outbox.status).where(Outbox.due_at <= due_by)
        )
        return {key: str(status) for key, status in rows}

    return await db.run(work)


def texts_to(emu: BotApiEmulator, chat_id: int, marker: str) -> list[str]:
    return [m.text for m in emu.messages_to(chat_id) if marker in m.text]


async def in_process(emu: BotApiEmulator, url: str) -> Harness:
    """The bot in this process on the real clock, for setting up through the dialogs."""
    return await start_harness(
        emu, make_settings(emu, url), at=datetime.now(UTC), worker_id="setup"
    )
