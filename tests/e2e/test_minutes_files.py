"""/niederschrift sitzung as PDF and DOCX for a meeting with three ballots – one with a conflict
of interest, one secret, one written procedure reported to it – read back (pypdf, python-docx)
and checked for every part German committee minutes need."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from docx import Document
from pypdf import PdfReader

from tests.e2e.harness import Harness
from tests.e2e.meeting_setup import plan_meeting_as
from tests.e2e.test_meeting_minutes import run_meeting

pytestmark = pytest.mark.usefixtures("warm_renderer")


def pdf_text(data: bytes) -> tuple[list[str], PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    return [page.extract_text() for page in reader.pages], reader


async def test_meeting_minutes_as_pdf_and_docx(harness: Harness) -> None:
    h = harness
    rak = await run_meeting(h)
    names = [name for _id, name in rak.institutions]
    await h.send(rak.office, "/sitzung_vorsitz 1 Dr. Maria Beispiel (IHK)")
    reply = await h.send(rak.office, "/niederschrift sitzung 1")
    pdf_message, docx_message = reply.messages
    assert pdf_message.filename == "niederschrift-sitzung-1.pdf"
    assert "Niederschrift der Sitzung Nr. 1 vom 23.11.2026" in pdf_message.text
    assert docx_message.filename == "niederschrift-sitzung-1.docx"
    data = pdf_message.document or b""
    assert data.startswith(b"%PDF-")
    pages, reader = pdf_text(data)
    # the running text without each page's head (status) and foot (page number)
    body = [
        re.sub(r"Seite \d+ von \d+\s*$", "", page).replace("ENTWURF – noch nicht genehmigt", "", 1)
        for page in pages
    ]
    flat = " ".join(" ".join(body).split())
    # PDF/A with embedded fonts, the document's metadata
    assert b"pdfaid:part" in data  # PDF/A identification in the XMP metadata
    xmp = reader.xmp_metadata
    assert xmp is not None and xmp.dc_title == {"x-default": "Niederschrift der Sitzung Nr. 1"}
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert all("DejaVu" in font for font in fonts), fonts
    # the draft status and the page count on every page
    for number, page in enumerate(pages, start=1):
        assert "ENTWURF – noch nicht genehmigt" in page
        assert f"Seite {number} von {len(pages)}" in page
    # head: committee, place, date, start and end, chair, minute-taker
    assert "Niederschrift" in flat and "über die Sitzung Nr. 1 – RAK Landkreis Börde" in flat
    for label, value in [
        ("Gremium", "RAK Landkreis Börde"),
        ("Ort", "Landratsamt Haldensleben, Raum 101"),
        ("Datum", "23.11.2026"),
        ("Beginn", "10:00 Uhr"),
        ("Ende", "12:30 Uhr"),
        ("Vorsitz", "Dr. Maria Beispiel (IHK)"),
        ("Protokollführung", "Renate Breier"),  # the coordinator who made it: her Telegram name
    ]:
        assert f"{label} {value}" in flat, label
    # present per institution with role, absent
    assert f"{names[0]} Rep0 Vertreter (Vertretung) – hat abgestimmt" in flat
    assert (
        f"{names[1]} Dep1 Stellvertreter (Stellvertretung), Stellvertretung angekündigt – "
        "hat abgestimmt" in flat
    )
    assert f"{names[3]} Rep3 Vertreter (Vertretung) – laut Rückmeldung" in flat
    assert f"Nicht anwesend {names[2]} (entschuldigt), {names[4]}" in flat
    assert "Rep7" not in flat  # voted only in the secret ballot
    # the agenda items in order, each with its ballots
    agenda = flat.index("Tagesordnung")
    assert flat.index("TOP 1: Protokoll", agenda) < flat.index("TOP 4: Verschiedenes", agenda)
    headings = flat.index("TOP 4: Verschiedenes", agenda) + 1
    tops = [
        flat.index(f"TOP {n}: {title}", headings)
        for n, title in enumerate(
            [
                "Protokoll der letzten Sitzung",
                "Antrag Jobcoaching Börde",
                "Klausurort 2027",
                "Verschiedenes",
            ],
            start=1,
        )
    ]
    assert tops == sorted(tops)
    conflict = flat[tops[1] : tops[2]]
    assert "Abstimmung Nr. 2" in conflict and "Antrag Jobcoaching Börde" in conflict
    assert "Beschlussvorlage Soll der Antrag Nr. 1" in conflict
    assert (
        "Ergebnis Angenommen – 2 Ja, 1 Nein, 1 Enthaltung; beschlussfähig (4 von 7 "
        f"stimmberechtigten Institutionen; 1 befangen: {names[4]})" in conflict
    )
    assert f"Befangen (nicht mitgestimmt) {names[4]}" in conflict
    secret = flat[tops[2] : tops[3]]
    assert "Verfahren Abstimmung in der Sitzung, geheim" in secret
    assert "Angenommen – 4 Ja, 1 Nein, 0 Enthaltungen" in secret
    assert "Keine Abstimmung zu diesem Punkt." in flat[tops[0] : tops[1]]
    # the written procedure reported to the meeting
    written = flat[flat.index("Im Umlaufverfahren gefasste Beschlüsse") :]
    assert "Abstimmung Nr. 1" in written and "Umlauf: Geschäftsordnung ändern?" in written
    assert f"Widerspruch von {names[5]}" in written
    # signature lines for the chair and the minute-taker, on the last page
    last = " ".join(pages[-1].split())
    assert "Ort, Datum, Vorsitz Dr. Maria Beispiel (IHK)" in last or (
        "Ort, Datum, Vorsitz" in last and "Dr. Maria Beispiel (IHK)" in last
    )
    assert "Ort, Datum, Protokollführung Renate Breier" in last
    assert re.search(r"_{20,}", last)

    document = Document(io.BytesIO(docx_message.document or b""))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert document.sections[0].header.paragraphs[0].text == "ENTWURF – noch nicht genehmigt"
    assert "über die Sitzung Nr. 1 – RAK Landkreis Börde" in paragraphs
    assert "TOP 2: Antrag Jobcoaching Börde" in paragraphs
    assert "Im Umlaufverfahren gefasste Beschlüsse" in paragraphs
    assert "Protokollführung" in cells and "Renate Breier" in cells
    assert f"{names[4]}" in cells  # the excluded institution named
    assert "Ort, Datum, Vorsitz" in cells and "Dr. Maria Beispiel (IHK)" in cells
    assert document.core_properties.title == "Niederschrift der Sitzung Nr. 1"


APPROVED = "Genehmigt in der Sitzung Nr. 2 am 30.11.2026"


async def test_minutes_approved_at_a_later_meeting_say_so_on_every_page(harness: Harness) -> None:
    h = harness
    rak = await run_meeting(h)
    office = rak.office
    await plan_meeting_as(
        h, office, "30.11.2026 10:00", agenda="Genehmigung der Niederschrift\nVerschiedenes"
    )
    # bad input, and the rule: approved in a later meeting that has begun
    for command, answer in [
        ("/niederschrift_genehmigen", "So geht es:"),
        ("/niederschrift_genehmigen eins", "So geht es:"),
        ("/niederschrift_genehmigen 1 2 3", "So geht es:"),
        ("/niederschrift_genehmigen 0", "So geht es:"),
        ("/niederschrift_genehmigen 9", "Eine Sitzung Nr. 9 gibt es nicht."),
        ("/niederschrift_genehmigen 2", "Die Sitzung Nr. 2 hat nicht stattgefunden"),
        ("/niederschrift_genehmigen 1", "Seit der Sitzung Nr. 1 hat keine weitere Sitzung"),
        ("/niederschrift_genehmigen 1 2", "Die Sitzung Nr. 2 hat noch nicht begonnen"),
        ("/niederschrift_genehmigen 1 1", "Die Sitzung Nr. 1 liegt nicht nach der Sitzung Nr. 1"),
        ("/niederschrift_genehmigen 1 7", "Eine Sitzung Nr. 7 gibt es nicht"),
    ]:
        reply = await h.send(office, command)
        assert answer in reply.text, command
    reply = await h.send(rak.reps[0], "/niederschrift_genehmigen 1")
    assert "Das darf nur die Regionale Koordination." in reply.text
    reply = await h.send(office, "/niederschrift sitzung 1")
    draft_pages, _reader = pdf_text(reply.messages[0].document or b"")
    assert all("ENTWURF" in page for page in draft_pages)

    await h.travel(timedelta(days=7))  # meeting no. 2 has begun
    reply = await h.send(office, "/niederschrift_genehmigen 1")
    assert reply.text.startswith(
        "Die Niederschrift der Sitzung Nr. 1 ist genehmigt in der Sitzung Nr. 2 am 30.11.2026."
    )
    reply = await h.send(office, "/niederschrift_genehmigen 1 2")
    assert reply.text.startswith("Schon vermerkt:")

    reply = await h.send(office, "/niederschrift sitzung 1")
    pdf_message, docx_message = reply.messages
    assert pdf_message.filename == "niederschrift-sitzung-1-genehmigt.pdf"
    pages, _reader = pdf_text(pdf_message.document or b"")
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert APPROVED in page, number
        assert "ENTWURF" not in page
        assert f"Seite {number} von {len(pages)}" in page
    document = Document(io.BytesIO(docx_message.document or b""))
    assert document.sections[0].header.paragraphs[0].text == APPROVED
    reply = await h.send(office, "/niederschrift sitzung 1 md")
    text = (reply.messages[0].document or b"").decode()
    assert f"**Status:** {APPROVED}" in text.split("## ")[0]
    # the draft of meeting no. 2 says so
    reply = await h.send(office, "/niederschrift sitzung 2 md")
    assert (
        "**Status:** ENTWURF – noch nicht genehmigt" in (reply.messages[0].document or b"").decode()
    )
    reply = await h.send(office, "/protokoll")
    assert "Niederschrift genehmigt</b> – Sitzung Nr. 1 (in der Sitzung Nr. 2)" in (
        reply.messages[0].raw_text
    )
