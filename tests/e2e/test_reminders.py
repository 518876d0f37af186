"""Meeting reminders end to end: times, late rule, restarts, faults, blocked users, two workers."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rakbot.demo import pass_time
from rakbot.outbox_kinds import RENDERERS
from rakbot.sandbox.faults import FaultRule
from rakbot.scheduler import Dispatcher
from rakbot.services import roster
from rakbot.services.roster import NewMember
from storage.db import Database
from storage.models import AuditEntry, Member, Outbox, Role
from tests.e2e.harness import Harness
from tests.e2e.meeting_setup import (
    Rak,
    cancel_meeting_as,
    institution_ids,
    plan_meeting,
    setup_rak,
)

MEETING = datetime.fromisoformat("2027-01-20T10:00:00+01:00")


def reminders_to(harness: Harness, chat_id: int) -> list[str]:
    return [m.text for m in harness.emu.messages_to(chat_id) if "Erinnerung" in m.text]


async def travel_to(harness: Harness, moment: datetime) -> int:
    return await harness.travel(moment - harness.clock.now())


async def planned_rak(harness: Harness) -> Rak:
    rak = await setup_rak(harness)
    await plan_meeting(harness, rak)
    return rak


async def test_reminders_at_the_right_times(harness: Harness) -> None:
    rak = await planned_rak(harness)
    anna, bernd, carla = rak.reps
    await harness.press_label(anna, harness.emu.last_message(rak.group.id), "Zusage")
    await travel_to(harness, MEETING - timedelta(days=7, minutes=1))
    assert reminders_to(harness, rak.group.id) == []
    await harness.travel(timedelta(minutes=1))
    group = reminders_to(harness, rak.group.id)
    assert len(group) == 1 and "in 7 Tagen" in group[0] and "1 von 8" in group[0]
    # Private reminders only to institutions that have not answered (Anna's deputy Dora: no).
    assert len(reminders_to(harness, bernd.id)) == 1 and len(reminders_to(harness, carla.id)) == 1
    assert reminders_to(harness, anna.id) == [] and reminders_to(harness, rak.deputy.id) == []
    await harness.press_label(bernd, harness.emu.messages_to(rak.group.id)[0], "Absage")
    await travel_to(harness, MEETING - timedelta(days=1))
    assert "morgen" in reminders_to(harness, rak.group.id)[-1]
    assert len(reminders_to(harness, bernd.id)) == 1 and len(reminders_to(harness, carla.id)) == 2
    await travel_to(harness, MEETING - timedelta(hours=2))
    await harness.travel(timedelta(days=30))
    assert len(reminders_to(harness, rak.group.id)) == 3
    assert "in 2 Stunden" in reminders_to(harness, rak.group.id)[-1]


async def test_offsets_configurable_per_committee(harness: Harness) -> None:
    rak = await planned_rak(harness)
    renate, anna = rak.coordinator, rak.reps[0]
    reply = await harness.send(renate, "/erinnerungen")
    assert "Erinnerungen an Sitzungen: 7 Tage, 1 Tag, 2 Stunden vorher." in reply.text
    reply = await harness.send(anna, "/erinnerungen 1 Tag")
    assert "Das darf nur die Regionale Koordination." in reply.text
    for typed, problem in [
        ("bald", "verstehe ich nicht"),
        ("5 Minuten", "mindestens 15 Minuten"),
        ("3 Monate", "verstehe ich nicht"),
        ("9 Wochen", "höchstens 60 Tage"),
    ]:
        reply = await harness.send(renate, f"/erinnerungen {typed}")
        assert problem in reply.text and "/erinnerungen 7 Tage, 1 Tag, 2 Stunden" in reply.text
    reply = await harness.send(renate, "/erinnerungen 3 Tage und 30 Minuten")
    assert "Gespeichert: Erinnerungen 3 Tage, 30 Minuten vor jeder Sitzung." in reply.text
    assert "1 geplante Sitzung ist angepasst." in reply.text

    await travel_to(harness, MEETING - timedelta(days=3))
    await travel_to(harness, MEETING - timedelta(minutes=30))
    group = reminders_to(harness, rak.group.id)
    assert len(group) == 2 and "in 3 Tagen" in group[0] and "in 30 Minuten" in group[1]
    assert len(reminders_to(harness, anna.id)) == 2


async def test_offsets_set_again_are_planned_again(harness: Harness) -> None:
    rak = await planned_rak(harness)
    renate = rak.coordinator
    await harness.send(renate, "/erinnerungen 1 Tag")
    await harness.send(renate, "/erinnerungen Standard")
    reply = await harness.send(renate, "/erinnerungen")
    assert "7 Tage, 1 Tag, 2 Stunden" in reply.text
    # Straight to two hours before: the earlier ones are superseded, the 2-hour one is there.
    await travel_to(harness, MEETING - timedelta(hours=2))
    group = reminders_to(harness, rak.group.id)
    assert len(group) == 1 and "in 2 Stunden" in group[0]


async def test_restart_late_rule_nothing_lost_nothing_twice(harness: Harness) -> None:
    rak = await planned_rak(harness)
    await travel_to(harness, MEETING - timedelta(days=7))
    assert len(reminders_to(harness, rak.group.id)) == 1
    # The bot is down while the 1-day reminder falls due; it comes up 2 h before it would
    # have been superseded by the 2-hour reminder: the late 1-day reminder is still sent.
    await harness.bot.stop()
    harness.clock.set(MEETING - timedelta(hours=4))
    await harness.restart()
    await harness.deliver()
    texts = reminders_to(harness, rak.group.id)
    # It states the time actually left, not "morgen".
    assert len(texts) == 2 and texts[-1].startswith("Erinnerung: Sitzung des RAK in 4 Stunden")
    await harness.restart()
    await harness.deliver()
    assert len(reminders_to(harness, rak.group.id)) == 2


async def test_missed_reminder_superseded_is_skipped(harness: Harness) -> None:
    rak = await planned_rak(harness)
    await harness.bot.stop()
    harness.clock.set(MEETING - timedelta(hours=1))
    await harness.restart()
    await harness.deliver()
    texts = reminders_to(harness, rak.group.id)
    assert len(texts) == 1 and texts[0].startswith("Erinnerung: Sitzung des RAK in einer Stunde")

    async def statuses(session: AsyncSession) -> dict[str, str]:
        rows = await session.scalars(select(Outbox).where(Outbox.kind == "meeting_reminder"))
        return {row.dedup_key.split(":")[3]: row.status for row in rows}

    assert await harness.runtime.db.run(statuses) == {
        "r10080": "skipped",
        "r1440": "skipped",
        "r120": "sent",
    }


async def test_faults_are_retried_none_lost(harness: Harness) -> None:
    rak = await planned_rak(harness)
    harness.emu.add_fault(FaultRule(kind="429", method="sendMessage", times=2, retry_after=1))
    harness.emu.add_fault(FaultRule(kind="500", method="sendMessage", times=2))
    harness.emu.add_fault(FaultRule(kind="timeout", method="sendMessage", times=1))
    harness.emu.add_fault(FaultRule(kind="drop", method="sendMessage", times=1))
    await travel_to(harness, MEETING - timedelta(days=7))
    for _ in range(8):
        await harness.travel(timedelta(seconds=30))
    assert len(reminders_to(harness, rak.group.id)) == 1
    for user in rak.reps:
        assert len(reminders_to(harness, user.id)) == 1
    assert len(reminders_to(harness, rak.deputy.id)) == 1


async def test_move_replans_and_cancel_removes(harness: Harness) -> None:
    rak = await planned_rak(harness)
    renate = rak.coordinator
    reply = await harness.send(renate, "/sitzung_verschieben 1 10.02.2027 10:00")
    await harness.press_label(renate, reply.last, "Ja")
    await travel_to(harness, MEETING - timedelta(days=7))
    assert reminders_to(harness, rak.group.id) == []
    moved = datetime.fromisoformat("2027-02-10T10:00:00+01:00")
    await travel_to(harness, moved - timedelta(days=7))
    texts = reminders_to(harness, rak.group.id)
    assert len(texts) == 1 and "10. Februar 2027" in texts[0]
    await cancel_meeting_as(harness, renate, 1)
    await harness.deliver()  # the notices and the card's edit; no reminder is left

    async def pending(session: AsyncSession) -> int:
        rows = await session.scalars(select(Outbox.id).where(Outbox.status == "pending"))
        return len(list(rows))

    assert await harness.runtime.db.run(pending) == 0
    await travel_to(harness, moved)
    assert len(reminders_to(harness, rak.group.id)) == 1


async def test_two_dispatchers_send_each_reminder_once(harness: Harness) -> None:
    if harness.runtime.db.dialect != "postgresql":
        pytest.skip("two processes on one database: PostgreSQL only")
    rak = await planned_rak(harness)
    url = harness.settings.database_url
    bot = harness.bot.application.bot
    workers = []
    for name in ("one", "two"):
        runtime = dataclasses.replace(harness.runtime, db=Database(url), worker_id=name)
        workers.append(Dispatcher(runtime, bot, None, renderers=dict(RENDERERS)))
    try:
        for offset in (timedelta(days=7), timedelta(days=1), timedelta(hours=2)):
            harness.clock.set(MEETING - offset)
            closed = await asyncio.gather(*(worker.run_due() for worker in workers))
            assert sum(closed) == 5  # the group and four private chats
    finally:
        for worker in workers:
            await worker.runtime.db.dispose()
    assert len(reminders_to(harness, rak.group.id)) == 3
    for user in [*rak.reps, rak.deputy]:
        assert len(reminders_to(harness, user.id)) == 3


async def test_a_member_who_joins_later_gets_the_private_reminders(harness: Harness) -> None:
    rak = await planned_rak(harness)
    ids = await institution_ids(harness)
    emil = harness.user("Emil")
    await roster.add_member(
        harness.runtime,
        NewMember(emil.id, "Emil", Role.REPRESENTATIVE, institution_id=ids[5]),
        actor_member_id=None,
    )
    await travel_to(harness, MEETING - timedelta(days=7))
    assert len(reminders_to(harness, emil.id)) == 1
    assert len(reminders_to(harness, rak.group.id)) == 1


async def test_a_new_seat_holder_gets_reminders_a_former_one_none(harness: Harness) -> None:
    """Promoted from guest: the private reminders are planned at once, not at the next start.
    Demoted to guest: the pending ones are skipped when they fall due."""
    rak = await planned_rak(harness)
    ids = await institution_ids(harness)
    gerda = harness.user("Gerda")
    gerda_id = await roster.add_member(
        harness.runtime, NewMember(gerda.id, "Gerda", Role.GUEST), actor_member_id=None
    )
    carla_id = await member_id(harness, rak.reps[2].id)
    office = await member_id(harness, rak.coordinator.id)
    rt = harness.runtime
    await roster.move(rt, rt.committee_id, gerda_id, ids[6], actor_member_id=office)
    await roster.change_role(rt, rt.committee_id, gerda_id, Role.DEPUTY, actor_member_id=office)
    await roster.change_role(rt, rt.committee_id, carla_id, Role.GUEST, actor_member_id=office)
    await travel_to(harness, MEETING - timedelta(days=7))
    assert len(reminders_to(harness, gerda.id)) == 1
    assert reminders_to(harness, rak.reps[2].id) == []
    assert len(reminders_to(harness, rak.reps[1].id)) == 1
    # Moving on to another institution plans nothing twice.
    await roster.move(rt, rt.committee_id, gerda_id, ids[7], actor_member_id=office)
    await travel_to(harness, MEETING - timedelta(days=1))
    assert len(reminders_to(harness, gerda.id)) == 2


async def member_id(harness: Harness, telegram_user_id: int) -> int:
    async def work(session: AsyncSession) -> int:
        found = await session.scalar(
            select(Member.id).where(Member.telegram_user_id == telegram_user_id)
        )
        assert found is not None
        return found

    return await harness.runtime.db.run(work)


async def test_short_notice_reminder_states_the_time_left(harness: Harness) -> None:
    """Planned 45 minutes ahead, the one reminder goes out at once and says so."""
    rak = await setup_rak(harness)
    await plan_meeting(harness, rak, "23.11.2026 09:45")
    await harness.deliver()
    group = reminders_to(harness, rak.group.id)
    assert len(group) == 1 and group[0].startswith("Erinnerung: Sitzung des RAK in 45 Minuten")
    assert reminders_to(harness, rak.reps[0].id)[0].startswith(
        "Erinnerung: Sitzung des RAK in 45 Minuten"
    )


async def test_demo_fast_forward_sends_each_reminder_at_its_own_time(harness: Harness) -> None:
    """`rakbot demo`'s "+57d" lives through the time: reminders read as if sent on time."""
    rak = await planned_rak(harness)
    assert harness.bot.dispatcher is not None
    await pass_time(harness.runtime, harness.bot.dispatcher, harness.clock, timedelta(days=90))
    heads = [text.splitlines()[0] for text in reminders_to(harness, rak.group.id)]
    assert heads == [
        "Erinnerung: Sitzung des RAK in 7 Tagen",
        "Erinnerung: Sitzung des RAK morgen",
        "Erinnerung: Sitzung des RAK in 2 Stunden",
    ]
    assert harness.clock.now() > MEETING


