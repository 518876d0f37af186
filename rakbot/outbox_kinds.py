"""Every kind of outbox row and the renderer that turns it into a message at send time."""

from __future__ import annotations

from rakbot.scheduler import Renderer, render_notice

RENDERERS: dict[str, Renderer] = {
    "notice": render_notice,
}
