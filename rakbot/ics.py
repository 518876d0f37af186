"""iCalendar (.ics) for meetings: one file per meeting and a feed of all of them.

The UID depends only on the meeting's id, so importing an updated file replaces the entry in
Outlook instead of adding a second one; SEQUENCE counts the changes; a cancelled meeting is
exported with STATUS:CANCELLED. Times are written in Europe/Berlin with its VTIMEZONE.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from icalendar import Calendar, Event

from rakbot.domain.dates import as_berlin
from storage.models import Meeting

UID_DOMAIN = "rak-boerde.rakbot"
DEFAULT_DURATION = timedelta(hours=2)


def uid(meeting_id: int) -> str:
    return f"meeting-{meeting_id}@{UID_DOMAIN}"


def event(meeting: Meeting, title: str) -> Event:
    item = Event()
    item.add("uid", uid(meeting.id))
    item.add("dtstamp", meeting.updated_at)
    item.add("dtstart", as_berlin(meeting.starts_at))
    ends = meeting.ends_at or meeting.starts_at + DEFAULT_DURATION
    item.add("dtend", as_berlin(ends))
    item.add("summary", title)
    item.add("sequence", meeting.sequence)
    item.add("status", "CANCELLED" if meeting.status == "cancelled" else "CONFIRMED")
    if meeting.place:
        item.add("location", meeting.place)
    if meeting.video_url:
        item.add("url", meeting.video_url)
    if meeting.agenda:
        lines = [f"{n}. {entry}" for n, entry in enumerate(meeting.agenda, 1)]
        item.add("description", "Tagesordnung:\n" + "\n".join(lines))
    return item


def calendar(meetings: Iterable[Meeting], title: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//RAK Landkreis Börde//rakbot//DE")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", title)
    for meeting in meetings:
        cal.add_component(event(meeting, title))
    cal.add_missing_timezones()
    return cal.to_ical()


#: how often a subscribed calendar should fetch the feed again (RFC 7986 and Outlook's name)
REFRESH = timedelta(hours=1)


def feed(meetings: Iterable[Meeting], calendar_name: str, event_title: str) -> bytes:
    """A subscription feed: every meeting as its own event (stable UID, SEQUENCE, STATUS),
    named `event_title` with its own place; the calendar itself is `calendar_name`. Outlook
    reads X-PUBLISHED-TTL, other clients REFRESH-INTERVAL."""
    cal = Calendar()
    cal.add("prodid", "-//RAK Landkreis Börde//rakbot//DE")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar_name)
    cal.add("name", calendar_name)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", REFRESH)
    for meeting in meetings:
        cal.add_component(event(meeting, event_title))
    cal.add_missing_timezones()
    return cal.to_ical()


def filename(meeting_id: int) -> str:
    return f"rak-sitzung-{meeting_id}.ics"


#: how long an appointment with the office is entered in the calendar
APPOINTMENT_DURATION = timedelta(hours=1)


def appointment(
    reference: str, starts_at: datetime, title: str, location: str, stamp: datetime
) -> bytes:
    """One confirmed appointment with the office: its UID follows the request's reference, so
    a later date for the same request replaces the entry."""
    cal = Calendar()
    cal.add("prodid", "-//RAK Landkreis Börde//rakbot//DE")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    item = Event()
    item.add("uid", f"appointment-{reference}@{UID_DOMAIN}")
    item.add("dtstamp", stamp)
    item.add("dtstart", as_berlin(starts_at))
    item.add("dtend", as_berlin(starts_at + APPOINTMENT_DURATION))
    item.add("summary", title)
    item.add("location", location)
    item.add("status", "CONFIRMED")
    cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()


def appointment_filename(reference: str) -> str:
    return f"termin-{reference}.ics"
