"""Meetings end to end: the /sitzung_neu dialog, answers and quorum, lists, .ics, move, cancel."""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rakbot.sandbox.models import FakeUser
from rakbot.services import roster
from rakbot.services.roster import NewMember
from storage.models import Meeting, MeetingSeries, Role
from tests.e2e.harness import Harness
from tests.e2e.meeting_setup import (
    CARD_SLOT,
    announced_card,
    cancel_meeting_as,
    institution_ids,
    plan_meeting,
    setup_rak,
)


async def test_date_input_refused_with_examples_then_confirmed(harness: Harness) -> None:
    rak = await setup_rak(harness)
    renate = rak.coordinator
    await harness.send(renate, "/sitzung_neu")
    for bad, reason in [
        ("irgendwann", "verstehe ich nicht"),
        ("01.02.2020 10:00", "Vergangenheit"),
        ("20.01.2027", "Uhrzeit"),
        ("28.03.2027 02:30", "Sommerzeit"),
        ("1/2/2027 10:00", "nicht eindeutig"),
        ("gestern 10 Uhr", "Vergangenheit"),
        ("morgen 25:00", "Diese Uhrzeit gibt es nicht"),
        ("Dienstag, 20.01.2027, 10:00 Uhr", "Wochentag und Datum passen nicht zusammen"),
    ]:
        reply = await harness.send(renate, bad)
        assert reason in reply.text, (bad, reply.text)
        # the example lies two weeks after the harness clock (23.11.2026)
        assert "07.12.2026 10:00" in reply.text and "nächsten Mittwoch 9:30" in reply.text
    reply = await harness.send(renate, "20. Januar 2027, 10:30")
    assert "Mittwoch, 20. Januar 2027, 10:30 Uhr" in reply.text
    await harness.press_label(renate, reply.last, "Nein")
    reply = await harness.send(renate, "20.1.27 10 Uhr")
    assert "Mittwoch, 20. Januar 2027, 10:00 Uhr" in reply.text
    reply = await harness.press_label(renate, reply.last, "Ja")
    assert "Wo findet die Sitzung statt" in reply.text


async def test_non_coordinator_cannot_plan(harness: Harness) -> None:
    rak = await setup_rak(harness)
    reply = await harness.send(rak.reps[0], "/sitzung_neu")
    assert "Regionale Koordination" in reply.text
    assert harness.emu.messages_to(rak.group.id) == []


async def test_announcement_answers_and_quorum(harness: Harness) -> None:
    rak = await setup_rak(harness)
    await plan_meeting(harness, rak)
    card = harness.emu.last_message(rak.group.id)
    assert "Mittwoch, 20. Januar 2027, 10:00 Uhr bis 12:30 Uhr" in card.text
    assert "Projektanträge Runde 3" in card.text
    assert "noch nicht (0 von 8" in card.text
    anna, bernd, carla = rak.reps
    await harness.press_label(anna, card, "Zusage")
    await harness.press_label(bernd, card, "Stellvertretung kommt")
    reply = await harness.press_label(carla, card, "Absage")
    assert reply.callback_answer is not None
    # The first answer edits the card at once, the rest of the slot in one edit at its end.
    await harness.travel(CARD_SLOT)
    card = harness.emu.last_message(rak.group.id)
    assert "✅ kommt: Anna" in card.text and "Stellvertretung kommt" in card.text
    assert "abgesagt" in card.text and "2 von 8" in card.text
    # Changing an answer updates the same message; guests of the bot cannot answer.
    await harness.press_label(carla, card, "Zusage")
    outsider = harness.user("Egon")
    reply = await harness.press_label(outsider, card, "Zusage")
    assert reply.callback_answer and "nur Mitgliedern" in reply.callback_answer["text"]
    await harness.travel(CARD_SLOT)
    card = harness.emu.last_message(rak.group.id)
    assert "3 von 8" in card.text and "Egon" not in card.text
    # Five of eight represented: quorum expected.
    ids = await institution_ids(harness)
    for index, name in [(3, "Emil"), (4, "Frieda")]:
        user = harness.user(name)
        await roster.add_member(
            harness.runtime,
            NewMember(user.id, name, Role.REPRESENTATIVE, institution_id=ids[index]),
            actor_member_id=None,
        )
        await harness.press_label(user, card, "Zusage")
    await harness.travel(CARD_SLOT)
    card = harness.emu.last_message(rak.group.id)
    assert "Beschlussfähigkeit erwartet: ja (5 von 8" in card.text
    reply = await harness.send(anna, "/naechste_sitzung")
    assert "Protokoll" in reply.text and "Anna" in reply.text
    # After the start nobody can change the answer any more.
    harness.clock.set(harness.clock.now().replace(year=2027, month=1, day=20, hour=9, minute=1))
    reply = await harness.press_label(anna, card, "Absage")
    assert reply.callback_answer and "keine Antworten mehr" in reply.callback_answer["text"]


