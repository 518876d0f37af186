"""Appointment requests the office works on: reply, proposed date (confirmed with an .ics, or
declined), done, /anfragen, /meine_anfragen, the reminder after two working days, access."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from rakbot.outbox_kinds import RENDERERS
from rakbot.sandbox.emulator import BotApiEmulator
from rakbot.sandbox.models import FakeUser, SentMessage
from rakbot.scheduler import Dispatcher
from rakbot.services import roster
from rakbot.services.roster import NewMember
from storage.db import Database
from storage.models import AppointmentRequest, AuditEntry, Outbox, Role
from tests.e2e.harness import COORDINATOR_ID, Harness, make_settings, start_harness

SECOND_COORDINATOR_ID = 900002


async def request(harness: Harness, user: FakeUser, name: str, topic: str) -> str:
    """An applicant's request through the dialog; its reference."""
    for text in ("/termin_anfragen", name, topic, "0391 1234567"):
        await harness.send(user, text)
    summary = (await harness.send(user, "Dienstags vormittags")).last
    await harness.press_label(user, summary, "Absenden")
    confirmation = harness.emu.last_message(summary.chat_id)
    return confirmation.text.split("Vorgangsnummer: ")[1].split("\n")[0]


def office_cards(
    harness: Harness, reference: str, chat_id: int = COORDINATOR_ID
) -> list[SentMessage]:
    return [m for m in harness.emu.messages_to(chat_id) if reference in m.text and m.buttons()]


def texts_to(harness: Harness, chat_id: int, part: str) -> list[str]:
    return [m.text for m in harness.emu.messages_to(chat_id) if part in m.text]


async def actions(harness: Harness) -> list[str]:
    rows = await harness.runtime.db.run(
        lambda s: s.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.action.startswith("appointment."))
            .order_by(AuditEntry.id)
        )
    )
    return list(rows)


@pytest.fixture
async def office(harness: Harness) -> FakeUser:
    renate = harness.coordinator()
    await harness.send(renate, "/start")  # Telegram delivers only to people who started the bot
    return renate


async def test_reply_goes_to_the_applicant_once(harness: Harness, office: FakeUser) -> None:
    anna = harness.user("Anna")
    reference = await request(harness, anna, "Anna Schulz", "Beratung zu Förderbereich B")
    await harness.deliver()
    card = office_cards(harness, reference)[-1]
    assert "Neue Terminanfrage T-2026-0001" in card.text and "Stand: eingegangen" in card.text
    assert [label for row in card.buttons() for label, _ in row] == [
        "✉️ Antworten",
        "📅 Termin vorschlagen",
        "✅ Erledigt",
    ]

    prompt = await harness.press_label(office, card, "Antworten")
    assert "Ihre Antwort an Anna Schulz (T-2026-0001)" in prompt.text
    await harness.restart()  # the step is stored: the next text is still the reply
    assert "zu kurz" in (await harness.send(office, "x")).text
    assert "zu lang" in (await harness.send(office, "x" * 3001)).text
    reply = await harness.send(office, "Gern! Rufen Sie mich bitte am Dienstag an <b>.")
    assert "Ihre Antwort geht an Anna Schulz (T-2026-0001). Stand: beantwortet." in reply.text
    await harness.restart()
    await harness.deliver()
    answers = texts_to(harness, anna.id, "Antwort der Regionalen Koordination")
    assert len(answers) == 1 and "am Dienstag an <b>." in answers[0]
    # the dialog ended with the reply: the next text is a question to the desk again
    assert "Antwort geht an" not in (await harness.send(office, "Danke")).text

    mine = await harness.send(anna, "/meine_anfragen")
    assert "T-2026-0001" in mine.text and "Stand: beantwortet" in mine.text
    assert await actions(harness) == ["appointment.requested", "appointment.answered"]
    log = await harness.send(office, "/protokoll")
    assert "Terminanfrage beantwortet" in log.text


