"""The jobs the render worker knows; each imports its drawing library only when it runs."""

from __future__ import annotations

from typing import Any


def _xlsx(data: dict[str, Any]) -> bytes:
    from rakbot.render.model import Sheet
    from rakbot.render.xlsx import xlsx

    return xlsx(Sheet.from_json(sheet) for sheet in data["sheets"])


def _minutes_pdf(data: dict[str, Any]) -> bytes:
    from rakbot.render.minutes_pdf import minutes_pdf

    return minutes_pdf(data)


def _minutes_docx(data: dict[str, Any]) -> bytes:
    from rakbot.render.minutes_docx import minutes_docx

    return minutes_docx(data)


def _chart(data: dict[str, Any]) -> bytes:
    from rakbot.render.charts import chart

    return chart(data)


def _warm(data: dict[str, Any]) -> bytes:
    """Load every drawing library (the first job after start-up need not wait for it)."""
    import docx  # noqa: F401
    import fpdf  # noqa: F401
    import openpyxl  # noqa: F401

    from rakbot.render import charts  # noqa: F401

    return b"ok"


JOBS = {
    "warm": _warm,
    "xlsx": _xlsx,
    "minutes_pdf": _minutes_pdf,
    "minutes_docx": _minutes_docx,
    "chart": _chart,
}


def run(job: str, data: dict[str, Any]) -> bytes:
    return JOBS[job](data)
