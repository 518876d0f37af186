"""At most three appointment requests per person in 24 hours: the fourth is refused in German
before any question is asked, also after a restart (the count comes from the database), and
the office gets no more than three notices from one person."""

from __future__ import annotations

from datetime import timedelta

from rakbot.sandbox.models import FakeUser
from tests.e2e.harness import COORDINATOR_ID, Harness

REFUSED = "in den letzten 24 Stunden schon 3 Terminanfragen"


async def request(h: Harness, user: FakeUser, topic: str) -> str:
    """One whole request; the bot's last answer."""
    reply = await h.send(user, "/termin_anfragen")
    if "1/4" not in reply.text:
        return reply.text
    await h.send(user, "Sam Eiler")
    await h.send(user, topic)
    await h.send(user, "0391 1234567")
    summary = (await h.send(user, "jederzeit")).last
    await h.press_label(user, summary, "Absenden")
    return h.emu.last_message(summary.chat_id).text


def notices(h: Harness) -> list[str]:
    return [m.text for m in h.emu.messages_to(COORDINATOR_ID) if "Neue Terminanfrage" in m.text]


async def test_one_person_gets_three_requests_a_day_even_across_a_restart(
    harness: Harness,
) -> None:
    h = harness
    await h.send(h.coordinator(), "/start")
    sam = h.user("Sam")
    for number in range(1, 4):
        assert "Vorgangsnummer" in await request(h, sam, f"Anliegen Nummer {number}")
        h.clock.advance(timedelta(minutes=10))
    refused = await request(h, sam, "Anliegen Nummer 4")
    assert REFUSED in refused and "/kontakt" in refused
    # The next one is possible 24 hours after the first: Mo., 23.11.2026 09:00 + 24 h.
    assert "ab Di., 24.11.2026, 09:00 Uhr" in refused, refused

    await h.restart()
    assert REFUSED in await request(h, sam, "Anliegen Nummer 5")
    # Somebody else is not affected.
    assert "Vorgangsnummer" in await request(h, h.user("Tina"), "Ein anderes Anliegen")
    await h.deliver()
    assert len([n for n in notices(h) if "Anliegen Nummer" in n]) == 3

    # 24 hours after the first request one more is accepted, then the limit holds again.
    h.clock.advance(timedelta(hours=23, minutes=31))
    assert "Vorgangsnummer" in await request(h, sam, "Anliegen Nummer 6")
    assert REFUSED in await request(h, sam, "Anliegen Nummer 7")
    await h.deliver()
    assert len([n for n in notices(h) if "Anliegen Nummer" in n]) == 4
