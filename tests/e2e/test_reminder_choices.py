"""/einstellungen: each member chooses which reminders they get, and the delivery honours it."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rakbot.sandbox.models import FakeUser
from storage.models import Member
from tests.e2e import ballot_setup
from tests.e2e.harness import Harness, Reply
from tests.e2e.test_reminders import MEETING, planned_rak, travel_to


def reminders_to(harness: Harness, chat_id: int) -> list[str]:
    """The meeting reminders in a chat (not the /einstellungen messages about them)."""
    return [m.text for m in harness.emu.messages_to(chat_id) if m.text.startswith("Erinnerung:")]


async def choices_of(harness: Harness, telegram_user_id: int) -> Any:
    async def work(session: AsyncSession) -> Any:
        return await session.scalar(
            select(Member.reminder_choices).where(Member.telegram_user_id == telegram_user_id)
        )

    return await harness.runtime.db.run(work)


async def open_settings(harness: Harness, user: FakeUser) -> Reply:
    reply = await harness.send(user, "/einstellungen")
    assert reply.last.buttons(), reply.text
    return reply


async def test_a_member_turns_off_the_one_day_reminder(harness: Harness) -> None:
    rak = await planned_rak(harness)
    anna, bernd = rak.reps[0], rak.reps[1]
    reply = await open_settings(harness, anna)
    assert [row[0][0] for row in reply.last.buttons()] == [
        "✅ Sitzung: 7 Tage vorher",
        "✅ Sitzung: 1 Tag vorher",
        "✅ Sitzung: 2 Stunden vorher",
        "✅ Abstimmung: vor Fristende",
        "Fertig",
    ]
    assert "Sitzungen: 7 Tage, 1 Tag, 2 Stunden vorher" in reply.text
    pressed = await harness.press_label(anna, reply.last, "1 Tag vorher")
    assert pressed.callback_answer is not None and pressed.callback_answer["text"] == "Gespeichert."
    assert "Sitzungen: 7 Tage, 2 Stunden vorher" in reply.last.text
    assert reply.last.buttons()[1][0][0] == "🔕 Sitzung: 1 Tag vorher"
    await harness.press_label(anna, reply.last, "Fertig")
    assert reply.last.buttons() == [] and "Sitzungen: 7 Tage, 2 Stunden vorher" in reply.last.text

    await harness.restart()
    again = await open_settings(harness, anna)
    assert again.last.buttons()[1][0][0] == "🔕 Sitzung: 1 Tag vorher"
    for offset in (timedelta(days=7), timedelta(days=1), timedelta(hours=2)):
        await travel_to(harness, MEETING - offset)
    await harness.travel(timedelta(days=1))

    annas = reminders_to(harness, anna.id)
    assert len(annas) == 2
    assert "in 7 Tagen" in annas[0] and "in 2 Stunden" in annas[1]
    bernds = reminders_to(harness, bernd.id)
    assert len(bernds) == 3
    assert "in 7 Tagen" in bernds[0] and "morgen" in bernds[1] and "in 2 Stunden" in bernds[2]
    # Anna's deputy chose nothing: the institution's reminders still reach her.
    assert len(reminders_to(harness, rak.deputy.id)) == 3
    assert len(reminders_to(harness, rak.group.id)) == 3


async def test_choices_only_among_the_committees_reminders(harness: Harness) -> None:
    rak = await planned_rak(harness)
    renate, anna = rak.coordinator, rak.reps[0]
    await harness.send(renate, "/erinnerungen 3 Tage, 30 Minuten")
    reply = await open_settings(harness, anna)
    labels = [row[0][0] for row in reply.last.buttons()]
    assert labels[:2] == ["✅ Sitzung: 3 Tage vorher", "✅ Sitzung: 30 Minuten vorher"]
    await harness.press_label(anna, reply.last, "30 Minuten")
    await travel_to(harness, MEETING - timedelta(days=3))
    await travel_to(harness, MEETING - timedelta(minutes=30))
    texts = reminders_to(harness, anna.id)
    assert len(texts) == 1 and "in 3 Tagen" in texts[0]
    assert len(reminders_to(harness, rak.reps[1].id)) == 2


async def test_forged_and_foreign_presses_change_nothing(harness: Harness) -> None:
    rak = await planned_rak(harness)
    anna = rak.reps[0]
    reply = await open_settings(harness, anna)
    for data, answer in [
        ("ein:m:30", "Diese Erinnerung verschickt der RAK nicht."),
        ("ein:m:1440x", "Diese Schaltfläche ist nicht mehr gültig."),
        ("ein:m:", "Diese Schaltfläche ist nicht mehr gültig."),
        ("ein:", "Diese Schaltfläche ist nicht mehr gültig."),
        ("ein:b:1", "Diese Schaltfläche ist nicht mehr gültig."),
        ("ein:m:99999999", "Diese Erinnerung verschickt der RAK nicht."),
        ("ein:m:9999999999", "Diese Schaltfläche ist nicht mehr gültig."),
    ]:
        pressed = await harness.press(anna, reply.last, data)
        assert pressed.callback_answer is not None
        assert answer in pressed.callback_answer["text"], data
        assert pressed.callback_answer.get("show_alert") is True
    assert await choices_of(harness, anna.id) is None
    # Someone not on the roster presses Anna's button data on a message of their own chat.
    stranger = harness.user("Sven")
    hint = await harness.send(stranger, "/einstellungen")
    assert "Das steht nur Mitgliedern des RAK zur Verfügung." in hint.text
    pressed = await harness.press(stranger, hint.last, "ein:b")
    assert "Das steht nur Mitgliedern des RAK zur Verfügung." in str(pressed.callback_answer)
    # In the group: a hint to use the private chat; a forged press there edits nothing.
    hint = await harness.send(anna, "/einstellungen", chat=rak.group)
    assert "im privaten Chat" in hint.text and hint.last.buttons() == []
    card = harness.emu.messages_to(rak.group.id)[0]
    before = card.text
    pressed = await harness.press(anna, card, "ein:b")
    assert "nur im privaten Chat" in str(pressed.callback_answer)
    assert card.text == before and card.edits == []
    assert await choices_of(harness, anna.id) is None


async def test_english_settings_and_ballot_reminders_turned_off(harness: Harness) -> None:
    h = harness
    rak = await ballot_setup.setup_rak(h, deputies=0)
    first, second = rak.reps[0], rak.reps[1]
    first.language_code = "en"
    reply = await h.send(first, "/settings")
    assert reply.text.startswith("Your reminders (private)\nMeetings: 7 days, 1 day, 2 hours")
    assert reply.last.buttons()[0][0][0] == "✅ Meeting: 7 days before"
    pressed = await h.press_label(first, reply.last, "Ballot")
    assert pressed.callback_answer is not None and pressed.callback_answer["text"] == "Saved."
    assert "Ballots: none" in reply.last.text
    assert await choices_of(h, first.id) == {"meeting_off_minutes": [], "ballots": False}
    await rak.start_ballot(question="Budget für 2027 bestätigen?", deadline="26.11.2026 12:00")
    await h.travel(timedelta(days=2, hours=3, minutes=30))  # 24 h before the deadline
    await h.travel(timedelta(hours=23))  # 1 h before
    reminded = [m.text for m in h.emu.messages_to(first.id) if m.text.startswith("Erinnerung")]
    assert reminded == []
    owed = [m.text for m in h.emu.messages_to(second.id) if "Erinnerung" in m.text]
    assert len(owed) == 2 and all("noch nicht abgestimmt" in text for text in owed)


async def test_choices_in_the_data_export_and_erased_with_the_data(harness: Harness) -> None:
    rak = await planned_rak(harness)
    anna = rak.reps[0]
    reply = await open_settings(harness, anna)
    await harness.press_label(anna, reply.last, "1 Tag vorher")
    await harness.press_label(anna, reply.last, "Abstimmung")
    export = await harness.send(anna, "/meine_daten")
    assert export.last.document is not None
    data = json.loads(export.last.document)
    assert data["mitgliedschaften"][0]["erinnerungen"] == {
        "sitzungen_abbestellt": "1 Tag vorher",
        "abstimmungen": "nein (abbestellt)",
    }
    bernds = json.loads((await harness.send(rak.reps[1], "/meine_daten")).last.document or b"")
    assert bernds["mitgliedschaften"][0]["erinnerungen"] == {
        "sitzungen_abbestellt": "keine",
        "abstimmungen": "ja",
    }
    asked = await harness.send(anna, "/daten_loeschen")
    await harness.press_label(anna, asked.last, "Ja, Daten löschen")

    async def stored(session: AsyncSession) -> list[Any]:
        rows = await session.scalars(
            select(Member.reminder_choices).where(Member.pseudonymised_at.is_not(None))
        )
        return list(rows)

    assert await harness.runtime.db.run(stored) == [None]