async def test_forged_answer_button_changes_nothing(harness: Harness) -> None:
    rak = await setup_rak(harness)
    await plan_meeting(harness, rak)
    card = harness.emu.last_message(rak.group.id)
    reply = await harness.press(rak.reps[0], card, "mr:999:y")
    assert reply.callback_answer and "gibt es nicht" in reply.callback_answer["text"]
    reply = await harness.press(rak.reps[0], card, "mr:1:x")
    assert reply.callback_answer and "nicht mehr gültig" in reply.callback_answer["text"]
    assert "0 von 8" in harness.emu.last_message(rak.group.id).text


async def test_series_lists_and_past(harness: Harness) -> None:
    rak = await setup_rak(harness)
    await plan_meeting(harness, rak, "06.01.2027 10:00", "jeden ersten Mittwoch im Quartal")
    reply = await harness.send(rak.reps[0], "/termine")
    for day in ("06.01.2027", "07.04.2027", "07.07.2027", "06.10.2027"):
        assert day in reply.text
    series = await harness.runtime.db.run(lambda s: s.scalar(select(MeetingSeries)))
    assert series is not None and "BYDAY=+1WE" in (series.rrule or "")

    # Summer time: the April meeting is still at 10:00 Berlin, i.e. 08:00 UTC.
    async def starts(session: AsyncSession) -> list[int]:
        found = await session.scalars(select(Meeting.starts_at).order_by(Meeting.starts_at))
        return [moment.hour for moment in found]

    hours = await harness.runtime.db.run(starts)
    assert hours[:2] == [9, 8]
    await harness.travel(timedelta(days=60))
    reply = await harness.send(rak.reps[0], "/termine alt")
    assert "06.01.2027" in reply.text and "07.04.2027" not in reply.text


async def test_ics_document_parsed_back(harness: Harness) -> None:
    rak = await setup_rak(harness)
    await plan_meeting(harness, rak)
    anna = rak.reps[0]
    await harness.send(anna, "/start")
    card = harness.emu.last_message(rak.group.id)
    reply = await harness.press_label(anna, card, "Kalender")
    document = next(m for m in reply.messages if m.kind == "document")
    assert document.chat_id == anna.id and document.filename == "rak-sitzung-1.ics"
    first = Calendar.from_ical(document.document)
    event = first.walk("VEVENT")[0]
    assert str(event["UID"]) == "meeting-1@rak-boerde.rakbot"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTSTART").hour == 10
    assert first.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
    await cancel_meeting_as(harness, rak.coordinator, 1)
    for wrong in ("/sitzung_ics abc", "/sitzung_ics alt", "/sitzung_ics 1 2"):
        refused = await harness.send(anna, wrong)
        assert refused.text.startswith("So geht es: /sitzung_ics 3"), wrong
    reply = await harness.send(anna, "/sitzung_ics 1")
    second = Calendar.from_ical(reply.last.document).walk("VEVENT")[0]
    # typed in the group, the file still goes only into the private chat
    reply = await harness.send(anna, "/sitzung_ics 1", chat=rak.group)
    document = next(m for m in reply.messages if m.kind == "document")
    assert document.chat_id == anna.id
    assert [m.text for m in reply.messages if m.chat_id == rak.group.id] == [
        "Die Kalenderdatei ist in Ihrem privaten Chat."
    ]
    assert str(second["UID"]) == str(event["UID"])
    assert second["STATUS"] == "CANCELLED" and int(second["SEQUENCE"]) > int(event["SEQUENCE"])


