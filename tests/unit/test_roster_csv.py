from rakbot.services.roster_csv import HEADERS, Row, parse, render
from storage.models import Role

HEADER = ";".join(HEADERS)


def test_round_trip_keeps_every_field() -> None:
    rows = [
        Row(2, "Jana „JJ“; Jobcenter", Role.REPRESENTATIVE, "Jobcenter Börde", True,
            "03904 123456", "jana@example.de", 4711, True),
        Row(3, "Gast Ohne", Role.GUEST, None, False, None, None, None, False),
    ]  # fmt: skip
    parsed, errors = parse(render(rows))
    assert errors == []
    assert parsed == rows


def test_bad_rows_are_reported_with_line_numbers() -> None:
    text = "\n".join(
        [
            HEADER,
            "Anna;Vertretung;Jobcenter Börde;nein;;;1;ja",
            "Bernd;Chef;Jobcenter Börde;nein;;;;ja",
            "Carla;Stellvertretung;;nein;;;;ja",
            "Dora;Gast;;vielleicht;;;;ja",
            "Emil;Gast;;nein;;keine-mail;;ja",
            "Fritz;Gast;;nein;;;1;ja",
            "zu;wenig",
        ]
    )
    rows, errors = parse(text)
    assert [row.name for row in rows] == ["Anna"]
    assert [error.line for error in errors] == [3, 4, 5, 6, 7, 8]
    assert "Rolle" in errors[0].message and "doppelt" in errors[4].message


def test_wrong_header() -> None:
    rows, errors = parse("Name,Rolle\nx,y")
    assert rows == [] and errors[0].line == 1