async def propose(harness: Harness, office: FakeUser, card: SentMessage, typed: str) -> None:
    await harness.press_label(office, card, "Termin vorschlagen")
    confirm = (await harness.send(office, typed)).last
    assert "Diesen Termin vorschlagen?" in confirm.text
    await harness.press_label(office, confirm, "Ja")
    await harness.deliver()


async def test_proposed_date_confirmed_brings_an_ics(harness: Harness, office: FakeUser) -> None:
    anna, bernd = harness.user("Anna"), harness.user("Bernd")
    reference = await request(harness, anna, "Anna Schulz", "Frage zu PRAXIS BO")
    await harness.deliver()
    card = office_cards(harness, reference)[-1]

    prompt = await harness.press_label(office, card, "Termin vorschlagen")
    assert "An welchem Tag und um wie viel Uhr" in prompt.text
    wrong = await harness.send(office, "morgen")
    assert "Bitte geben Sie auch die Uhrzeit an." in wrong.text and "So geht es" in wrong.text
    assert "gibt es nicht im Kalender" in (await harness.send(office, "31.11.2026 10:00")).text
    assert "Vergangenheit" in (await harness.send(office, "20.11.2026 10:00")).text
    holiday = (await harness.send(office, "25.12.2026 10:00")).last
    assert "Feiertag in Sachsen-Anhalt (Erster Weihnachtstag)" in holiday.text
    again = await harness.press_label(office, holiday, "Nein")
    assert "Dann bitte noch einmal" in holiday.text and again.callback_answer is not None
    confirm = (await harness.send(office, "02.12.2026 10:00")).last
    assert "Verstanden: Mittwoch, 2. Dezember 2026, 10:00 Uhr" in confirm.text
    sent = await harness.press_label(office, confirm, "Ja")
    assert "unterwegs" in harness.emu.last_message(COORDINATOR_ID).text
    assert sent.callback_answer is not None
    await harness.deliver()

    proposal = harness.emu.last_message(anna.id)
    assert "Terminvorschlag" in proposal.text and "Mi., 02.12.2026, 10:00 Uhr" in proposal.text
    data = [d for row in proposal.buttons() for _, d in row]
    assert data == ["az:1:1:y", "az:1:1:n"]
    # someone else pressing (or forging) Anna's buttons changes nothing
    other = await harness.press(bernd, proposal, "az:1:1:y")
    assert "nicht mehr gültig" in other.callback_answer["text"]
    for forged in ("az:1:1:x", "az:x:1:y", "az:99999999999:1:y", "az:1:y"):
        answer = await harness.press(anna, proposal, forged)
        assert "nicht mehr gültig" in answer.callback_answer["text"], forged
    stale = await harness.press(anna, proposal, "az:1:0:y")
    assert "gilt nicht mehr" in stale.callback_answer["text"]

    yes = await harness.press_label(anna, proposal, "Zusagen")
    assert yes.callback_answer["text"] == "Gespeichert"
    assert "Sie haben den Termin Mi., 02.12.2026, 10:00 Uhr zugesagt" in proposal.text
    again = await harness.press(anna, proposal, "az:1:1:y")
    assert "bereits zugesagt" in again.callback_answer["text"]
    also_no = await harness.press(anna, proposal, "az:1:1:n")
    assert "bereits zugesagt" in also_no.callback_answer["text"]
    await harness.deliver()

    files = [m for m in harness.emu.messages_to(anna.id) if m.document is not None]
    assert len(files) == 1 and files[0].filename == "termin-T-2026-0001.ics"
    ics = files[0].document.decode()
    assert "DTSTART;TZID=Europe/Berlin:20261202T100000" in ics
    assert "UID:appointment-T-2026-0001@" in ics
    assert len(texts_to(harness, COORDINATOR_ID, "Termin zugesagt: T-2026-0001")) == 1
    mine = await harness.send(anna, "/meine_anfragen")
    assert "Stand: Termin zugesagt: Mi., 02.12.2026, 10:00 Uhr" in mine.text
    assert await actions(harness) == [
        "appointment.requested",
        "appointment.proposed",
        "appointment.confirmed",
    ]
    log = (await harness.send(office, "/protokoll")).text
    assert "Termin zugesagt – T-2026-0001 (antragstellende Person)" in log
    assert "Termin vorgeschlagen – T-2026-0001 (Renate Breier)" in log


