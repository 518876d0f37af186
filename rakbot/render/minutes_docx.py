"""The minutes as DOCX (python-docx), for the office to edit: the same parts as the PDF, the
status in the page header, tables for the head and each result."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.shared import Pt


def _pairs(doc: Any, items: list[list[str]]) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in items:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value or "–"
        for run in cells[0].paragraphs[0].runs:
            run.bold = True


def _block(doc: Any, block: dict[str, Any]) -> None:
    kind = block["kind"]
    if kind == "text":
        doc.add_paragraph(block["text"])
    elif kind == "subheading":
        doc.add_heading(block["text"], level=3)
    elif kind == "bullets":
        for item in block["items"]:
            doc.add_paragraph(item, style="List Bullet")
    elif kind == "pairs":
        _pairs(doc, block["items"])


def minutes_docx(document: dict[str, Any]) -> bytes:
    doc = Document()
    doc.styles["Normal"].font.name = "DejaVu Sans"
    doc.styles["Normal"].font.size = Pt(10)
    meta = document["metadata"]
    doc.core_properties.title = meta["title"]
    doc.core_properties.author = meta["author"]
    doc.core_properties.subject = meta["subject"]
    doc.core_properties.language = meta["language"]
    section = doc.sections[0]
    section.header.paragraphs[0].text = document["status"]
    doc.add_heading(document["title"], level=0)
    doc.add_paragraph(document["subtitle"])
    _pairs(doc, document["facts"])
    for part in document["sections"]:
        doc.add_heading(part["heading"], level=1)
        for block in part["blocks"]:
            _block(doc, block)
    doc.add_paragraph()
    table = doc.add_table(rows=3, cols=2)
    for index, (role, name) in enumerate(document["signatures"]):
        table.cell(0, index).text = "\n\n" + "_" * 30
        table.cell(1, index).text = f"{document['signature_place']}, {role}"
        table.cell(2, index).text = name
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