async def test_a_private_reminder_is_answered_like_a_press_on_the_card(harness: Harness) -> None:
    rak = await planned_rak(harness)
    bernd = rak.reps[1]
    await travel_to(harness, MEETING - timedelta(days=7))
    reminder = next(m for m in harness.emu.messages_to(bernd.id) if "Erinnerung" in m.text)
    labels = [text for row in reminder.buttons() for text, _data in row]
    assert labels == ["✅ Zusage", "❌ Absage", "🔁 Stellvertretung kommt", "📅 Kalender (.ics)"]
    # the deputy is not offered the representative's "Stellvertretung kommt"
    await harness.travel(timedelta(days=6))
    dora = [m for m in harness.emu.messages_to(rak.deputy.id) if "Erinnerung" in m.text]
    assert all("Stellvertretung kommt" not in str(m.buttons()) for m in dora)

    card = next(m for m in harness.emu.messages_to(rak.group.id) if m.buttons())
    edits_before = len(card.edits)
    pressed = await harness.press_label(bernd, reminder, "Zusage")
    assert pressed.callback_answer is not None
    assert pressed.callback_answer["text"] == "Zusage gespeichert."
    # the reminder now shows the card with the answer; a second press changes nothing
    again = await harness.press(bernd, reminder, "mr:1:y")
    assert again.callback_answer is not None
    await harness.travel(timedelta(seconds=10))  # the card's collecting slot ends
    assert len(card.edits) == edits_before + 1
    assert "Bernd" in card.text

    async def answered(session: AsyncSession) -> int:
        rows = await session.scalars(
            select(AuditEntry).where(AuditEntry.action == "meeting.answered")
        )
        return len(list(rows))

    assert await harness.runtime.db.run(answered) == 1
