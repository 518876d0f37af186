"""The per-kind parts of a ballot's texts: live totals, one member's choice, the result line.

Pure and shared by the live group message, the private ballot view, the archive and the
minutes. Options are `(key, label)` pairs in ballot order; in short texts an option is named by
its number, as on the buttons.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from babel.numbers import format_decimal

from rakbot.domain.dates import LOCALES, format_date, format_short, language
from rakbot.domain.voting import (
    BallotKind,
    DateAnswer,
    DatePollTally,
    OptionTally,
    ScoreTally,
    Tally,
)
from rakbot.i18n import N_, Translator

CHOICE_LABELS = {"yes": N_("Ja"), "no": N_("Nein"), "abstain": N_("Enthaltung")}
DATE_LABELS = {"yes": N_("Ja"), "maybe": N_("Vielleicht"), "no": N_("Nein")}
KIND_LABELS = {
    BallotKind.DECISION: N_("Beschluss (Ja / Nein / Enthaltung)"),
    BallotKind.SINGLE: N_("Einfachauswahl"),
    BallotKind.MULTI: N_("Mehrfachauswahl"),
    BallotKind.DATE_POLL: N_("Terminfindung"),
    BallotKind.SCORE: N_("Bewertung mit Punkten (0–10)"),
}
Options = Sequence[tuple[str, str]]


def _e(value: object) -> str:
    return html.escape(str(value), quote=False)


def mean_text(mean: float | None, lang: str) -> str:
    if mean is None:
        return "–"
    return str(format_decimal(mean, format="0.0", locale=LOCALES[language(lang)]))


def _label(options: Options, key: str) -> str:
    return next((label for k, label in options if k == key), key)


def _number(options: Options, key: str) -> int:
    return next((i for i, (k, _label) in enumerate(options, start=1) if k == key), 0)


def date_option_label(t: Translator, at: datetime, all_day: bool) -> str:
    """A date poll's option as the reader writes dates: "Mi., 20.01.2027, 10:00 Uhr",
    "03.02.2027 (ganztägig)"."""
    if all_day:
        return t("{day} (ganztägig)", day=format_date(at, t.lang))
    return format_short(at, t.lang)


def describe_choice(
    t: Translator, kind: BallotKind, options: Options, choice: Any, *, short: bool = False
) -> str:
    """One member's choice in words; `short` names options by number (for the live lists)."""

    def name(key: str) -> str:
        return str(_number(options, key)) if short else _e(_label(options, key))

    match kind:
        case BallotKind.DECISION:
            return t(CHOICE_LABELS[str(choice)])
        case BallotKind.SINGLE | BallotKind.MULTI:
            return ", ".join(name(k) for k in choice) or t("Enthaltung")
        case BallotKind.DATE_POLL:
            parts = []
            for answer in DateAnswer:
                keys = [k for k, _label in options if choice.get(k) == answer.value]
                if keys:
                    names = ", ".join(map(name, keys))
                    if short:  # "Ja: Nr. 2, 3" – a bare "Ja: 2" reads like a count
                        names = t("Nr. {numbers}", numbers=names)
                    parts.append(f"{t(DATE_LABELS[answer.value])}: {names}")
            return "; ".join(parts)
        case BallotKind.SCORE:
            if short:
                return "; ".join(
                    t("Nr. {number}: {points}", number=name(k), points=choice[k])
                    for k, _label in options
                    if k in choice
                )
            return "; ".join(f"{name(k)}: {choice[k]}" for k, _label in options if k in choice)
    return ""


def live_totals(
    t: Translator, kind: BallotKind, options: Options, tally: Tally, *, closed: bool = False
) -> list[str]:
    """The running (or, once `closed`, final) totals of a non-decision ballot, one line per
    option."""
    lines: list[str] = []
    match tally:
        case OptionTally(counts=counts, abstain=abstain):
            for i, (key, label) in enumerate(options, start=1):
                lines.append(
                    f"{i}. {_e(label)}: "
                    + t.plural("{n} Stimme", "{n} Stimmen", counts.get(key, 0))
                )
            if abstain:
                lines.append(t.plural("{n} Enthaltung", "{n} Enthaltungen", abstain))
        case DatePollTally(counts=counts, best=best):
            for i, (key, label) in enumerate(options, start=1):
                c = counts[key]
                line = f"{i}. {_e(label)}: " + t(
                    "{yes} Ja, {maybe} Vielleicht, {no} Nein", yes=c.yes, maybe=c.maybe, no=c.no
                )
                lines.append(f"⭐ <b>{line}</b>" if key == best else line)
            if best is not None and closed:
                lines.append(t("Bester Termin: {label}", label=_e(_label(options, best))))
            elif best is not None:
                lines.append(t("Bester Termin bisher: {label}", label=_e(_label(options, best))))
        case ScoreTally(scores=scores):
            for i, (key, label) in enumerate(options, start=1):
                stats = scores[key]
                if stats.count:
                    detail = t(
                        "Ø {mean} Punkte ({scorers})",
                        mean=mean_text(stats.mean, t.lang),
                        scorers=t.plural("{n} Bewertung", "{n} Bewertungen", stats.count),
                    )
                else:
                    detail = t("noch keine Bewertung")
                lines.append(f"{i}. {_e(label)}: {detail}")
    return lines


def _option_counts(t: Translator, result: Mapping[str, Any]) -> str:
    parts = [f"{_e(o['label'])} {o['count']}" for o in result.get("options", [])]
    if result.get("abstain"):
        parts.append(t.plural("{n} Enthaltung", "{n} Enthaltungen", result["abstain"]))
    return ", ".join(parts)