async def test_declined_date_tells_the_office_and_a_new_one_replaces_it(
    harness: Harness, office: FakeUser
) -> None:
    anna = harness.user("Anna")
    reference = await request(harness, anna, "Anna Schulz", "Frage zu PRAXIS BO")
    await harness.deliver()
    await propose(harness, office, office_cards(harness, reference)[-1], "02.12.2026 10:00")
    first = harness.emu.last_message(anna.id)
    no = await harness.press_label(anna, first, "Absagen")
    assert no.callback_answer["text"] == "Gespeichert" and "abgesagt" in first.text
    await harness.deliver()
    declined = office_cards(harness, "Termin abgesagt: T-2026-0001")
    assert len(declined) == 1 and "Stand: Termin abgesagt: Mi., 02.12.2026" in declined[0].text
    assert not [m for m in harness.emu.messages_to(anna.id) if m.document is not None]

    # the office proposes another date from the notice; the old proposal's buttons are void
    await propose(harness, office, declined[0], "03.12.2026 14:30")
    second = harness.emu.last_message(anna.id)
    assert "Do., 03.12.2026, 14:30 Uhr" in second.text
    stale = await harness.press(anna, first, "az:1:1:y")
    assert "gilt nicht mehr" in stale.callback_answer["text"]
    await harness.press_label(anna, second, "Zusagen")
    await harness.deliver()
    files = [m for m in harness.emu.messages_to(anna.id) if m.document is not None]
    assert len(files) == 1 and "20261203T143000" in files[0].document.decode()
    assert (await actions(harness))[-4:] == [
        "appointment.proposed",
        "appointment.declined",
        "appointment.proposed",
        "appointment.confirmed",
    ]


async def test_done_once_and_final(emulator: BotApiEmulator, database_url: str) -> None:
    settings = make_settings(
        emulator, database_url, coordinator_ids=[COORDINATOR_ID, SECOND_COORDINATOR_ID]
    )
    harness = await start_harness(emulator, settings)
    try:
        renate = harness.coordinator()
        gerd = harness.user("Gerd", user_id=SECOND_COORDINATOR_ID)
        for person in (renate, gerd):
            await harness.send(person, "/start")
        anna = harness.user("Anna")
        reference = await request(harness, anna, "Anna Schulz", "Beratung")
        await harness.deliver()
        card, gerds_card = (
            office_cards(harness, reference)[-1],
            office_cards(harness, reference, SECOND_COORDINATOR_ID)[-1],
        )
        done = await harness.press_label(renate, card, "Erledigt")
        assert done.callback_answer["text"] == "Als erledigt markiert."
        assert "Stand: erledigt: Mo., 23.11.2026, 09:00 Uhr" in card.text and not card.buttons()

        twice = await harness.press_label(gerd, gerds_card, "Erledigt")
        assert (
            "Schon erledigt: T-2026-0001 wurde am Mo., 23.11.2026, 09:00 Uhr"
            in (twice.callback_answer["text"])
        )
        assert not gerds_card.buttons()
        late = await harness.press(gerd, gerds_card, "ak:r:1")
        assert "bereits erledigt" in late.callback_answer["text"]
        late = await harness.press(gerd, gerds_card, "ak:p:1")
        assert "bereits erledigt" in late.callback_answer["text"]
        gone = await harness.press(gerd, gerds_card, "ak:d:999")
        assert "gibt es nicht" in gone.callback_answer["text"]
        for forged in ("ak:x:1", "ak:d", "ak:d:abc", "ak:ok:1"):
            answer = await harness.press(gerd, gerds_card, forged)
            assert "nicht mehr gültig" in answer.callback_answer["text"], forged
        # "Ja" under a date nobody typed
        stale = await harness.press(gerd, gerds_card, "ak:ok")
        assert "nicht mehr gültig" in stale.callback_answer["text"]

        assert "Keine offenen Terminanfragen" in (await harness.send(renate, "/anfragen")).text
        assert "Stand: erledigt" in (await harness.send(anna, "/meine_anfragen")).text
        assert await actions(harness) == ["appointment.requested", "appointment.done"]
    finally:
        await harness.bot.stop()
    emulator.assert_no_violations()


