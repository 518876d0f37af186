"""The pure rules of a meeting's Niederschrift: the TOP of a ballot, who was present; and the
rendered Markdown."""

from __future__ import annotations

from datetime import datetime

import pytest

from rakbot.domain.dates import BERLIN
from rakbot.domain.meeting_minutes import (
    Answer,
    Present,
    Seat,
    Voter,
    attendance,
    follow_agenda_edit,
    group_by_agenda,
)
from rakbot.i18n import translator
from rakbot.minutes import Item, MeetingMinutes, Topic, render_meeting


def berlin(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN)


AGENDA = ["Protokoll der letzten Sitzung", "Klausurort 2027", "Antrag Jobcoaching Börde", "TOP"]


def test_group_by_agenda_follows_the_stored_item_only() -> None:
    per_item, rest = group_by_agenda(
        len(AGENDA), [(1, 1), (2, None), (3, 1), (4, 2), (5, 7), (6, -1)]
    )
    assert per_item == [[], [1, 3], [4], []]
    # no item, or one the agenda no longer has: "Weitere Beschlüsse"
    assert rest == [2, 5, 6]


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


PLANNED = ["Protokoll", "Projektanträge Runde 3", "Verschiedenes"]


@pytest.mark.parametrize(
    ("new", "item", "expected"),
    [
        (["Begrüßung", *PLANNED], 1, 2),  # an item inserted above: the link moves along
        (["Projektanträge Runde 3", "Protokoll", "Verschiedenes"], 1, 0),  # reordered
        (["Protokoll", "Verschiedenes"], 1, None),  # the item was removed
        (["Protokoll", "Projektanträge der Runde 3", "Verschiedenes"], 1, 1),  # reworded in place
        (["Begrüßung", "Protokoll", "Anträge", "Verschiedenes"], 1, None),  # reworded and moved
        (PLANNED, None, None),
        ([], 1, None),
    ],
)
def test_a_ballot_link_follows_its_agenda_item(
    new: list[str], item: int | None, expected: int | None
) -> None:
    assert follow_agenda_edit(PLANNED, new, item) == expected


def test_a_repeated_item_text_keeps_its_occurrence() -> None:
    old = ["Bericht", "Antrag", "Bericht"]
    assert follow_agenda_edit(old, ["Begrüßung", *old], 2) == 3
    assert follow_agenda_edit(old, ["Begrüßung", *old], 0) == 1
