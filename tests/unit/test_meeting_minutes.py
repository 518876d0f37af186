"""The pure rules of a meeting's Niederschrift: the meeting of a ballot, the TOP of a ballot,
who was present; and the rendered Markdown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rakbot.domain.dates import BERLIN
from rakbot.domain.meeting_minutes import (
    Answer,
    MeetingSlot,
    Present,
    Seat,
    Voter,
    agenda_item_for,
    attendance,
    group_by_agenda,
    meeting_for_ballot,
)
from rakbot.i18n import translator
from rakbot.minutes import Item, MeetingMinutes, Topic, render_meeting


def berlin(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN)


def slot(mid: int, start: str, end: str | None = None, *, cancelled: bool = False) -> MeetingSlot:
    return MeetingSlot(mid, berlin(start), berlin(end) if end else None, cancelled)


MORNING = slot(1, "2026-11-24T10:00", "2026-11-24T12:30")
AFTERNOON = slot(2, "2026-11-24T15:00", "2026-11-24T16:00")
NEXT_DAY = slot(3, "2026-11-25T10:00", "2026-11-25T12:00")


def test_running_meeting_wins() -> None:
    at = berlin("2026-11-24T11:00")
    assert meeting_for_ballot(at, [AFTERNOON, MORNING, NEXT_DAY]) == 1


def test_next_meeting_later_the_same_day() -> None:
    assert meeting_for_ballot(berlin("2026-11-24T08:00"), [AFTERNOON, MORNING]) == 1
    assert meeting_for_ballot(berlin("2026-11-24T13:00"), [AFTERNOON, MORNING]) == 2


def test_meeting_running_over_its_planned_end() -> None:
    assert meeting_for_ballot(berlin("2026-11-24T13:00"), [MORNING]) == 1
    assert meeting_for_ballot(berlin("2026-11-24T23:59"), [MORNING, AFTERNOON]) == 2


def test_other_days_and_cancelled_meetings_never_count() -> None:
    assert meeting_for_ballot(berlin("2026-11-24T09:00"), [NEXT_DAY]) is None
    assert meeting_for_ballot(berlin("2026-11-25T00:30"), [MORNING]) is None
    cancelled = slot(4, "2026-11-24T10:00", "2026-11-24T12:00", cancelled=True)
    assert meeting_for_ballot(berlin("2026-11-24T10:30"), [cancelled]) is None
    assert meeting_for_ballot(berlin("2026-11-24T10:30"), [cancelled, AFTERNOON]) == 2
    assert meeting_for_ballot(berlin("2026-11-24T10:30"), []) is None


def test_open_end_runs_until_the_end_of_the_day() -> None:
    open_end = slot(5, "2026-11-24T18:00")
    assert meeting_for_ballot(berlin("2026-11-24T22:00"), [open_end, MORNING]) == 5


def test_berlin_calendar_day_not_utc() -> None:
    # 00:30 Berlin on 24.11. is 23:30 UTC on 23.11.: still the Berlin day of the meeting.
    at = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    assert meeting_for_ballot(at, [MORNING]) == 1
    # Summer time: 00:30 Berlin on 01.07. is 22:30 UTC on 30.06.
    summer = slot(6, "2027-07-01T10:00", "2027-07-01T12:00")
    assert meeting_for_ballot(datetime(2027, 6, 30, 22, 30, tzinfo=UTC), [summer]) == 6
    assert meeting_for_ballot(datetime(2027, 6, 30, 21, 59, tzinfo=UTC), [summer]) is None


def test_two_running_meetings_the_later_started_one() -> None:
    long = slot(7, "2026-11-24T09:00", "2026-11-24T17:00")
    assert meeting_for_ballot(berlin("2026-11-24T11:00"), [long, MORNING]) == 1
    twin = MeetingSlot(8, MORNING.starts_at, MORNING.ends_at)
    assert meeting_for_ballot(berlin("2026-11-24T11:00"), [twin, MORNING]) == 1
    assert meeting_for_ballot(berlin("2026-11-24T11:00") + timedelta(hours=3), [twin]) == 8


AGENDA = ["Protokoll der letzten Sitzung", "Klausurort 2027", "Antrag Jobcoaching Börde", "TOP"]


def test_agenda_line_in_question_or_title_in_agenda_line() -> None:
    assert agenda_item_for(AGENDA, ["Wo ist der Klausurort 2027?", None]) == 1
    assert (
        agenda_item_for(AGENDA, ["Soll Antrag Nr. 1 gefördert werden?", "Jobcoaching Börde"]) == 2
    )
    # umlaut spelling, case and punctuation do not matter
    assert agenda_item_for(AGENDA, ["x", "JOBCOACHING boerde!"]) == 2


def test_no_match_means_further_resolutions() -> None:
    assert agenda_item_for(AGENDA, ["Wo findet die Klausur statt?", None]) is None
    assert agenda_item_for([], ["Klausurort 2027"]) is None
    # whole words only: "Rat" is not in "Beratung"; lines shorter than 4 letters never match
    assert agenda_item_for(["Beratung"], ["Rat"]) is None
    assert agenda_item_for(["TOP", "AB"], ["TOP AB Frage"]) is None


def test_first_matching_line_wins() -> None:
    agenda = ["Klausur", "Klausurort 2027 Klausur"]
    assert agenda_item_for(agenda, ["Klausur im Januar"]) == 0
    assert agenda_item_for(agenda, ["Klausurort 2027"]) == 1


def test_group_by_agenda_keeps_order() -> None:
    per_item, rest = group_by_agenda(
        AGENDA,
        [
            (1, ("Klausurort 2027?", None)),
            (2, ("Freie Frage", None)),
            (3, ("Nochmal Klausurort 2027", None)),
            (4, ("Förderung?", "Jobcoaching Börde")),
        ],
    )
    assert per_item == [[], [1, 3], [4], []]
    assert rest == [2]


SEATS = [
    Seat(1, "Jobcenter"),
    Seat(2, "IHK"),
    Seat(3, "HWK"),
    Seat(4, "DGB"),
    Seat(5, "Gast", False),
]


def test_attendance_basis_names_and_absence() -> None:
    record = attendance(
        SEATS,
        [
            Answer(1, "Anna", "yes"),
            Answer(2, "Bernd", "proxy"),
            Answer(3, "Carla", "no"),
            Answer(None, "Renate", "yes"),
            Answer(5, "Gustav", "yes"),
        ],
        [Voter(1, "Dora"), Voter(1, "Dora"), Voter(2, None), Voter(1, None)],
    )
    assert record.present == (
        Present("Jobcenter", ("Dora", "Anna"), voted=True),
        Present("IHK", (), voted=True, proxy=True),
        Present("Gast", ("Gustav",), voted=False),
    )
    assert record.absent == (("HWK", True), ("DGB", False))
    assert record.others == ("Renate",)


def test_attendance_confirmed_only() -> None:
    record = attendance(SEATS[:2], [Answer(2, "Bernd", "yes")], [])
    assert record.present == (Present("IHK", ("Bernd",), voted=False),)
    assert record.absent == (("Jobcenter", False),)


def item(number: int, question: str, excluded: list[str] | None = None) -> Item:
    return Item(
        number=number,
        question=question,
        proposal=None,
        procedure="Abstimmung in der Sitzung, offen",
        result={"excluded": excluded or []},
        result_line="Angenommen – 2 Ja, 0 Nein, 0 Enthaltungen",
        votes=["2 Ja, 0 Nein, 0 Enthaltungen"],
    )


def test_render_meeting_structure() -> None:
    t = translator("de")
    record = attendance(
        SEATS[:3], [Answer(2, "Bernd", "yes"), Answer(3, "Carla", "no")], [Voter(1, "Anna")]
    )
    text = render_meeting(
        t,
        MeetingMinutes(
            committee="RAK Landkreis Börde",
            number=3,
            place="Landratsamt",
            starts_at=berlin("2026-11-24T10:00"),
            ends_at=berlin("2026-11-24T12:30"),
            chair="Regionale Koordination",
            attendance=record,
            topics=[Topic("Protokoll"), Topic("Klausur", [item(1, "Klausur\nort?", ["HWK"])])],
            further=[item(2, "Freie Frage")],
            written=[item(3, "Umlauf")],
            previous_at=berlin("2026-10-20T10:00"),
        ),
    )
    assert text.startswith("# Niederschrift der Sitzung Nr. 3 – RAK Landkreis Börde\n")
    assert (
        "**Ort und Datum:** Landratsamt, Dienstag, 24. November 2026, 10:00 Uhr bis 12:30 Uhr"
        in text
    )
    assert "**Vorsitz:** Regionale Koordination" in text
    assert "- Jobcenter: Anna (hat abgestimmt)" in text
    assert "- IHK: Bernd (laut Rückmeldung)" in text
    assert "**Nicht anwesend:** HWK (entschuldigt)" in text
    assert "- TOP 1: Protokoll\n- TOP 2: Klausur" in text
    assert "## TOP 1: Protokoll\nKeine Abstimmung zu diesem Punkt." in text
    assert "## TOP 2: Klausur\n\n### Abstimmung Nr. 1\n**Beschlussvorlage:** Klausur ort?" in text
    assert "**Befangen (nicht mitgestimmt):** HWK" in text
    assert text.index("## Weitere Beschlüsse") < text.index(
        "### Abstimmung Nr. 2\n**Beschlussvorlage:** Freie Frage"
    )
    assert "## Im Umlaufverfahren gefasste Beschlüsse" in text
    assert "seit der Sitzung am Dienstag, 20. Oktober 2026, 10:00 Uhr" in text
    assert "über den Bot nicht abgestimmt" not in text


def test_render_meeting_without_agenda_and_ballots() -> None:
    t = translator("de")
    text = render_meeting(
        t,
        MeetingMinutes(
            committee="RAK",
            number=1,
            place="–",
            starts_at=berlin("2026-11-24T10:00"),
            ends_at=None,
            chair="Frau Vorsitzende",
            attendance=attendance(SEATS[:1], [], []),
        ),
    )
    assert "Keine Tagesordnung hinterlegt." in text
    assert "In dieser Sitzung wurde über den Bot nicht abgestimmt." in text
    assert "- niemand erfasst" in text
    assert "10:00 Uhr bis" not in text
    assert "Umlaufverfahren" not in text