async def test_open_requests_oldest_first_with_age(harness: Harness, office: FakeUser) -> None:
    anna, bernd, carla = harness.user("Anna"), harness.user("Bernd"), harness.user("Carla")
    await request(harness, anna, "Anna Schulz", "Erste Frage")
    await harness.travel(timedelta(days=2))
    await request(harness, bernd, "Bernd Meier", "Zweite Frage")
    await harness.travel(timedelta(days=1))
    third = await request(harness, carla, "Carla Roth", "Dritte Frage")
    await harness.deliver()
    await harness.press_label(office, office_cards(harness, third)[-1], "Erledigt")

    listing = await harness.send(office, "/anfragen")
    assert listing.messages[0].text == "2 offene Terminanfragen, die älteste zuerst:"
    first, second = listing.messages[1:]
    assert "Terminanfrage T-2026-0001" in first.text and "(seit 3 Tagen)" in first.text
    assert "Terminanfrage T-2026-0002" in second.text and "(seit 1 Tag)" in second.text
    assert first.buttons() and second.buttons()
    # the list's buttons act like the card's
    prompt = await harness.press_label(office, second, "Antworten")
    assert "Bernd Meier (T-2026-0002)" in prompt.text


async def test_only_the_office_uses_office_buttons(harness: Harness, office: FakeUser) -> None:
    anna = harness.user("Anna")
    guest = harness.user("Gabi")
    await roster.add_member(
        harness.runtime, NewMember(guest.id, "Gabi Gast", Role.GUEST, None), actor_member_id=None
    )
    reference = await request(harness, anna, "Anna Schulz", "Beratung")
    await harness.deliver()
    card = office_cards(harness, reference)[-1]
    for person in (anna, guest):
        for data in ("ak:r:1", "ak:p:1", "ak:d:1", "ak:ok"):
            answer = await harness.press(person, card, data)
            assert "Das darf nur die Regionale Koordination." in answer.callback_answer["text"]
        refused = await harness.send(person, "/anfragen")
        assert "Das darf nur die Regionale Koordination." in refused.text
    assert "Stand: eingegangen" in (await harness.send(anna, "/meine_anfragen")).text
    assert await actions(harness) == ["appointment.requested"]


async def test_english_alias_and_no_requests(harness: Harness) -> None:
    emma, anna = harness.user("Emma", language_code="en"), harness.user("Anna")
    reply = await harness.send(emma, "/my_requests")
    assert "There is no appointment request from you" in reply.text
    assert "/appointment" in reply.text
    assert "/termin_anfragen" in (await harness.send(anna, "/meine_anfragen")).text
    group = harness.emu.group("RAK Börde")
    # what the bot writes into a group is German, whoever asks
    assert "im privaten Chat" in (await harness.send(emma, "/my_requests", chat=group)).text


# ----- the reminder ------------------------------------------------------------------------------

#: Wednesday before Christmas: Thursday is a working day, Friday 25 and Saturday 26 are public
#: holidays, then Sunday: the second working day is Monday 28.12.
CHRISTMAS_REQUEST = datetime.fromisoformat("2026-12-23T10:00:00+01:00")
REMINDER_DUE = datetime.fromisoformat("2026-12-28T10:00:00+01:00")


def reminders(harness: Harness) -> list[str]:
    return texts_to(harness, COORDINATOR_ID, "Erinnerung: Terminanfrage")


