"""How a typed date the domain refused is explained: the texts live with the services
(rakbot/services/date_problems.py), which the Mini App shares; the dialogs import them here."""

from __future__ import annotations

from rakbot.services.date_problems import DATE_REASONS, date_problem

__all__ = ["DATE_REASONS", "date_problem"]