def and_list(t: Translator, items: list[str]) -> str:
    """ "A, B und C" (English: "A, B and C")."""
    if len(items) < 2:
        return "".join(items)
    return t("{items} und {last}", items=", ".join(items[:-1]), last=items[-1])


def _choice_head(t: Translator, kind: BallotKind, result: Mapping[str, Any]) -> str:
    """What a single or multiple choice ballot chose, without numbers."""
    status = result["status"]
    if status == "tie":
        return t(
            "Stimmengleichheit zwischen {names}",
            names=and_list(t, [_e(n) for n in result.get("tied", [])]),
        )
    if status == "winner" and kind is BallotKind.SINGLE:
        return t("Gewählt: {label}", label=_e(result["winners"][0]))
    if status == "winner":
        return t("Die meisten Stimmen: {label}", label=_e(result["winners"][0]))
    return t("Keine Option gewählt")


def withheld_line(t: Translator, result: Mapping[str, Any], basis: str) -> str:
    """The result line of a secret ballot with too few participants to publish numbers: the
    outcome alone (see `rakbot.services.ballot_results.withhold_numbers`)."""
    kind = BallotKind(result.get("kind", BallotKind.DECISION))
    status = result["status"]
    if kind is BallotKind.DECISION:
        head = t("Angenommen") if status == "accepted" else t("Abgelehnt")
    elif kind in (BallotKind.SINGLE, BallotKind.MULTI):
        head = _choice_head(t, kind, result)
    elif kind is BallotKind.DATE_POLL:
        best = result.get("best")
        head = t("Bester Termin: {label}", label=_e(best)) if best else t("Kein Termin gefunden")
    else:
        labels = {o["key"]: o["label"] for o in result.get("options", [])}
        ranking = [_e(labels.get(key, key)) for key in result.get("ranking", [])]
        head = (
            t("Rangfolge nach Punkten: {ranking}", ranking=", ".join(ranking))
            if status == "winner"
            else t("Keine Bewertung abgegeben")
        )
    return t(
        "{head} – Stimmenzahlen werden nicht veröffentlicht: an dieser geheimen Abstimmung haben "
        "weniger als 3 Institutionen teilgenommen ({basis})",
        head=head,
        basis=basis,
    )


def kind_result_line(t: Translator, result: Mapping[str, Any], basis: str) -> str:
    """The result line of a single, multiple choice, date poll or scoring ballot that was
    decided by its votes (procedural outcomes are worded in `ballot_render.result_line`)."""
    kind = BallotKind(result["kind"])
    status = result["status"]
    if kind in (BallotKind.SINGLE, BallotKind.MULTI):
        return t(
            "{head} – {counts}; beschlussfähig ({basis})",
            head=_choice_head(t, kind, result),
            counts=_option_counts(t, result),
            basis=basis,
        )
    if kind is BallotKind.DATE_POLL:
        answered = t(
            "{participated} von {eligible} Institutionen haben geantwortet",
            participated=result["participated"],
            eligible=result["eligible"],
        )
        best = next((o for o in result["options"] if o["label"] == result.get("best")), None)
        if best is None:
            return t(
                "Kein Termin gefunden – für keinen Termin gab es ein Ja oder Vielleicht; "
                "{answered}",
                answered=answered,
            )
        return t(
            "Bester Termin: {label} – {yes} Ja, {maybe} Vielleicht, {no} Nein; {answered}",
            label=_e(best["label"]),
            yes=best["yes"],
            maybe=best["maybe"],
            no=best["no"],
            answered=answered,
        )
    by_key = {o["key"]: o for o in result["options"]}
    means = [by_key[key]["mean"] for key in result.get("ranking", [])]
    ranking = [
        t(
            "{place}. {label} (Ø {mean})",
            # equal means share a place ("3. …, 3. …"): which comes first is not the scoring's
            # to say (a competition round breaks the tie by the lower amount)
            place=1 + sum(1 for other in means if other > by_key[key]["mean"]),
            label=_e(by_key[key]["label"]),
            mean=mean_text(by_key[key]["mean"], t.lang),
        )
        for key in result.get("ranking", [])
    ]
    if status != "winner":
        return t("Keine Bewertung abgegeben – {basis}", basis=basis)
    return t(
        "Rangfolge nach Punkten: {ranking}; beschlussfähig ({basis})",
        ranking=", ".join(ranking),
        basis=basis,
    )


def votes_summary(t: Translator, result: Mapping[str, Any]) -> list[str]:
    """The numbers of a closed ballot for the minutes, one entry per option (or one line);
    none where they are withheld."""
    if result.get("withheld"):
        return []
    kind = BallotKind(result.get("kind", BallotKind.DECISION))
    if kind is BallotKind.DECISION:
        return [
            t(
                "Ja {yes}, Nein {no}, Enthaltung {abstain}",
                yes=result.get("yes", 0),
                no=result.get("no", 0),
                abstain=result.get("abstain", 0),
            )
        ]
    lines = []
    for option in result.get("options", []):
        label = _e(option["label"])
        if kind is BallotKind.DATE_POLL:
            detail = t(
                "{yes} Ja, {maybe} Vielleicht, {no} Nein",
                yes=option["yes"],
                maybe=option["maybe"],
                no=option["no"],
            )
        elif kind is BallotKind.SCORE:
            detail = t(
                "Ø {mean} Punkte ({scorers})",
                mean=mean_text(option["mean"], t.lang),
                scorers=t.plural("{n} Bewertung", "{n} Bewertungen", option["count"]),
            )
        else:
            detail = t.plural("{n} Stimme", "{n} Stimmen", option["count"])
        lines.append(f"{label}: {detail}")
    if result.get("abstain"):
        lines.append(t.plural("{n} Enthaltung", "{n} Enthaltungen", result["abstain"]))
    return lines
