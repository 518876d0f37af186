"""The minutes as PDF/A-2U (fpdf2): embedded DejaVu fonts with a Unicode map, so the text can be
extracted and searched; the status (draft / approved) in every page's head and "Seite x von y"
in every page's foot."""

from __future__ import annotations

from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from rakbot.render import fonts

FAMILY = "DejaVu"
LINE = 5.5
LABEL_WIDTH = 55.0


class MinutesPdf(FPDF):
    def __init__(self, document: dict[str, Any]) -> None:
        super().__init__(format="A4", enforce_compliance="PDFA_2U")
        self.document = document
        self.add_font(FAMILY, "", str(fonts.regular()))
        self.add_font(FAMILY, "B", str(fonts.bold()))
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(True, margin=20)
        meta = document["metadata"]
        self.set_title(meta["title"])
        self.set_author(meta["author"])
        self.set_subject(meta["subject"])
        self.set_lang(meta["language"])
        self.set_creator("rakbot")

    def header(self) -> None:
        self.set_font(FAMILY, "B", 9)
        self.cell(0, 6, self.document["status"], align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(FAMILY, "", 8)
        page = self.document["page"].format(page=self.page_no(), pages="{nb}")
        self.cell(0, 6, page, align="C")

    def text_line(self, text: str, size: float = 10, style: str = "") -> None:
        self.set_font(FAMILY, style, size)
        self.multi_cell(0, LINE, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def pairs(self, items: list[list[str]]) -> None:
        for label, value in items:
            self.set_font(FAMILY, "B", 10)
            top, page = self.get_y(), self.page
            self.multi_cell(LABEL_WIDTH, LINE, label, align="L", new_x=XPos.RIGHT, new_y=YPos.TOP)
            self.set_font(FAMILY, "", 10)
            if self.page != page:
                top = self.t_margin + 8
            self.set_xy(self.l_margin + LABEL_WIDTH, top)
            self.multi_cell(0, LINE, value or "–", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(1)

    def block(self, block: dict[str, Any]) -> None:
        kind = block["kind"]
        if kind == "text":
            self.text_line(block["text"])
        elif kind == "subheading":
            self.ln(1)
            self.text_line(block["text"], 11, "B")
        elif kind == "bullets":
            for item in block["items"]:
                self.text_line(f"• {item}")
        elif kind == "pairs":
            self.pairs(block["items"])
        self.ln(1)

    def signatures(self) -> None:
        self.ln(14)
        if self.will_page_break(40):
            self.add_page()
        width = (self.epw - 10) / 2
        top = self.get_y()
        for index, (role, name) in enumerate(self.document["signatures"]):
            x = self.l_margin + index * (width + 10)
            self.set_xy(x, top)
            self.set_font(FAMILY, "", 10)
            self.cell(width, LINE, "_" * 38, new_x=XPos.LEFT, new_y=YPos.NEXT)
            self.set_x(x)
            self.cell(width, LINE, f"{self.document['signature_place']}, {role}")
            self.set_xy(x, top + 2 * LINE)
            self.cell(width, LINE, name)


def minutes_pdf(document: dict[str, Any]) -> bytes:
    pdf = MinutesPdf(document)
    pdf.add_page()
    pdf.text_line(document["title"], 18, "B")
    pdf.text_line(document["subtitle"], 12)
    pdf.ln(4)
    pdf.pairs(document["facts"])
    for section in document["sections"]:
        pdf.ln(3)
        pdf.text_line(section["heading"], 13, "B")
        pdf.ln(1)
        for block in section["blocks"]:
            pdf.block(block)
    pdf.signatures()
    return bytes(pdf.output())
