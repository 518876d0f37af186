"""The per-kind parts of a ballot's texts: live totals, one member's choice, the result line.

Each kind's look lives in `rakbot.views.ballot_kinds`; these functions pick it by the kind.
Pure and shared by the live group message, the private ballot view, the archive and the
minutes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rakbot.domain.voting import BallotKind, Tally
from rakbot.i18n import Translator
from rakbot.views.ballot_kinds.base import (
    CHOICE_LABELS,
    DATE_LABELS,
    Options,
    and_list,
    date_option_label,
    mean_text,
)
from rakbot.views.ballot_kinds.registry import LOOKS, look_of

KIND_LABELS = {kind: look.label for kind, look in LOOKS.items()}

__all__ = [
    "CHOICE_LABELS",
    "DATE_LABELS",
    "KIND_LABELS",
    "and_list",
    "date_option_label",
    "describe_choice",
    "kind_result_line",
    "live_totals",
    "mean_text",
    "votes_summary",
    "withheld_line",
]


def _kind(result: Mapping[str, Any]) -> BallotKind:
    return BallotKind(result.get("kind", BallotKind.DECISION))


def describe_choice(
    t: Translator, kind: BallotKind, options: Options, choice: Any, *, short: bool = False
) -> str:
    """One member's choice in words; `short` names options by number (for the live lists)."""
    return look_of(kind).describe(t, options, choice, short=short)


def live_totals(
    t: Translator, kind: BallotKind, options: Options, tally: Tally, *, closed: bool = False
) -> list[str]:
    """The running (or, once `closed`, final) totals of a ballot, one line per option."""
    return look_of(kind).live_totals(t, options, tally, closed=closed)


def withheld_line(t: Translator, result: Mapping[str, Any], basis: str) -> str:
    """The result line of a secret ballot with too few participants to publish numbers: the
    outcome alone (see `rakbot.services.ballot_results.withhold_numbers`)."""
    return t(
        "{head} – Stimmenzahlen werden nicht veröffentlicht: an dieser geheimen Abstimmung haben "
        "weniger als 3 Institutionen teilgenommen ({basis})",
        head=look_of(_kind(result)).result_head(t, result),
        basis=basis,
    )


def kind_result_line(t: Translator, result: Mapping[str, Any], basis: str) -> str:
    """The result line of a ballot that was decided by its votes (procedural outcomes are
    worded in `ballot_render.result_line`)."""
    return look_of(_kind(result)).result_line(t, result, basis)


def votes_summary(t: Translator, result: Mapping[str, Any]) -> list[str]:
    """The numbers of a closed ballot for the minutes, one entry per option (or one line);
    none where they are withheld."""
    if result.get("withheld"):
        return []
    return look_of(_kind(result)).summary(t, result)
