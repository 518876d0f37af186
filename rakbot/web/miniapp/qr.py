"""A QR code of an invitation link, drawn on the server as SVG (segno, pure Python): the page
shows it large enough to be scanned from a screen in the meeting room."""

from __future__ import annotations

import io

import segno

#: black on white whatever the theme, with the quiet zone scanners need
DARK, LIGHT, BORDER, SCALE = "#000000", "#ffffff", 4, 8


def svg(text: str, title: str) -> str:
    """An SVG document (with its namespace, so it also works as an image) encoding `text`."""
    code = segno.make(text, error="m")
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        xmldecl=False,
        scale=SCALE,
        border=BORDER,
        dark=DARK,
        light=LIGHT,
        title=title,
    )
    return out.getvalue().decode("utf-8")
