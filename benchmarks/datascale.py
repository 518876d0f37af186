"""Scale of data: the latency of a vote press, /mitglieder and closing a ballot with a big database.

At scale 1×: 50 committees, 5,000 members (50 institutions with a representative and a deputy
each), 2,000 ballots (40 per committee) and 200,000 votes (every member on every ballot), plus an
audit entry per vote and two outbox rows per ballot, as real use leaves them. Smaller or larger
scales change the number of committees, so the bot's own committee stays the same size and only
the tables around it grow: a query whose cost grows with a whole table shows up as growth between
scales. All rows are bulk-inserted with SQLAlchemy core; the bot (in its own process) answers real
updates. On SQLite every statement the bot ran is also checked with EXPLAIN QUERY PLAN for full
table scans.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from benchmarks.common import (
    COORDINATOR_ID,
    BotProcess,
    bot_environment,
    database,
    load_average,
    median,
    percentile,
    prepared_runtime,
    system_clock,
)
from rakbot.sandbox.emulator import BotApiEmulator
from rakbot.services.roster import bind_group
from storage.models import (
    AuditEntry,
    Ballot,
    BallotVote,
    Committee,
    Institution,
    Member,
    Outbox,
    Role,
)

INSTITUTIONS = 50
BALLOTS = 40
OPEN_BALLOTS = 12
FIRST_USER_ID = 6_000_000
CHUNK = 20_000


async def _chunked(session: AsyncSession, model: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        await session.execute(insert(model), rows[start : start + CHUNK])


async def seed(session: AsyncSession, own_committee: int, committees: int) -> dict[str, Any]:
    """Fill `committees` committees (the bot's own is the first); return the own committee's
    open ballots and members."""
    now = datetime.now(UTC)
    await _chunked(
        session,
        Committee,
        [
            {"slug": f"c{n}", "name": f"Gremium {n}", "timezone": "Europe/Berlin", "settings": {}}
            for n in range(1, committees)
        ],
    )
    committee_ids = [
        own_committee,
        *await session.scalars(select(Committee.id).where(Committee.slug.like("c%"))),
    ]
    existing = await session.scalar(
        select(Institution.id).where(Institution.committee_id == own_committee).limit(1)
    )
    assert existing is not None
    await _chunked(
        session,
        Institution,
        [
            {
                "committee_id": c,
                "name": f"Institution {c}-{n}",
                "short_name": f"I{c}-{n}",
                "has_vote": True,
                "active": True,
                "sort_order": 100 + n,
            }
            for c in committee_ids
            for n in range(INSTITUTIONS if c != own_committee else INSTITUTIONS - 8)
        ],
    )
    institutions: dict[int, list[int]] = {}
    for institution_id, committee_id in await session.execute(
        select(Institution.id, Institution.committee_id).order_by(Institution.id)
    ):
        institutions.setdefault(committee_id, []).append(institution_id)
    member_rows = _member_rows(committee_ids, institutions, now)
    await _chunked(session, Member, member_rows)
    members: dict[int, list[tuple[int, int, int, str]]] = {}
    for member_id, committee_id, institution_id, telegram_id, role in await session.execute(
        select(
            Member.id,
            Member.committee_id,
            Member.institution_id,
            Member.telegram_user_id,
            Member.role,
        ).where(Member.telegram_user_id >= FIRST_USER_ID)
    ):
        members.setdefault(committee_id, []).append((member_id, institution_id, telegram_id, role))
    ballot_rows = []
    for c in committee_ids:
        for n in range(BALLOTS):
            is_open = c == own_committee and n >= BALLOTS - OPEN_BALLOTS
            ballot_rows.append(
                {
                    "committee_id": c,
                    "question": f"Beschluss {n} im Gremium {c}?",
                    "kind": "decision",
                    "options": [],
                    "secret": False,
                    "written": False,
                    "close_when_all_voted": False,
                    "rules": {},
                    "status": "open" if is_open else "closed",
                    "opens_at": now - timedelta(days=400 - n),
                    "closes_at": now + timedelta(days=10) if is_open else now - timedelta(days=300),
                    "closed_at": None if is_open else now - timedelta(days=300 - n),
                    "result": None,
                    "message_version": 0,
                    "rendered_version": 0,
                    "created_at": now - timedelta(days=400 - n),
                }
            )
    await _chunked(session, Ballot, ballot_rows)
    ballots = list(await session.execute(select(Ballot.id, Ballot.committee_id, Ballot.status)))
    vote_rows, audit_rows, outbox_rows = [], [], []
    for ballot_id, c, status in ballots:
        for k, (member_id, institution_id, _telegram, role) in enumerate(members[c]):
            if status == "open" and k % 2:  # open ballots: half have voted so far
                continue
            choice = ("yes", "no", "abstain")[(ballot_id + k) % 3]
            vote_rows.append(
                {
                    "ballot_id": ballot_id,
                    "institution_id": institution_id,
                    "member_id": member_id,
                    "role": role,
                    "choice": {"value": choice},
                    "cast_at": now,
                    "changes": 0,
                }
            )
            audit_rows.append(
                {
                    "committee_id": c,
                    "at": now,
                    "actor_member_id": member_id,
                    "action": "ballot.vote_cast",
                    "subject": f"ballot:{ballot_id}",
                    "details": {"institution_id": institution_id, "choice": choice},
                }
            )
        if status == "closed":
            outbox_rows += _sent_outbox_rows(c, ballot_id, now)
    await _chunked(session, BallotVote, vote_rows)
    await _chunked(session, AuditEntry, audit_rows)
    await _chunked(session, Outbox, outbox_rows)
    own_open = [b for b, c, s in ballots if c == own_committee and s == "open"]
    return {
        "open_ballots": own_open,
        "members": [m[2] for m in members[own_committee]],
        "counts": {
            "committees": len(committee_ids),
            "members": len(member_rows),
            "ballots": len(ballots),
            "votes": len(vote_rows),
            "audit": len(audit_rows),
        },
    }


def _member_rows(
    committee_ids: list[int], institutions: dict[int, list[int]], now: datetime
) -> list[dict[str, Any]]:
    """A representative and a deputy for every institution, with made-up Telegram ids."""
    rows = []
    user = FIRST_USER_ID
    for c in committee_ids:
        for institution_id in institutions[c]:
            for role in (Role.REPRESENTATIVE, Role.DEPUTY):
                rows.append(
                    {
                        "committee_id": c,
                        "telegram_user_id": user,
                        "display_name": f"Mitglied {user}",
                        "institution_id": institution_id,
                        "role": role,
                        "is_coordinator": False,
                        "language": "de",
                        "active": True,
                        "bot_blocked": False,
                        "joined_at": now,
                    }
                )
                user += 1
    return rows


def _sent_outbox_rows(committee_id: int, ballot_id: int, now: datetime) -> list[dict[str, Any]]:
    """The deadline and result messages of a ballot closed long ago, sent."""
    return [
        {
            "committee_id": committee_id,
            "dedup_key": f"bench:{kind}:{ballot_id}",
            "kind": kind,
            "payload": {},
            "ballot_id": ballot_id,
            "due_at": now - timedelta(days=300),
            "status": "sent",
            "attempts": 1,
            "sent_at": now - timedelta(days=300),
        }
        for kind in ("ballot_deadline", "ballot_result")
    ]


async def _attach_messages(
    emu: BotApiEmulator, rt: Any, group_id: int, ballot_ids: list[int]
) -> dict[int, Any]:
    """Each open ballot gets its message in the group, as if the bot had posted it."""
    messages = {}
    async with Bot(emu.token, base_url=emu.base_url) as poster:
        for ballot_id in ballot_ids:
            keyboard = InlineKeyboardMarkup(
                [
                    [InlineKeyboardButton(label, callback_data=f"v:{ballot_id}:{key}")]
                    for label, key in (("Ja", "y"), ("Nein", "n"), ("Enthaltung", "a"))
                ]
            )
            sent = await poster.send_message(
                group_id, f"Abstimmung Nr. {ballot_id}", reply_markup=keyboard
            )
            messages[ballot_id] = emu.last_message(group_id)

            async def work(
                session: AsyncSession, ballot_id: int = ballot_id, mid: int = sent.message_id
            ) -> None:
                ballot = await session.get_one(Ballot, ballot_id)
                ballot.chat_id, ballot.message_id = group_id, mid

            await rt.db.run(work)
    return messages


def _scans(url: str, statements_file: Path) -> list[str]:
    """Statements whose SQLite plan scans a whole table (no index used)."""
    path = url.split("///", 1)[1]
    found: set[str] = set()
    connection = sqlite3.connect(path)
    try:
        for line in statements_file.read_text().splitlines():
            statement, params = json.loads(line)
            try:
                plan = connection.execute(f"EXPLAIN QUERY PLAN {statement}", params).fetchall()
            except sqlite3.Error:
                continue
            for row in plan:
                detail = row[-1]
                if (
                    detail.startswith("SCAN ")
                    and "USING" not in detail
                    and "CONSTANT" not in detail
                ):
                    table = detail.split()[1]
                    if table in _BIG_TABLES:
                        found.add(f"{detail}: {' '.join(statement.split())[:160]}")
    finally:
        connection.close()
    return sorted(found)


_BIG_TABLES = {
    "members",
    "ballots",
    "ballot_votes",
    "audit_log",
    "outbox",
    "institutions",
    "committees",
}


async def run(params: dict[str, Any]) -> dict[str, Any]:
    """params: scale (1.0 = 50 committees …), db, repeat (measurements per operation)."""
    scale = float(params.get("scale", 1.0))
    repeat = int(params.get("repeat", 30))
    committees = max(1, round(50 * scale))
    load = load_average()
    kind = params.get("db", "sqlite")
    async with database(kind) as url, BotApiEmulator() as emu:
        clock = system_clock()
        rt = await prepared_runtime(emu, url, clock)
        group = emu.group("RAK Börde")
        await bind_group(rt, group.id, actor_member_id=None)
        t0 = time.perf_counter()
        seeded = await rt.db.run(lambda s: seed(s, rt.committee_id, committees))
        seed_seconds = time.perf_counter() - t0
        if kind == "postgresql":
            async with rt.db.engine.connect() as connection:
                await connection.exec_driver_sql("ANALYZE")
        for telegram_id in seeded["members"]:
            emu.user(f"M{telegram_id}", user_id=telegram_id)
        office = emu.user("Renate", user_id=COORDINATOR_ID)
        messages = await _attach_messages(emu, rt, group.id, seeded["open_ballots"])
        await rt.db.dispose()
        with tempfile.TemporaryDirectory() as folder:
            statements = Path(folder) / "statements.jsonl"
            # The operations' own cost, not the pacing of outgoing messages at 29/s (a reply
            # would otherwise wait up to 34 ms behind the previous one).
            env = {"BENCH_FLOOD_LIMITS": "off"}
            if kind == "sqlite":
                env["BENCH_SQL_LOG"] = str(statements)
            bot = BotProcess("full", bot_environment(emu, url, **env))
            await bot.start()
            try:
                timings = await _measure(emu, bot, seeded, messages, office, repeat)
            finally:
                await bot.stop()
            scans = _scans(url, statements) if kind == "sqlite" and statements.exists() else []
            checked = len(statements.read_text().splitlines()) if statements.exists() else 0
        warnings, errors = bot.log_counts()
        return {
            "scale": scale,
            **seeded["counts"],
            "seed_s": round(seed_seconds, 1),
            **timings,
            "statements_checked": checked,
            "full_scans": scans,
            "peak_rss_mb": bot.peak_rss_mb,
            "violations": len(emu.violations),
            "warnings": warnings,
            "errors": errors,
            "samples": bot.log_samples() + emu.violations[:3],
            "load_before": load,
        }


async def _measure(
    emu: BotApiEmulator,
    bot: BotProcess,
    seeded: dict[str, Any],
    messages: dict[int, Any],
    office: Any,
    repeat: int,
) -> dict[str, Any]:
    voting_ballot, *closable = seeded["open_ballots"]
    voters = [emu._backend.users[t] for t in seeded["members"]]
    ballot_message = messages[voting_ballot]
    vote_ms, roster_ms, close_ms = [], [], []
    rss = {"rss_start_mb": round(bot.rss_mb(), 1)}
    for n in range(repeat):
        voter = voters[n % len(voters)]
        update_id = emu.press_button(voter, ballot_message, f"v:{voting_ballot}:{'yna'[n % 3]}")
        await bot.wait_processed(update_id)
        vote_ms.append(bot.handler_ms[update_id])
    rss["rss_after_votes_mb"] = round(bot.rss_mb(), 1)
    for n in range(repeat):
        update_id = emu.send_message(voters[n % len(voters)], "/mitglieder")
        await bot.wait_processed(update_id)
        roster_ms.append(bot.handler_ms[update_id])
    rss["rss_after_roster_mb"] = round(bot.rss_mb(), 1)
    for ballot_id in closable:
        update_id = emu.send_message(office, f"/abstimmung_schliessen {ballot_id}")
        await bot.wait_processed(update_id)
        close_ms.append(bot.handler_ms[update_id])
        assert "geschlossen" in emu.last_message(office.id).text, emu.last_message(office.id).text
    rss["rss_after_close_mb"] = round(bot.rss_mb(), 1)
    return {
        **rss,
        "vote_ms": round(median(vote_ms), 2),
        "vote_p95_ms": round(percentile(vote_ms, 0.95), 2),
        "roster_ms": round(median(roster_ms), 2),
        "roster_p95_ms": round(percentile(roster_ms, 0.95), 2),
        "close_ms": round(median(close_ms), 2),
        "close_p95_ms": round(percentile(close_ms, 0.95), 2),
    }
