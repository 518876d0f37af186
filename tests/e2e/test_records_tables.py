"""/tabelle end to end: the roster, the votes of open ballots and a round's report as XLSX
(opened with openpyxl and checked cell by cell) and as CSV (read back with `;`)."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from rakbot.sandbox.models import SentMessage
from tests.e2e.ballot_setup import setup_rak
from tests.e2e.harness import Harness, Reply
from tests.e2e.records_setup import scored_round

pytestmark = pytest.mark.usefixtures("warm_renderer")


def documents(reply: Reply) -> list[SentMessage]:
    found = [m for m in reply.messages if m.kind == "document"]
    assert found, [m.text for m in reply.messages]
    return found


def read_csv(message: SentMessage) -> list[list[str]]:
    data = message.document or b""
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for German Excel
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


async def test_round_report_as_xlsx_and_csv(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    await scored_round(rak)
    reply = await h.send(rak.office, "/tabelle runde 1")
    (sent,) = documents(reply)
    assert sent.filename == "wettbewerb-1-2026-11-23.xlsx"
    assert "Bericht zum Wettbewerb Nr. 1" in sent.text
    book = load_workbook(io.BytesIO(sent.document or b""))
    assert book.sheetnames == ["Rangfolge", "Budget"]
    ranking = book["Rangfolge"]
    assert [c.value for c in ranking[1]] == [
        "Förderbereich",
        "Rang",
        "Antrag Nr.",
        "Titel",
        "Antragsteller",
        "Betrag",
        "Mittelwert Punkte",
        "Bewertende",
        "Ausgewählt",
        "Begründung",
    ]
    assert ranking.freeze_panes == "A2"
    assert ranking.auto_filter.ref == "A1:J6"
    rows = [[c.value for c in row] for row in ranking.iter_rows(min_row=2)]
    assert rows[0] == [
        "A",
        1,
        1,
        "Jobcoaching Börde",
        "Bildungswerk Nord",
        120000,
        9,
        5,
        "ja",
        "ausgewählt",
    ]
    assert rows[1][:4] == ["A", 2, 2, "Ausbildung plus"]
    assert rows[1][6:] == [8, 4, "nein", "passt nicht mehr ins Budget"]
    # a title that looks like a formula stays text
    assert rows[2][3] == "=Werkstatt 4.0" and ranking["D4"].data_type == "s"
    assert rows[3][8:] == ["nein", "nicht ausgewählt"]
    assert rows[4][:3] == ["C", 1, 5] and rows[4][6] == 6
    assert ranking["F2"].number_format == '#,##0.00 "€"'
    budget = book["Budget"]
    assert [[c.value for c in row] for row in budget.iter_rows()] == [
        ["Förderbereich", "Budget", "Ausgewählt", "Verbleibend", "Anträge", "Davon ausgewählt"],
        ["A", 200000, 190000, 10000, 4, 2],
        ["C", 50000, 40000, 10000, 1, 1],
    ]
    assert budget["D2"].number_format == '#,##0.00 "€"' and budget.freeze_panes == "A2"

    reply = await h.send(rak.office, "/tabelle runde 1 csv")
    ranking_csv, budget_csv = documents(reply)
    assert ranking_csv.filename == "wettbewerb-1-2026-11-23-rangfolge.csv"
    lines = read_csv(ranking_csv)
    assert lines[0][:3] == ["Förderbereich", "Rang", "Antrag Nr."]
    assert lines[1] == [
        "A",
        "1",
        "1",
        "Jobcoaching Börde",
        "Bildungswerk Nord",
        "120000,00",
        "9,00",
        "5",
        "ja",
        "ausgewählt",
    ]
    assert lines[3][3] == "'=Werkstatt 4.0"  # defused for spreadsheets
    assert read_csv(budget_csv)[1] == ["A", "200000,00", "190000,00", "10000,00", "4", "2"]

    reply = await h.send(rak.office, "/tabelle runde 7")
    assert "Einen Wettbewerb Nr. 7 gibt es nicht." in reply.text


async def test_roster_and_votes_of_open_ballots(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=1)
    open_ballot = await rak.start_ballot(question="Offene Frage?")
    await h.press(rak.reps[0], open_ballot, "v:1:y")
    await h.press(rak.deputies[0], open_ballot, "v:1:n")
    await h.press(rak.reps[1], open_ballot, "v:1:a")
    secret = await rak.start_ballot(question="Geheime Frage?", secret=True)
    await h.press(rak.reps[2], secret, "v:2:n")

    (sent,) = documents(await h.send(rak.office, "/tabelle abstimmungen"))
    sheet = load_workbook(io.BytesIO(sent.document or b""))["Stimmen"]
    assert sheet["A1"].value == "Abstimmung Nr." and sheet["L1"].value == "Auswahl"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:N3"
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    # the secret ballot is not in it at all
    assert [(r[0], r[1], r[8], r[9], r[10], r[11]) for r in rows] == [
        (1, "Offene Frage?", rak.institutions[0][1], "Rep0 Vertreter", "Vertretung", "Ja"),
        (1, "Offene Frage?", rak.institutions[1][1], "Rep1 Vertreter", "Vertretung", "Enthaltung"),
    ]
    assert isinstance(rows[0][12], datetime) and rows[0][12].hour == 9  # Berlin wall time
    assert sheet["M2"].number_format == "DD.MM.YYYY HH:MM"
    assert "Geheime Frage?" not in (sent.document or b"").decode("latin-1")

    (votes_csv,) = documents(await h.send(rak.office, "/tabelle abstimmungen csv"))
    lines = read_csv(votes_csv)
    assert lines[0][11] == "Auswahl" and len(lines) == 3
    assert lines[1][12] == "23.11.2026 09:00"

    (roster,) = documents(await h.send(rak.office, "/tabelle mitglieder"))
    sheet = load_workbook(io.BytesIO(roster.document or b""))["Mitglieder"]
    header = [c.value for c in sheet[1]]
    assert header == [
        "Name",
        "Rolle",
        "Institution",
        "Koordination",
        "Telefon",
        "E-Mail",
        "Telegram-ID",
        "Aktiv",
    ]
    names = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert names["Dep0 Stellvertreter"][1].value == "Stellvertretung"
    assert names["Rep0 Vertreter"][6].value == rak.reps[0].id

    (roster_csv,) = documents(await h.send(rak.office, "/tabelle mitglieder csv"))
    assert read_csv(roster_csv)[0][0] == "Name"


async def test_tables_refuse_bad_input_and_others(harness: Harness) -> None:
    h = harness
    rak = await setup_rak(h, deputies=0)
    for typed in (
        "/tabelle",
        "/tabelle runde",
        "/tabelle runde x",
        "/tabelle pdf",
        "/tabelle runde 1 2",
    ):
        reply = await h.send(rak.office, typed)
        assert "So geht es:" in reply.text, typed
    reply = await h.send(rak.reps[0], "/tabelle mitglieder")
    assert "Das darf nur die Regionale Koordination." in reply.text
    reply = await h.send(rak.office, "/tabelle mitglieder", chat=rak.group)
    assert "nur im privaten Chat" in reply.text
