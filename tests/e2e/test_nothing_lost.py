"""Failures found by trying to break the running bot: nothing a member does is lost, nothing
the bot cannot deliver is kept quiet."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rakbot.sandbox.faults import FaultRule
from rakbot.sandbox.models import FakeUser
from rakbot.services import ballots, competition
from rakbot.services.ballots import MAX_SCORED_OPTIONS
from storage.models import Ballot, Committee, Member, Outbox, Proposal
from tests.e2e.ballot_setup import setup_rak
from tests.e2e.harness import COORDINATOR_ID, Harness
from tests.e2e.meeting_setup import plan_meeting_as
from tests.e2e.test_reminders import MEETING, planned_rak, reminders_to, travel_to
from tests.resilience.scenario import ballot_id_of


async def ballot_count(h: Harness) -> int:
    async def work(session: AsyncSession) -> int:
        return int(await session.scalar(select(func.count(Ballot.id))) or 0)

    return await h.runtime.db.run(work)


async def test_ballot_whose_deadline_passed_in_the_dialog_is_not_started(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h)
    office = rak.office
    reply = await h.send(office, "/abstimmung_neu")
    reply = await h.press_label(office, reply.last, "Beschluss")
    reply = await h.send(office, "Frist verpasst?")
    reply = await h.press_label(office, reply.last, "Offen")
    reply = await h.press_label(office, reply.last, "In der Sitzung")
    confirm = (await h.send(office, "23.11.2026 10:00")).last
    h.clock.advance(timedelta(hours=2))  # the office pressed "start" after the deadline

    reply = await h.press_label(office, confirm, "In der Gruppe starten")
    assert "Die Frist liegt inzwischen in der Vergangenheit" in reply.text
    assert await ballot_count(h) == 0
    assert [m for m in h.emu.messages_to(rak.group.id) if m.buttons()] == []

    # The dialog asks for the deadline again; a future one starts the ballot.
    reply = await h.send(office, "morgen 18 Uhr")
    await h.press_label(office, reply.last, "In der Gruppe starten")
    assert await ballot_count(h) == 1
    assert "Frist verpasst?" in rak.ballot_message().text


def office_notices(h: Harness, marker: str) -> list[str]:
    return [m.text for m in h.emu.messages_to(COORDINATOR_ID) if marker in m.text]


async def flagged(h: Harness, user: FakeUser) -> bool:
    async def work(session: AsyncSession) -> bool:
        return bool(
            await session.scalar(
                select(Member.bot_blocked).where(Member.telegram_user_id == user.id)
            )
        )

    return await h.runtime.db.run(work)


def attempts_to(h: Harness, user: FakeUser) -> int:
    return sum(
        1
        for call in h.emu.calls
        if call.method == "sendMessage" and call.params.get("chat_id") == user.id
    )


async def test_a_member_who_blocked_the_bot_is_reached_again_once_they_write(
    harness: Harness,
) -> None:
    h = harness
    rak = await planned_rak(h)
    bernd = rak.reps[1]
    h.emu.block(bernd)
    await travel_to(h, MEETING - timedelta(days=7))
    assert await flagged(h, bernd)
    assert reminders_to(h, bernd.id) == []
    told = office_notices(h, "nicht erreichbar")
    assert len(told) == 1
    assert "Bernd" in told[0] and "hat den Bot blockiert" in told[0]

    # Tried again later with back-off (15 minutes, then 30), without telling the office twice.
    tried = attempts_to(h, bernd)
    await h.travel(timedelta(minutes=16))
    assert attempts_to(h, bernd) == tried + 1
    await h.travel(timedelta(minutes=16))
    assert attempts_to(h, bernd) == tried + 1
    await h.travel(timedelta(minutes=16))
    assert attempts_to(h, bernd) == tried + 2
    assert len(office_notices(h, "nicht erreichbar")) == 1

    # Bernd unblocks the bot and writes: the flag goes, the waiting reminder comes at once.
    await h.send(bernd, "/start")
    await h.deliver()
    assert not await flagged(h, bernd)
    assert len(reminders_to(h, bernd.id)) == 1
    await travel_to(h, MEETING - timedelta(days=1))
    assert len(reminders_to(h, bernd.id)) == 2


async def test_a_roster_member_who_never_started_the_bot_is_named_to_the_office(
    harness: Harness,
) -> None:
    h = harness
    rak = await planned_rak(h)
    carla = rak.reps[2]
    h.emu.never_started(carla)
    await travel_to(h, MEETING - timedelta(days=7))
    told = office_notices(h, "nicht erreichbar")
    assert len(told) == 1 and "Carla" in told[0] and "hat den Bot noch nie gestartet" in told[0]
    # Carla starts the bot: the waiting reminder comes at once, later ones on time.
    await h.send(carla, "/start")
    await h.deliver()
    assert not await flagged(h, carla)
    assert len(reminders_to(h, carla.id)) == 1
    await travel_to(h, MEETING - timedelta(days=1))
    assert len(reminders_to(h, carla.id)) == 2


async def test_a_press_in_the_group_clears_the_flag_and_retries_at_once(
    harness: Harness,
) -> None:
    h = harness
    rak = await planned_rak(h)
    anna = rak.reps[0]
    h.emu.block(anna)
    await travel_to(h, MEETING - timedelta(days=7))
    assert await flagged(h, anna)
    tried = attempts_to(h, anna)
    # Anna asks for the calendar file in the group: a sign of life, so the reminder waiting
    # for her is tried again at once instead of after the back-off.
    await h.press_label(anna, h.emu.messages_to(rak.group.id)[0], "Kalender")
    await h.deliver()
    assert attempts_to(h, anna) == tried + 1
    # She still blocks the bot: flagged again, and the office is told once a day, not per press.
    assert await flagged(h, anna)
    assert len(office_notices(h, "nicht erreichbar")) == 1


@pytest.mark.parametrize("announced", [True, False], ids=["service-message", "chat-migrated"])
async def test_a_group_upgraded_to_a_supergroup_is_followed(
    harness: Harness, announced: bool
) -> None:
    """Telegram announces the upgrade with a service message; a bot that missed it learns it
    from the 400 answer (`ChatMigrated`) to its next group message. Either way the committee
    moves to the new chat, the running ballot is posted there again and the office is told."""
    h = harness
    rak = await setup_rak(h, supergroup=False)
    await plan_meeting_as(h, rak.office, "30.11.2026 10:00")
    old_card = h.emu.last_message(rak.group.id)
    old_ballot = await rak.start_ballot(question="Gilt das auch in der Supergruppe?")
    ballot_id = ballot_id_of(old_ballot)
    supergroup = h.emu.upgrade_to_supergroup(rak.group, rak.office, announce=announced)
    if announced:  # both service messages handled (the move planned the repost)
        for update_id in (h.emu.last_update_id - 1, h.emu.last_update_id):
            await h.runtime.stats.wait_processed(update_id)
    else:
        # A vote makes the bot edit the live message in the old group: refused with the new id.
        await h.press(rak.reps[0], old_ballot, f"v:{ballot_id}:y")
    await h.deliver()
    await h.travel(timedelta(seconds=3))

    async def bound(session: AsyncSession) -> int | None:
        return await session.scalar(select(Committee.chat_id))

    assert await h.runtime.db.run(bound) == supergroup.id
    posted = [m for m in h.emu.messages_to(supergroup.id) if m.buttons()]
    cards = [m for m in posted if m.text.startswith(old_card.text.split("\n")[0])]
    posted = [m for m in posted if m not in cards]
    assert len(posted) == 1 and "Gilt das auch in der Supergruppe?" in posted[0].text
    told = office_notices(h, "Supergruppe")
    assert len(told) == 1 and "laufende Abstimmungen (1)" in told[0]
    assert "Karten anstehender Sitzungen (1)" in told[0]

    # The upcoming meeting's card is there too, and answers on it update it.
    assert len(cards) == 1
    assert "noch nicht (0 von 8" in cards[0].text
    await h.press_label(rak.reps[2], cards[0], "Zusage")
    await h.travel(timedelta(seconds=10))
    assert "1 von 8" in rak.current(cards[0]).text

    # Votes continue on the new message, which shows them.
    await h.press(rak.reps[1], posted[0], f"v:{ballot_id}:n")
    await h.travel(timedelta(seconds=10))
    live = rak.current(posted[0])
    assert ("Stand: 1 Ja, 1 Nein" if not announced else "Stand: 0 Ja, 1 Nein") in live.text
    assert h.emu.messages_to(rak.group.id)[-1].message_id == old_ballot.message_id


async def test_a_scoring_round_at_the_largest_size_fits_every_message(harness: Harness) -> None:
    """The most proposals a scoring ballot takes, each with the longest title and applicant
    the bot accepts, scored by every institution: the live message, its last edit after
    closing, the result, the private scoring view and the round's overview all reach the
    group (the emulator refuses anything over Telegram's limits, like Telegram)."""
    h = harness
    rt = h.runtime
    rak = await setup_rak(h, deputies=8)

    async def propose(session: AsyncSession) -> None:
        for n in range(1, MAX_SCORED_OPTIONS + 1):
            session.add(
                Proposal(
                    committee_id=rt.committee_id,
                    title=(f"Projekt {n:02d} " + "Qualifizierung & Ü" * 30)[:300],
                    funding_area="A",
                    applicant_name=("Bildungsträger " + "Ö" * 300)[:300],
                    amount_cents=100_000_00,
                    status="submitted",
                )
            )

    await rt.db.run(propose)
    await competition.create_round(
        rt, rt.committee_id, "W" * 200, {"A": 10**11}, actor_member_id=None
    )
    reply = await h.send(rak.office, "/runde_bewerten 1 25.11.2026 12:00")
    await h.press_label(rak.office, reply.last, "Ja")
    live = rak.ballot_message()
    private = await h.send(rak.reps[0], "/abstimmen 1")
    assert private.messages and all(fits(m.text) for m in private.messages)
    for rep in rak.reps:
        for option in range(1, MAX_SCORED_OPTIONS + 1):
            await ballots.cast(rt, rt.committee_id, 1, rep.id, f"s{option}={(option * 7) % 11}")
    await h.travel(timedelta(seconds=10))
    shown = rak.current(live)
    assert shown.edits and fits(shown.text)
    assert "Abgestimmt haben:" in shown.text and "/niederschrift 1" in shown.text
    assert "Noch nicht abgestimmt" not in shown.text

    await h.send(rak.office, "/abstimmung_schliessen 1")
    await h.deliver()
    await h.travel(timedelta(seconds=10))
    closed = rak.current(live)
    assert closed.buttons() == [] and fits(closed.text)
    results = [m for m in h.emu.messages_to(rak.group.id) if m.text.startswith("Ergebnis")]
    assert len(results) == 1 and fits(results[0].text)
    overview = await h.send(rak.reps[1], "/runde 1")
    assert len(overview.messages) > 1 and all(fits(m.text) for m in overview.messages)
    assert "Projekt 30" in overview.text
    assert await failed_rows(h) == []


def fits(text: str) -> bool:
    return len(text.encode("utf-16-le")) // 2 <= 4096


async def failed_rows(h: Harness) -> list[str]:
    async def work(session: AsyncSession) -> list[str]:
        rows = await session.scalars(select(Outbox.dedup_key).where(Outbox.status == "failed"))
        return list(rows)

    return await h.runtime.db.run(work)


async def test_a_refused_closing_edit_takes_the_buttons_off_and_tells_the_office(
    harness: Harness,
) -> None:
    h = harness
    rak = await setup_rak(h)
    live = await rak.start_ballot(question="Was, wenn das Schließen nicht ankommt?")
    await h.press(rak.reps[0], live, f"v:{ballot_id_of(live)}:y")
    await h.travel(timedelta(seconds=10))
    h.emu.add_fault(FaultRule(kind="400", method="editMessageText"))
    await h.send(rak.office, f"/abstimmung_schliessen {ballot_id_of(live)}")
    await h.deliver()
    await h.travel(timedelta(seconds=10))
    assert rak.current(live).buttons() == []
    told = office_notices(h, "nicht angekommen")
    assert len(told) == 1 and "Aktualisierung einer Abstimmungsnachricht" in told[0]
    assert "Telegram meldet: Message can't be edited" in told[0]
