"""The jobs the render worker knows; each imports its drawing library only when it runs."""

from __future__ import annotations

from typing import Any


def _xlsx(data: dict[str, Any]) -> bytes:
    from rakbot.render.model import Sheet
    from rakbot.render.xlsx import xlsx

    return xlsx(Sheet.from_json(sheet) for sheet in data["sheets"])


JOBS = {"xlsx": _xlsx}


def run(job: str, data: dict[str, Any]) -> bytes:
    return JOBS[job](data)
