"""The personal calendar subscription: read by a calendar library before and after a move and a
cancellation, renewed, and refused after revocation and after the membership ended."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import aiohttp
import pytest
from icalendar import Calendar

from rakbot.sandbox.emulator import BotApiEmulator
from tests.e2e.harness import Harness, free_port, make_settings, start_harness
from tests.e2e.meeting_setup import cancel_meeting_as, plan_meeting, setup_rak

PUBLIC = "https://rak.example.org"
ADDRESS = re.compile(re.escape(PUBLIC) + r"(/kalender/[A-Za-z0-9_-]+\.ics)")


@pytest.fixture
async def served(emulator: BotApiEmulator, database_url: str) -> AsyncIterator[Harness]:
    settings = make_settings(emulator, database_url, http_port=free_port(), public_url=PUBLIC)
    harness = await start_harness(emulator, settings)
    try:
        yield harness
    finally:
        await harness.bot.stop()
    emulator.assert_no_violations()


async def fetch(h: Harness, path: str) -> tuple[int, bytes, str]:
    assert h.bot.web is not None
    url = f"http://127.0.0.1:{h.bot.web.port}{path}"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.read(), response.headers.get("Content-Type", "")


def events(body: bytes) -> dict[str, dict[str, object]]:
    calendar = Calendar.from_ical(body)
    return {
        str(event["UID"]): {
            "start": event.decoded("DTSTART"),
            "sequence": int(event["SEQUENCE"]),
            "status": str(event["STATUS"]),
            "summary": str(event["SUMMARY"]),
            "location": str(event.get("LOCATION", "")),
        }
        for event in calendar.walk("VEVENT")
    }


async def test_feed_follows_moves_and_cancellations_until_revoked(served: Harness) -> None:
    h = served
    rak = await setup_rak(h)
    await plan_meeting(h, rak, "20.01.2027 10:00")
    await plan_meeting(h, rak, "17.02.2027 10:00")
    anna = rak.reps[0]
    reply = await h.send(anna, "/kalender")
    found = ADDRESS.search(reply.text)
    assert found is not None, reply.text
    path = found.group(1)

    status, body, kind = await fetch(h, path)
    assert status == 200 and kind.startswith("text/calendar")
    calendar = Calendar.from_ical(body)
    assert str(calendar["X-WR-CALNAME"]) == "RAK Landkreis Börde"
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H" or calendar.decoded("X-PUBLISHED-TTL")
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in body
    before = events(body)
    assert set(before) == {"meeting-1@rak-boerde.rakbot", "meeting-2@rak-boerde.rakbot"}
    first = before["meeting-1@rak-boerde.rakbot"]
    assert first["summary"] == "Sitzung des RAK Landkreis Börde"
    assert first["location"] == "Landratsamt Haldensleben, Raum 101"
    assert first["status"] == "CONFIRMED"

    # a move and a cancellation show up in the same feed, same UIDs, higher SEQUENCE
    renate = rak.coordinator
    asked = await h.send(renate, "/sitzung_verschieben 1 27.01.2027 14:00")
    await h.press_label(renate, asked.last, "Ja")
    await h.deliver()
    await cancel_meeting_as(h, renate, 2)
    after = events((await fetch(h, path))[1])
    moved, cancelled = after["meeting-1@rak-boerde.rakbot"], after["meeting-2@rak-boerde.rakbot"]
    assert moved["start"].strftime("%d.%m.%Y %H:%M") == "27.01.2027 14:00"
    assert moved["sequence"] > first["sequence"] and moved["status"] == "CONFIRMED"
    assert cancelled["status"] == "CANCELLED"
    assert cancelled["sequence"] > before["meeting-2@rak-boerde.rakbot"]["sequence"]

    # asked again: the address is not shown twice; a new one replaces the old
    again = await h.send(anna, "/kalender")
    assert ADDRESS.search(again.text) is None and "ist eingerichtet" in again.text
    renewed = await h.press_label(anna, again.last, "Neue Adresse")
    new_path = ADDRESS.search(h.emu.last_message(anna.id).text)
    assert renewed.callback_answer is not None and new_path is not None
    assert new_path.group(1) != path
    assert (await fetch(h, path))[0] == 404
    assert (await fetch(h, new_path.group(1)))[0] == 200

    # ended: the address answers 404 like any unknown one
    message = h.emu.last_message(anna.id)
    await h.press_label(anna, message, "Abo beenden")
    assert "beendet" in h.emu.last_message(anna.id).text
    assert (await fetch(h, new_path.group(1)))[0] == 404
    assert (await fetch(h, "/kalender/guessed.ics"))[0] == 404


async def test_feed_ends_with_the_membership_and_needs_a_member(served: Harness) -> None:
    h = served
    rak = await setup_rak(h)
    await plan_meeting(h, rak)
    bernd = rak.reps[1]
    path = ADDRESS.search((await h.send(bernd, "/kalender")).text)
    assert path is not None
    assert (await fetch(h, path.group(1)))[0] == 200
    reply = await h.send(bernd, "/daten_loeschen")
    await h.press_label(bernd, reply.last, "Ja, Daten löschen")
    await h.deliver()  # the office's notices go out before the next step
    assert (await fetch(h, path.group(1)))[0] == 404
    stranger = h.user("Mallory")
    reply = await h.send(stranger, "/kalender")
    assert "nur Mitgliedern" in reply.text
    reply = await h.send(rak.reps[0], "/kalender", chat=rak.group)
    assert reply.text.startswith("Ihr Kalender-Abo schicke ich Ihnen nur im privaten Chat")


async def test_without_a_public_address_the_office_setting_is_named(harness: Harness) -> None:
    rak = await setup_rak(harness)
    reply = await harness.send(rak.reps[0], "/kalender")
    assert "PUBLIC_URL" in reply.text and "/sitzung_ics" in reply.text