async def test_reminder_once_after_two_working_days(harness: Harness, office: FakeUser) -> None:
    harness.clock.set(CHRISTMAS_REQUEST)
    anna = harness.user("Anna")
    await request(harness, anna, "Anna Schulz", "Beratung zu Bereich B")
    await harness.deliver()
    await harness.travel(timedelta(days=2))  # Friday, a holiday: nothing yet
    assert reminders(harness) == []
    await harness.bot.stop()  # down over the weekend
    harness.clock.set(REMINDER_DUE - timedelta(minutes=1))
    await harness.restart()
    await harness.deliver()
    assert reminders(harness) == []
    await harness.travel(timedelta(minutes=1))
    sent = reminders(harness)
    assert len(sent) == 1
    assert "T-2026-0001 wartet seit 2 Arbeitstagen auf Antwort" in sent[0]
    assert "(seit 5 Tagen)" in sent[0]
    await harness.restart()
    await harness.travel(timedelta(days=3))
    assert len(reminders(harness)) == 1
    reminder = next(m for m in harness.emu.messages_to(COORDINATOR_ID) if "Erinnerung" in m.text)
    assert [label for row in reminder.buttons() for label, _ in row][-1] == "✅ Erledigt"


async def test_no_reminder_once_someone_acted(harness: Harness, office: FakeUser) -> None:
    anna = harness.user("Anna")
    reference = await request(harness, anna, "Anna Schulz", "Beratung")  # Monday 09:00
    await harness.deliver()
    await harness.press_label(office, office_cards(harness, reference)[-1], "Antworten")
    await harness.send(office, "Wir rufen Sie an.")
    await harness.travel(timedelta(days=2))
    assert reminders(harness) == []

    async def statuses(session):  # type: ignore[no-untyped-def]
        rows = await session.scalars(select(Outbox).where(Outbox.kind == "appointment_reminder"))
        return [row.status for row in rows]

    assert await harness.runtime.db.run(statuses) == ["skipped"]


async def test_two_processes_remind_once(harness: Harness, office: FakeUser) -> None:
    if harness.runtime.db.dialect != "postgresql":
        pytest.skip("two processes on one database: PostgreSQL only")
    anna = harness.user("Anna")
    await request(harness, anna, "Anna Schulz", "Beratung")  # Monday 09:00 → Wednesday 09:00
    await harness.deliver()
    url = harness.settings.database_url
    bot = harness.bot.application.bot
    workers = []
    for name in ("one", "two"):
        runtime = dataclasses.replace(harness.runtime, db=Database(url), worker_id=name)
        workers.append(Dispatcher(runtime, bot, None, renderers=dict(RENDERERS)))
    try:
        harness.clock.set(datetime.fromisoformat("2026-11-25T09:00:00+01:00"))
        # the bot's own dispatcher (its sweep runs too) competes with the two others
        closed = await asyncio.gather(harness.deliver(), *(worker.run_due() for worker in workers))
        # (its background sweep may take the row as well; what counts is one message)
        assert sum(closed) <= 1
    finally:
        for worker in workers:
            await worker.runtime.db.dispose()
    assert len(reminders(harness)) == 1


# ----- retention ---------------------------------------------------------------------------------


async def my_data(harness: Harness, user: FakeUser) -> list[dict[str, str]]:
    reply = await harness.send(user, "/meine_daten")
    assert reply.last.document is not None
    return json.loads(reply.last.document)["terminanfragen"]  # type: ignore[no-any-return]