async def test_move_and_cancel_notify_confirmed(harness: Harness) -> None:
    rak = await setup_rak(harness)
    await plan_meeting(harness, rak)
    anna, bernd, _ = rak.reps
    card = harness.emu.last_message(rak.group.id)
    await harness.press_label(anna, card, "Zusage")
    await harness.press_label(bernd, card, "Absage")
    renate = rak.coordinator
    reply = await harness.send(renate, "/sitzung_verschieben 1 20.01.2027 10:00")
    reply = await harness.press_label(renate, reply.last, "Ja")
    assert reply.text == "Die Sitzung beginnt schon zu diesem Zeitpunkt; nichts geändert."
    reply = await harness.send(renate, "/sitzung_verschieben 99 27.01.2027 14 Uhr")
    assert reply.text == "Diese Sitzung gibt es nicht. Die Nummern zeigt /termine."
    reply = await harness.send(renate, "/sitzung_verschieben 1 27.01.2027 14 Uhr")
    assert "Mittwoch, 27. Januar 2027, 14:00 Uhr" in reply.text
    reply = await harness.press_label(renate, reply.last, "Ja")
    assert "1 Person" in reply.text
    await harness.deliver()
    notice = harness.emu.last_message(anna.id)
    assert "verschoben auf Mittwoch, 27. Januar 2027, 14:00 Uhr" in notice.text
    assert all("verschoben" not in m.text for m in harness.emu.messages_to(bernd.id))
    assert "27. Januar 2027, 14:00 Uhr" in harness.emu.last_message(rak.group.id).text
    reply = await harness.send(renate, "/sitzung_absagen 1")
    assert reply.text.startswith("Sitzung Nr. 1 am Mittwoch, 27. Januar 2027, 14:00 Uhr absagen?")
    await harness.press_label(renate, reply.last, "Nein")
    assert harness.emu.last_message(renate.id).text == "Nichts geändert."
    reply = await cancel_meeting_as(harness, renate, 1)
    assert "Die Gruppe erfährt es mit einer eigenen Nachricht." in reply.text
    await harness.deliver()
    assert "abgesagt" in harness.emu.last_message(anna.id).text
    group = harness.emu.messages_to(rak.group.id)
    assert "ABGESAGT" in group[0].text and group[0].buttons() == []
    # Moving and cancelling are posted in the group too: editing the card notifies nobody.
    assert [m.text.splitlines()[0] for m in group[1:]] == [
        "Die Sitzung vom Mittwoch, 20. Januar 2027, 10:00 Uhr wurde verschoben auf Mittwoch, "
        "27. Januar 2027, 14:00 Uhr.",
        "Die Sitzung am Mittwoch, 27. Januar 2027, 14:00 Uhr ist abgesagt.",
    ]
    reply = await harness.send(renate, "/sitzung_absagen 1")
    assert "abgesagt oder hat schon begonnen" in reply.text


async def answer_up_to_the_series(harness: Harness, office: FakeUser, start: str) -> None:
    """/sitzung_neu with `start`, a place, no agenda, no end: the next answer is the series."""
    await harness.send(office, "/sitzung_neu")
    reply = await harness.send(office, start)
    await harness.press_label(office, reply.last, "Ja")
    for answer in ("Landratsamt Haldensleben, Raum 101", "-", "-"):
        await harness.send(office, answer)


async def test_date_list_series_refuses_past_dates_and_counts_right(harness: Harness) -> None:
    rak = await setup_rak(harness)
    renate = rak.coordinator
    await answer_up_to_the_series(harness, renate, "20.01.2027 10:00")
    reply = await harness.send(renate, "01.01.2026, 17.03.2027")
    assert reply.text.startswith("Donnerstag, 1. Januar 2026, 10:00 Uhr liegt in der Vergangenheit")
    reply = await harness.send(renate, "17.03.2027, 12.05.2027")
    assert "Termine der Reihe (3):" in reply.text and "Wiederholung" not in reply.text
    await harness.press_label(renate, reply.last, "Speichern")
    count = await harness.runtime.db.run(lambda s: s.scalar(select(func.count(Meeting.id))))
    assert count == 3


async def test_series_summary_points_out_a_start_outside_the_rule_and_weekends(
    harness: Harness,
) -> None:
    rak = await setup_rak(harness)
    renate = rak.coordinator
    await answer_up_to_the_series(harness, renate, "09.01.2027 10:00")
    reply = await harness.send(renate, "jeden ersten Mittwoch im Quartal")
    assert "Hinweis: Der erste Termin gehört nicht zur Regel" in reply.text
    assert "Hinweis: 1 Termin fällt auf ein Wochenende." in reply.text  # Sa., 09.01.2027


