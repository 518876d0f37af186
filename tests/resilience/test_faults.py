"""Under every fault the emulator can inject, votes, RSVPs, a ballot closing and meeting
reminders end with nothing lost and nothing twice: the database and the messages the emulator
delivered agree with what the users pressed."""

from __future__ import annotations

import asyncio
import random
from datetime import datetime, timedelta

import pytest

from rakbot.sandbox.faults import FAULT_KINDS, FaultRule
from tests.e2e.ballot_setup import Rak, setup_rak
from tests.e2e.harness import Harness
from tests.resilience.scenario import (
    Presses,
    meeting_id_of,
    outbox_statuses,
    press_votes,
    stored_rsvps,
    stored_votes,
    texts_to,
)

MEETING = datetime.fromisoformat("2027-01-20T10:00:00+01:00")
DEADLINE = datetime.fromisoformat("2026-11-25T12:00:00+01:00")


async def plan_meeting(h: Harness, rak: Rak) -> None:
    office = rak.office
    await h.send(office, "/sitzung_neu")
    reply = await h.send(office, "20.01.2027 10:00")
    await h.press_label(office, reply.last, "Ja")
    await h.send(office, "Landratsamt Haldensleben, Raum 101")
    await h.send(office, "Protokoll\nVerschiedenes")
    await h.send(office, "12:30")
    reply = await h.send(office, "-")
    await h.press_label(office, reply.last, "Speichern")


def faults(kind: str) -> list[FaultRule]:
    """Enough failures of each method the scenario uses to hit presses and the outbox alike."""
    common = {"retry_after": 1, "delay": 0.3}
    return [
        FaultRule(kind, method="answerCallbackQuery", times=2, **common),
        FaultRule(kind, method="editMessageText", times=1, **common),
        FaultRule(kind, method="sendMessage", times=3, **common),
    ]


async def drain(h: Harness, until: datetime) -> None:
    """Travel to `until`, then on in steps long enough for every back-off to run out."""
    await h.travel(until - h.clock.now())
    for _ in range(8):
        await h.travel(timedelta(minutes=2))


# every fault that passes; a 400 refuses for good (tests/e2e/test_nothing_lost.py covers it)
@pytest.mark.parametrize("kind", sorted(FAULT_KINDS - {"400"}))
async def test_nothing_lost_nothing_twice(harness: Harness, kind: str) -> None:
    h, emu = harness, harness.emu
    rak = await setup_rak(h, deputies=2)
    await plan_meeting(h, rak)
    card = emu.last_message(rak.group.id)
    meeting_id = meeting_id_of(card)
    ballot = await rak.start_ballot(question="Fehlerfeste Frage?")
    for rule in faults(kind):
        emu.add_fault(rule)
    calls_before = len(emu.calls)

    rng = random.Random(f"faults-{kind}")
    presses = Presses()
    # The deputies vote for institutions whose representatives stay silent: a deputy's press
    # after the representative's is refused, which would make the expected state depend on
    # the order in which concurrent presses arrive.
    voters = [*rak.reps[len(rak.deputies) :], *rak.deputies]
    for _round in range(3):
        queued = press_votes(emu, ballot, voters, rng, presses, 8)
        await asyncio.gather(*(h.runtime.stats.wait_processed(u) for u in queued))
        await h.travel(timedelta(seconds=4))
    # RSVPs from six institutions; the last two will get private reminders.
    for rep in rak.reps[:6]:
        option = rng.choice("yn")
        presses.rsvps[rep.id] = option
        await h.press(rep, card, f"mr:{meeting_id}:{option}")
        presses.update_ids.append(emu.last_update_id)

    await drain(h, DEADLINE + timedelta(minutes=1))
    await drain(h, MEETING - timedelta(days=7))

    failures = [c for c in emu.calls[calls_before:] if c.status != 200]
    assert kind == "slow" or failures, "the faults never fired"
    # Every press was acknowledged; every last press is what the database holds.
    unanswered = [u for u in presses.update_ids if str(u) not in emu.callback_answers]
    assert not unanswered
    assert await stored_votes(h.runtime.db) == presses.votes
    assert await stored_rsvps(h.runtime.db) == presses.rsvps
    # The ballot closed once, with the count of the stored votes (a representative's vote
    # counts for the institution, else the deputy's).
    tally = {"y": 0, "n": 0, "a": 0}
    for index, rep in enumerate(rak.reps):
        deputy = rak.deputies[index] if index < len(rak.deputies) else None
        counted = presses.votes.get(rep.id) or (deputy and presses.votes.get(deputy.id))
        if counted:
            tally[counted] += 1
    results = [m.text for m in emu.messages_to(rak.group.id) if m.text.startswith("Ergebnis")]
    assert len(results) == 1, results
    assert f"{tally['y']} Ja, {tally['n']} Nein" in results[0]
    # One group reminder; private ones exactly once, only to the institutions without answer.
    assert len(texts_to(emu, rak.group.id, "Erinnerung: Sitzung")) == 1
    for rep in rak.reps:
        expected = 0 if rep.id in presses.rsvps else 1
        assert len(texts_to(emu, rep.id, "Erinnerung: Sitzung")) == expected, rep.first_name
    # The group card shows the stored answers (a failed edit is not left standing).
    yes = sum(1 for option in presses.rsvps.values() if option == "y")
    assert f"{yes} von 8" in rak.current(card).text
    statuses = await outbox_statuses(h.runtime.db, h.clock.now())
    bad = {k: v for k, v in statuses.items() if v in ("pending", "failed")}
    assert not bad, bad