async def test_done_requests_are_anonymised_after_the_retention_period(
    harness: Harness, office: FakeUser
) -> None:
    anna = harness.user("Anna")
    done = await request(harness, anna, "Anna Schulz", "Erste Frage zu Bereich B")
    await harness.deliver()
    card = office_cards(harness, done)[-1]
    await harness.press_label(office, card, "Antworten")
    await harness.send(office, "Wir haben Ihnen geschrieben.")
    await harness.press_label(office, card, "Erledigt")
    still_open = await request(harness, anna, "Anna Schulz", "Zweite Frage zu Bereich C")
    await harness.deliver()
    before = await my_data(harness, anna)
    assert [r["vorgang"] for r in before] == [done, still_open]
    assert before[0]["name"] == "Anna Schulz" and before[0]["status"] == "erledigt"
    assert before[0]["wird_anonymisiert_ab"] == "Di., 25.05.2027, 10:00 Uhr"
    assert before[1]["wird_anonymisiert_ab"] is None

    # a day before the period ends: a restart (which purges) keeps it
    await harness.travel(timedelta(days=182))
    await harness.restart()
    assert len(await my_data(harness, anna)) == 2
    await harness.travel(timedelta(days=1, minutes=1))
    assert await harness.bot.purge_expired() == 1
    assert await harness.bot.purge_expired() == 0
    after = await my_data(harness, anna)
    assert [r["vorgang"] for r in after] == [still_open]
    mine = await harness.send(anna, "/meine_anfragen")
    assert still_open in mine.text and done not in mine.text and "Erste Frage" not in mine.text

    async def stored(session):  # type: ignore[no-untyped-def]
        row = await session.scalar(
            select(AppointmentRequest).where(AppointmentRequest.reference == done)
        )
        rows = await session.scalars(
            select(Outbox).where(Outbox.dedup_key.startswith("appointment:1:"))
        )
        return row, list(rows)

    row, messages = await harness.runtime.db.run(stored)
    assert (row.name, row.topic, row.contact, row.preferred_days) == ("gelöscht",) * 4
    assert row.telegram_user_id is None and row.status == "done" and row.anonymised_at is not None
    assert messages and all(m.payload == {} for m in messages)
    assert all(m.chat_id is None for m in messages if ":applicant:" in m.dedup_key)
    assert (await actions(harness))[-1] == "appointment.anonymised"
    log = await harness.send(office, "/protokoll")
    assert "Terminanfrage nach Ablauf der Frist anonymisiert" in log.text


async def test_privacy_notice_states_the_configured_period(
    emulator: BotApiEmulator, database_url: str
) -> None:
    settings = make_settings(emulator, database_url, appointment_retention_days=30)
    harness = await start_harness(emulator, settings)
    try:
        anna, emma = harness.user("Anna"), harness.user("Emma", language_code="en")
        notice = await harness.send(anna, "/datenschutz")
        assert "Terminanfragen werden 30 Tage nach ihrer Erledigung anonymisiert" in notice.text
        english = await harness.send(emma, "/privacy")
        assert "anonymised 30 days after they are done" in english.text
    finally:
        await harness.bot.stop()
    emulator.assert_no_violations()


async def test_default_period_in_the_privacy_notice(harness: Harness) -> None:
    notice = await harness.send(harness.user("Anna"), "/datenschutz")
    assert "183 Tage (etwa 6 Monate) nach ihrer Erledigung" in notice.text


OFFICE_CHAT_ID = -1001000000777


async def test_office_chat_buttons_continue_in_the_private_chat(
    emulator: BotApiEmulator, database_url: str
) -> None:
    settings = make_settings(emulator, database_url, coordinator_chat_id=OFFICE_CHAT_ID)
    harness = await start_harness(emulator, settings)
    try:
        office_chat = harness.emu.group("REKO Büro", chat_id=OFFICE_CHAT_ID)
        renate, anna = harness.coordinator(), harness.user("Anna")
        reference = await request(harness, anna, "Anna Schulz", "Beratung")
        await harness.deliver()
        card = office_cards(harness, reference, office_chat.id)[-1]
        # Renate never started the private chat: the bot cannot write there yet
        harness.emu.never_started(renate)
        refused = await harness.press_label(renate, card, "Antworten")
        assert "Bitte schreiben Sie mir zuerst privat" in refused.callback_answer["text"]
        await harness.send(renate, "/start")
        pressed = await harness.press_label(renate, card, "Antworten")
        assert pressed.callback_answer["text"] == "Weiter im privaten Chat."
        prompt = harness.emu.last_message(renate.id)
        assert "Ihre Antwort an Anna Schulz" in prompt.text
        await harness.send(renate, "Wir melden uns morgen telefonisch.")
        await harness.deliver()
        assert texts_to(harness, anna.id, "Wir melden uns morgen telefonisch.")
    finally:
        await harness.bot.stop()
    emulator.assert_no_violations()
