from datetime import UTC, datetime

from icalendar import Calendar

from rakbot.ics import calendar, uid
from storage.models import Meeting


def meeting(status: str = "planned", sequence: int = 0, month: int = 1) -> Meeting:
    return Meeting(
        id=7,
        starts_at=datetime(2027, month, 20, 9 if month == 1 else 8, tzinfo=UTC),
        ends_at=None,
        place="Landratsamt",
        video_url=None,
        agenda=["Protokoll", "Anträge"],
        status=status,
        sequence=sequence,
        updated_at=datetime(2026, 11, 23, tzinfo=UTC),
    )


def event_of(data: bytes) -> dict[str, object]:
    return Calendar.from_ical(data).walk("VEVENT")[0]


def test_uid_stable_berlin_time_and_timezone() -> None:
    data = calendar([meeting()], "Sitzung des RAK")
    event = event_of(data)
    assert str(event["UID"]) == uid(7) == "meeting-7@rak-boerde.rakbot"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTSTART").hour == 10
    assert "Anträge" in str(event["DESCRIPTION"])
    assert Calendar.from_ical(data).walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"


def test_summer_time_keeps_wall_clock() -> None:
    event = event_of(calendar([meeting(month=7)], "RAK"))
    assert event.decoded("DTSTART").hour == 10


def test_cancelled_and_sequence() -> None:
    first = event_of(calendar([meeting()], "RAK"))
    cancelled = event_of(calendar([meeting("cancelled", 2)], "RAK"))
    assert first["STATUS"] == "CONFIRMED" and cancelled["STATUS"] == "CANCELLED"
    assert str(first["UID"]) == str(cancelled["UID"])
    assert int(cancelled["SEQUENCE"]) == 2