async def test_a_main_menu_button_during_a_dialog_ends_it_and_does_its_job(
    harness: Harness,
) -> None:
    rak = await setup_rak(harness)
    renate = rak.coordinator
    await harness.send(renate, "/sitzung_neu")
    reply = await harness.send(renate, "📞 Kontakt")
    assert (
        reply.messages[0].text == "Die laufende Eingabe ist abgebrochen; nichts wurde gespeichert."
    )
    assert "Bornsche Straße 2" in reply.text
    # The dialog is over: a date now is a question for the FAQ, not a meeting.
    reply = await harness.send(renate, "20.01.2027 10:00")
    assert "Stimmt das?" not in reply.text and "Mittwoch, 20. Januar 2027" not in reply.text


async def test_a_meeting_on_a_public_holiday_is_pointed_out(harness: Harness) -> None:
    rak = await setup_rak(harness)
    await harness.send(rak.coordinator, "/sitzung_neu")
    reply = await harness.send(rak.coordinator, "31.10.2027 10 Uhr")
    assert "Hinweis: Der 31.10.2027 ist ein Feiertag (Reformationstag)." in reply.text
    reply = await harness.send(rak.coordinator, "20.01.2027 10 Uhr")
    assert "Feiertag" not in reply.text


async def test_vertretung_kommt_is_the_representatives_answer(harness: Harness) -> None:
    rak = await setup_rak(harness)
    await plan_meeting(harness, rak)
    card = harness.emu.last_message(rak.group.id)
    anna, dora = rak.reps[0], rak.deputy  # same institution
    refused = await harness.press_label(dora, card, "Stellvertretung kommt")
    assert refused.callback_answer is not None
    assert "sagt die Vertretung einer Institution" in refused.callback_answer["text"]
    await harness.press_label(anna, card, "Stellvertretung kommt")
    await harness.travel(CARD_SLOT)
    assert "(1 von 8" in (await announced_card(harness, rak.group.id)).text
    # The deputy cannot come after all: the announcement no longer counts, the line for the
    # institution says so (card and /naechste_sitzung alike), and Anna hears of it at once.
    await harness.press_label(dora, card, "Absage")
    await harness.travel(CARD_SLOT)
    shown = (await announced_card(harness, rak.group.id)).text
    assert "(0 von 8" in shown
    line = next(row for row in shown.splitlines() if row.startswith("• Agentur"))
    assert line.endswith("❌ Stellvertretung angekündigt, hat aber abgesagt"), line
    assert "🔁 Stellvertretung kommt" not in shown
    private = (await harness.send(anna, "/naechste_sitzung")).text
    assert line in private and "(0 von 8" in private
    told = [m.text for m in harness.emu.messages_to(anna.id) if m.text.startswith("⚠️")]
    assert told == [
        "⚠️ Ihre Stellvertretung Dora hat für die Sitzung am Mi., 20.01.2027, 10:00 Uhr "
        "abgesagt; Ihre Institution ist damit nicht vertreten. Kommen Sie selbst? Antworten "
        "Sie mit /naechste_sitzung (Zusage oder Absage)."
    ]


async def test_a_meeting_under_way_is_still_listed(harness: Harness) -> None:
    rak = await setup_rak(harness)
    await plan_meeting(harness, rak)  # 20.01.2027 10:00 to 12:30
    harness.clock.set(datetime.fromisoformat("2027-01-20T10:42:00+01:00"))
    reply = await harness.send(rak.reps[0], "/termine")
    assert "20.01.2027" in reply.text
    assert "Raum 101" in (await harness.send(rak.reps[0], "/naechste_sitzung")).text
    assert "20.01.2027" not in (await harness.send(rak.reps[0], "/termine alt")).text
    harness.clock.set(datetime.fromisoformat("2027-01-20T12:31:00+01:00"))
    assert "20.01.2027" in (await harness.send(rak.reps[0], "/termine alt")).text
    assert (await harness.send(rak.reps[0], "/termine")).text == "Keine Sitzungen geplant."


async def test_an_answer_on_the_private_card_updates_that_card(harness: Harness) -> None:
    rak = await setup_rak(harness)
    await plan_meeting(harness, rak)
    bernd = rak.reps[1]
    shown = (await harness.send(bernd, "/naechste_sitzung")).last
    assert "kommt: Bernd" not in shown.text
    await harness.press_label(bernd, shown, "Zusage")
    now_shown = next(
        m
        for m in harness.emu.messages
        if m.chat_id == shown.chat_id and m.message_id == shown.message_id
    )
    assert "kommt: Bernd" in now_shown.text
