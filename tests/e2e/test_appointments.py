"""/termin_anfragen: the dialog, its checks, cancelling, a restart in the middle, forwarding."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from rakbot.sandbox.faults import FaultRule
from storage.models import AppointmentRequest, Outbox
from tests.e2e.harness import COORDINATOR_ID, Harness


async def _office_started_the_bot(harness: Harness) -> None:
    """Telegram delivers only to people who have started the bot once."""
    await harness.send(harness.coordinator(), "/start")


async def _count_requests(harness: Harness) -> int:
    return await harness.runtime.db.run(
        lambda s: s.scalar(select(func.count()).select_from(AppointmentRequest))
    )


async def test_request_is_stored_confirmed_and_forwarded(harness: Harness) -> None:
    await _office_started_the_bot(harness)
    anna = harness.user("Anna")
    reply = await harness.send(anna, "/termin_anfragen")
    assert "1/4" in reply.text and "/abbrechen" in reply.text
    assert "2/4" in (await harness.send(anna, "Anna Schulz")).text
    assert "3/4" in (await harness.send(anna, "Beratung zu Förderbereich B")).text
    assert "4/4" in (await harness.send(anna, "0391 1234567")).text
    summary = (await harness.send(anna, "Dienstags vormittags")).last
    assert "Anna Schulz" in summary.text and "Dienstags vormittags" in summary.text

    done = await harness.press_label(anna, summary, "Absenden")
    confirmation = harness.emu.last_message(summary.chat_id)
    assert "Vorgangsnummer: T-2026-0001" in confirmation.text
    assert done.callback_answer is not None

    await harness.deliver()
    notice = harness.emu.last_message(COORDINATOR_ID)
    assert "Neue Terminanfrage T-2026-0001" in notice.text
    assert "Beratung zu Förderbereich B" in notice.text and "0391 1234567" in notice.text
    assert await _count_requests(harness) == 1

    again = await harness.press(anna, summary, "ta:send")
    assert "bereits abgeschickt" in again.callback_answer["text"]
    assert await _count_requests(harness) == 1


async def test_bad_input_is_explained_and_nothing_lost(harness: Harness) -> None:
    anna = harness.user("Anna")
    await harness.send(anna, "/termin_anfragen")
    assert "zu kurz" in (await harness.send(anna, "A")).text
    assert "zu lang" in (await harness.send(anna, "x" * 150)).text
    await harness.send(anna, "Anna Schulz")
    await harness.send(anna, "Frage zum Antrag")
    reply = await harness.send(anna, "ruft mich an")
    assert "Telefonnummer oder E-Mail-Adresse" in reply.text
    assert "4/4" in (await harness.send(anna, "anna@example.org")).text


async def test_control_characters_are_removed(harness: Harness) -> None:
    anna = harness.user("Anna")
    await harness.send(anna, "/termin_anfragen")
    await harness.send(anna, "Anna\u202e Schulz\u200b")
    await harness.send(anna, "Thema")
    await harness.send(anna, "0391 1234567")
    summary = (await harness.send(anna, "Montag")).last
    assert "Name: Anna Schulz" in summary.text


async def test_cancel_at_any_step(harness: Harness) -> None:
    anna = harness.user("Anna")
    await harness.send(anna, "/termin_anfragen")
    await harness.send(anna, "Anna Schulz")
    reply = await harness.send(anna, "/abbrechen")
    assert "Abgebrochen" in reply.text
    reply = await harness.send(anna, "Alleinerziehende")
    assert "Förderbereich B" in reply.text
    assert "keine Eingabe" in (await harness.send(anna, "/abbrechen")).text


async def test_cancel_button_on_the_summary(harness: Harness) -> None:
    anna = harness.user("Anna")
    for text in ("/termin_anfragen", "Anna Schulz", "Thema", "0391 1234567", "Montag"):
        reply = await harness.send(anna, text)
    await harness.press_label(anna, reply.last, "Abbrechen")
    assert "abgebrochen" in harness.emu.last_message(reply.last.chat_id).text
    assert await _count_requests(harness) == 0


async def test_restart_in_the_middle_loses_nothing(harness: Harness) -> None:
    await _office_started_the_bot(harness)
    anna = harness.user("Anna")
    await harness.send(anna, "/termin_anfragen")
    await harness.send(anna, "Anna Schulz")
    await harness.restart()
    assert "3/4" in (await harness.send(anna, "Frage zu PRAXIS BO")).text
    await harness.send(anna, "0391 1234567")
    summary = (await harness.send(anna, "Freitag")).last
    assert "Frage zu PRAXIS BO" in summary.text and "Anna Schulz" in summary.text
    await harness.press_label(anna, summary, "Absenden")
    await harness.deliver()
    assert "T-2026-0001" in harness.emu.last_message(COORDINATOR_ID).text


async def test_forward_survives_telegram_errors(harness: Harness) -> None:
    await _office_started_the_bot(harness)
    anna = harness.user("Anna")
    for text in ("/termin_anfragen", "Anna Schulz", "Thema", "0391 1234567", "Montag"):
        reply = await harness.send(anna, text)
    harness.emu.add_fault(FaultRule(kind="500", method="sendMessage", chat_id=COORDINATOR_ID))
    await harness.press_label(anna, reply.last, "Absenden")
    await harness.deliver()
    rows = await harness.runtime.db.run(lambda s: s.scalars(select(Outbox)))
    # the office's notice (its reminder after two working days waits beside it)
    pending = [
        row for row in rows.all() if row.status == "pending" and row.kind == "appointment_office"
    ]
    assert len(pending) == 1 and pending[0].attempts == 1
    await harness.travel(timedelta(minutes=1))
    notices = [m for m in harness.emu.messages_to(COORDINATOR_ID) if "T-2026" in m.text]
    assert len(notices) == 1


async def test_in_a_group_it_points_to_the_private_chat(harness: Harness) -> None:
    anna = harness.user("Anna")
    group = harness.emu.group("RAK Börde")
    reply = await harness.send(anna, "/termin_anfragen", chat=group)
    assert "privaten Chat" in reply.text
