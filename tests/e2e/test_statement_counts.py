"""SQL statements and units of work per use case, counted (not timed) with SQLAlchemy events.

Each use case runs through the real bot; the outbox dispatcher and the scheduler's sweeps are
held while a use case is counted, so what it plans is delivered (and counted) on its own by an
explicit `deliver()`. A change that adds a statement to one of these paths fails here: either it
was meant (raise the budget, with the reason, in the same commit) or it is a regression.

"Units of work" are database transactions (`Database.run` calls); "statements" are SQL
statements sent to the database, each `BEGIN`/`COMMIT` not included.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import event

from tests.e2e import ballot_setup, meeting_setup
from tests.e2e.harness import Harness
from tests.e2e.test_reminders import MEETING, travel_to

#: Budgets per use case: (units of work, SQL statements), the same on SQLite and PostgreSQL.
BUDGETS: dict[str, tuple[int, int]] = {
    # update stored (1 unit: insert) + the sender read once for the update (1 unit: the
    # group's committee, the roster rows with institution) + the vote (1 unit: the ballot
    # locked with the count of running ballots in the chat, seats, conflicts, votes, the
    # upsert, the audit entry, the version bump, the planned edit, the update's done mark).
    # Before: 5 units, 20 statements (sender and ballot read twice, consent data always).
    "vote press": (3, 12),
    # the live message's edit: one unit claims the row (RETURNING), renders it (the render
    # claimed and the ballot read in one statement, seats, conflicts, votes, the text's
    # digest, the audit entry) and reads the next wake-up; one unit records the send.
    # Before: 5 units, 17 statements (an empty claim and the wake-up on their own).
    "vote edit": (2, 11),
    # update stored + sender + the answer (with the card's planned edit). Before: 4 / 14.
    "rsvp press": (3, 12),
    # update stored + sender + the listing + the done mark of an update that changed
    # nothing. Before: 5 / 8.
    "/mitglieder": (4, 6),
    # the deadline falls due: the closing row claimed and rendered (the ballot closed, its
    # result and final edit planned), both claimed and rendered in the next unit, sent, and
    # their outcomes recorded. Before: 12 units, 35 statements.
    "ballot closing": (5, 26),
    # one reminder to the group and three members, one of them a deputy: claimed and
    # rendered in one unit that reads the meeting and its answers once (then per member:
    # the member and whether their institution answered); the outcomes of parallel sends
    # are recorded in one to three commits, as they come back. Before: 11-13 units, 37
    # statements (the meeting, its committee and its answers read again for every member).
    # +1 since the private reminder offers the agenda's documents: counted once per meeting.
    "reminder delivery": (6, 20),
}


@dataclass
class Count:
    units: int = 0
    statements: int = 0
    sql: list[str] = field(default_factory=list)


@asynccontextmanager
async def counting(h: Harness) -> AsyncIterator[Count]:
    """Count what the bot sends to the database inside the block."""
    engine = h.runtime.db.engine.sync_engine
    found = Count()

    def on_begin(_connection: Any) -> None:
        found.units += 1

    def on_statement(*args: Any) -> None:
        found.statements += 1
        found.sql.append(str(args[2]).split("\n")[0][:100])

    event.listen(engine, "begin", on_begin)
    event.listen(engine, "before_cursor_execute", on_statement)
    try:
        yield found
    finally:
        event.remove(engine, "begin", on_begin)
        event.remove(engine, "before_cursor_execute", on_statement)


def hold_background(h: Harness) -> None:
    """No wake-up of the dispatcher and no sweep while counting: each is counted on its own."""
    h.runtime.wake_outbox = lambda: None
    assert h.bot.application is not None
    h.bot.application.job_queue.scheduler.pause()


async def measure(h: Harness, action: Callable[[], Awaitable[Any]]) -> Count:
    async with counting(h) as found:
        await action()
    return found


def within(name: str, found: Count) -> None:
    units, statements = BUDGETS[name]
    listing = "\n".join(found.sql)
    print(f"{name}: {found.units} units, {found.statements} statements\n{listing}")
    assert found.units <= units, f"{name}: {found.units} units of work\n{listing}"
    assert found.statements <= statements, f"{name}: {found.statements} statements\n{listing}"


async def test_vote_press_and_its_edit(harness: Harness) -> None:
    h = harness
    rak = await ballot_setup.setup_rak(h)
    message = await rak.start_ballot(question="Jobcoaching fördern?")
    await h.deliver()
    hold_background(h)
    # warm-up: the first press of a process loads what is cached (none of it counts here)
    await h.press(rak.reps[1], message, f"v:{_ballot_id(message)}:n")
    await h.travel(timedelta(minutes=1))

    press = await measure(h, lambda: h.press(rak.reps[0], message, f"v:{_ballot_id(message)}:y"))
    within("vote press", press)
    h.clock.advance(timedelta(minutes=1))
    edit = await measure(h, h.deliver)
    within("vote edit", edit)
    assert "1 Ja" in rak.current(message).text


def _ballot_id(message: Any) -> str:
    return next(
        data.split(":")[1]
        for row in message.buttons()
        for _text, data in row
        if data and data.startswith("v:")
    )


async def test_rsvp_press(harness: Harness) -> None:
    h = harness
    rak = await meeting_setup.setup_rak(h)
    await meeting_setup.plan_meeting(h, rak)
    card = await meeting_setup.announced_card(h, rak.group.id)
    hold_background(h)
    await h.press_label(rak.reps[1], card, "Zusage")

    press = await measure(h, lambda: h.press_label(rak.reps[0], card, "Zusage"))
    within("rsvp press", press)


async def test_roster_listing(harness: Harness) -> None:
    h = harness
    rak = await meeting_setup.setup_rak(h)
    hold_background(h)
    await h.send(rak.reps[1], "/mitglieder")

    listing = await measure(h, lambda: h.send(rak.reps[0], "/mitglieder"))
    within("/mitglieder", listing)
    assert "Anna" in (await h.send(rak.reps[0], "/mitglieder")).text


async def test_ballot_closing_at_its_deadline(harness: Harness) -> None:
    h = harness
    rak = await ballot_setup.setup_rak(h)
    message = await rak.start_ballot(question="Jobcoaching fördern?", deadline="23.11.2026 12:00")
    await h.deliver()
    hold_background(h)
    await h.press(rak.reps[0], message, f"v:{_ballot_id(message)}:y")
    await h.travel(timedelta(minutes=1))

    h.clock.advance(timedelta(hours=3))
    closing = await measure(h, h.deliver)
    within("ballot closing", closing)
    assert any(m.text.startswith("Ergebnis") for m in h.emu.messages_to(rak.group.id))


async def test_reminder_delivery(harness: Harness) -> None:
    h = harness
    rak = await meeting_setup.setup_rak(h)
    await meeting_setup.plan_meeting(h, rak)
    await h.deliver()
    hold_background(h)

    async def due() -> None:
        await travel_to(h, MEETING - timedelta(days=7))

    reminders = await measure(h, due)
    within("reminder delivery", reminders)
    assert any("Erinnerung" in m.text for m in h.emu.messages_to(rak.reps[0].id))
