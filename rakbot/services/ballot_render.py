"""Texts of the live ballot message and of the result line, through the translation layer.

Pure: takes a `BallotView` (built by the ballot service) and returns text and buttons, so the
same rendering serves the first post, every debounced edit and the archive.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from rakbot.domain.dates import format_short
from rakbot.i18n import N_, Translator

CHOICE_LABELS = {"yes": N_("Ja"), "no": N_("Nein"), "abstain": N_("Enthaltung")}
#: option key in callback data → stored decision choice
OPTION_KEYS = {"y": "yes", "n": "no", "a": "abstain"}


@dataclass(frozen=True)
class CastView:
    institution: str
    choice: str
    voter: str
    deputy: bool


@dataclass(frozen=True)
class BallotView:
    id: int
    question: str
    proposal_title: str | None
    secret: bool
    written: bool
    status: str
    closes_at: datetime | None
    yes: int
    no: int
    abstain: int
    cast: list[CastView] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    consent_missing: list[str] = field(default_factory=list)
    result: dict[str, Any] | None = None


def _e(value: object) -> str:
    return html.escape(str(value), quote=False)


def _names(names: list[str]) -> str:
    return ", ".join(_e(n) for n in names)


def result_line(t: Translator, result: dict[str, Any]) -> str:
    """One line a person understands: outcome, numbers, quorum, exclusions."""
    status = result["status"]
    excluded: list[str] = result.get("excluded", [])
    basis = t(
        "{participated} von {eligible} stimmberechtigten Institutionen",
        participated=result["participated"],
        eligible=result["eligible"],
    )
    if excluded:
        basis += "; " + t("{n} befangen: {names}", n=len(excluded), names=_names(excluded))
    if status == "objected":
        return t(
            "Umlaufverfahren beendet – Widerspruch von {names}; der Punkt wird in der nächsten "
            "Sitzung behandelt",
            names=_names(result.get("objected_by", [])) or "–",
        )
    if status == "no_consent":
        return t(
            "Umlaufverfahren nicht zustande gekommen – nicht alle Institutionen haben bis zur "
            "Frist zugestimmt; der Punkt wird in der nächsten Sitzung behandelt"
        )
    if status == "no_quorum":
        return t(
            "Nicht beschlussfähig – nur {basis}; nötig wären {needed}",
            basis=basis,
            needed=result["quorum_needed"],
        )
    counts = t(
        "{yes} Ja, {no} Nein, {abstain}",
        yes=result["yes"],
        no=result["no"],
        abstain=t.plural("{n} Enthaltung", "{n} Enthaltungen", result["abstain"]),
    )
    outcome = t("Angenommen") if status == "accepted" else t("Abgelehnt")
    line = t(
        "{outcome} – {counts}; beschlussfähig ({basis})",
        outcome=outcome,
        counts=counts,
        basis=basis,
    )
    if status == "rejected" and result["yes"] == result["no"]:
        line += t("; Stimmengleichheit gilt als Ablehnung")
    deemed = result.get("deemed", 0)
    if deemed:
        line += "; " + t.plural(
            "{n} Institution ohne Stimmabgabe als Enthaltung gewertet",
            "{n} Institutionen ohne Stimmabgabe als Enthaltung gewertet",
            deemed,
        )
    return line


def ballot_text(t: Translator, view: BallotView) -> str:
    lines = [t("<b>Abstimmung Nr. {id}</b>", id=view.id), _e(view.question)]
    if view.proposal_title:
        lines.append(t("Antrag: {title}", title=_e(view.proposal_title)))
    mode = t("Umlaufverfahren") if view.written else t("Abstimmung in der Sitzung")
    secrecy = t("geheim") if view.secret else t("offen")
    lines.append(f"{mode}, {secrecy}")
    if view.closes_at is not None and view.status != "closed":
        lines.append(t("Frist: {when}", when=_e(format_short(view.closes_at, t.lang))))
    if view.excluded:
        lines.append(t("Befangen (stimmen nicht mit): {names}", names=_names(view.excluded)))
    lines.append("")
    if view.status == "consent":
        lines.append(
            t(
                "Erst muss jede stimmberechtigte Institution dem Umlaufverfahren zustimmen. "
                "Ein Widerspruch beendet es."
            )
        )
        if view.consent_missing:
            lines.append(t("Zustimmung fehlt noch: {names}", names=_names(view.consent_missing)))
        return "\n".join(lines)
    lines.append(
        t(
            "Stand: {yes} Ja, {no} Nein, {abstain}",
            yes=view.yes,
            no=view.no,
            abstain=t.plural("{n} Enthaltung", "{n} Enthaltungen", view.abstain),
        )
    )
    if not view.secret:
        for cast in view.cast:
            voter = _e(cast.voter) + (t(" (Stellv.)") if cast.deputy else "")
            lines.append(f"• {_e(cast.institution)}: {t(CHOICE_LABELS[cast.choice])} – {voter}")
    else:
        lines.append(t("Geheime Abstimmung: Wer wie gestimmt hat, wird nicht angezeigt."))
    if view.missing and view.status != "closed":
        lines.append(t("Noch nicht abgestimmt: {names}", names=_names(view.missing)))
    if view.status == "closed" and view.result is not None:
        lines += ["", t("<b>Ergebnis:</b> {line}", line=result_line(t, view.result))]
    return "\n".join(lines)


def ballot_keyboard(t: Translator, view: BallotView) -> InlineKeyboardMarkup | None:
    prefix = f"v:{view.id}:"
    if view.status == "consent":
        return InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(t("✅ Einverstanden"), callback_data=prefix + "k"),
                    InlineKeyboardButton(t("✋ Widerspruch"), callback_data=prefix + "o"),
                ]
            ]
        )
    if view.status != "open":
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("👍 Ja"), callback_data=prefix + "y"),
                InlineKeyboardButton(t("👎 Nein"), callback_data=prefix + "n"),
                InlineKeyboardButton(t("Enthaltung"), callback_data=prefix + "a"),
            ],
            [
                InlineKeyboardButton(t("Befangen erklären"), callback_data=prefix + "b"),
                InlineKeyboardButton(t("Schließen (Koordination)"), callback_data=prefix + "x"),
            ],
        ]
    )
