"""Texts of the live ballot message and of the result line, through the translation layer.

Pure: takes a `BallotView` (built by the ballot service) and returns text and buttons, so the
same rendering serves the first post, every debounced edit and the archive.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from rakbot.domain.dates import format_date, format_short
from rakbot.domain.majority import Majority
from rakbot.domain.message_size import TEXT_LIMIT, visible_length
from rakbot.domain.voting import BallotKind, DecisionTally, Tally, VoterRole
from rakbot.i18n import Translator
from rakbot.services.ballot_render_kinds import describe_choice, kind_result_line, withheld_line
from rakbot.views import callbacks
from rakbot.views.ballot_kinds.base import MAJORITY_LABELS
from rakbot.views.ballot_kinds.registry import look_of
from rakbot.views.callbacks import VoteCode
from rakbot.views.markup import Button, Keyboard


@dataclass(frozen=True)
class CastView:
    institution: str
    choice: Any
    voter: str
    deputy: bool


@dataclass(frozen=True)
class Counting:
    """Whose vote counts for an institution: `choice` is None where the reader may not see it
    (someone else's vote in a secret ballot)."""

    voter: str
    role: VoterRole
    choice: Any
    own: bool


@dataclass(frozen=True)
class MeetingLink:
    """The meeting (and agenda item, numbered from 1) a ballot belongs to."""

    id: int
    starts_at: datetime
    item: int | None = None
    title: str | None = None


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
    #: voted, but left dates or proposals unanswered (date polls, scoring)
    incomplete: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    consent_missing: list[str] = field(default_factory=list)
    #: written procedure: eligible institutions with nobody who could answer, not asked
    not_asked: list[str] = field(default_factory=list)
    result: dict[str, Any] | None = None
    kind: BallotKind = BallotKind.DECISION
    #: (key, label) in ballot order; empty for decisions
    options: list[tuple[str, str]] = field(default_factory=list)
    max_choices: int | None = None
    tally: Tally | None = None
    #: "Zwischenstand verbergen": no numbers and no choices before the ballot closes
    hide_interim: bool = False
    #: the majority a decision needs
    majority: Majority = Majority.SIMPLE
    #: eligible institutions (the basis of "x von y haben abgestimmt")
    eligible: int = 0
    meeting: MeetingLink | None = None

    @property
    def interim_hidden(self) -> bool:
        """Numbers and choices stay hidden now: a secret ballot, or one that hides its
        interim result, while it runs."""
        return self.status != "closed" and (self.secret or self.hide_interim)


def _e(value: object) -> str:
    return html.escape(str(value), quote=False)


def name_list(names: list[str]) -> str:
    """Names for an HTML message, escaped, comma-separated."""
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
        basis += "; " + t("{n} befangen: {names}", n=len(excluded), names=name_list(excluded))
    if status == "objected":
        return t(
            "Umlaufverfahren beendet – Widerspruch von {names}; der Punkt wird in der nächsten "
            "Sitzung behandelt",
            names=name_list(result.get("objected_by", [])) or "–",
        )
    if status == "no_consent":
        return t(
            "Umlaufverfahren nicht zustande gekommen – nicht alle Institutionen haben "
            "zugestimmt; der Punkt wird in der nächsten Sitzung behandelt"
        )
    if status == "no_quorum":
        return t(
            "Nicht beschlussfähig – nur {basis}; nötig wären {needed}",
            basis=basis,
            needed=result["quorum_needed"],
        )
    if result.get("withheld"):
        return withheld_line(t, result, basis)
    return kind_result_line(t, result, basis)


def procedure(
    t: Translator,
    kind: BallotKind,
    *,
    written: bool,
    secret: bool,
    hide_interim: bool = False,
    majority: Majority = Majority.SIMPLE,
) -> str:
    """E.g. "Umlaufverfahren, offen", "Terminfindung, geheim" or "Abstimmung in der Sitzung,
    offen, Zwischenstand verborgen, Zweidrittelmehrheit"."""
    mode = look_of(kind).procedure_name(t, written=written)
    text = f"{mode}, {t('geheim') if secret else t('offen')}"
    if hide_interim and not secret:
        text += ", " + t("Zwischenstand verborgen")
    if majority is not Majority.SIMPLE:
        text += ", " + t(MAJORITY_LABELS[majority])
    return text


#: Shorter option labels tried, in turn, when the live message would not fit otherwise.
LABEL_ROOMS = (40, 20)


def ballot_text(t: Translator, view: BallotView) -> str:
    """The live message, within Telegram's 4,096 characters even at the largest sizes the bot
    allows (30 proposals to score, long titles, 16 voters): if the whole does not fit, the
    choices of each institution give way to who has voted (the minutes list them), then the
    option labels get shorter."""
    text = _ballot_text(t, view, detailed=True)
    if visible_length(text) <= TEXT_LIMIT:
        return text
    text = _ballot_text(t, view, detailed=False)
    for room in LABEL_ROOMS:
        if visible_length(text) <= TEXT_LIMIT:
            break
        options = [(key, _shortened(label, room)) for key, label in view.options]
        text = _ballot_text(t, replace(view, options=options), detailed=False)
    return text


def _shortened(label: str, room: int) -> str:
    return label if len(label) <= room else label[: room - 1].rstrip() + "…"


def _ballot_text(t: Translator, view: BallotView, *, detailed: bool) -> str:
    lines = _head(t, view)
    if view.status == "consent":
        return "\n".join(lines + _consent(t, view))
    lines += _standing(t, view)
    lines += _choices(t, view, detailed=detailed)
    if view.missing and view.status != "closed":
        lines.append(t("Noch nicht abgestimmt: {names}", names=name_list(view.missing)))
    if view.incomplete and view.status != "closed":
        lines.append(t("Noch nicht alles beantwortet: {names}", names=name_list(view.incomplete)))
    if view.status == "closed" and view.result is not None:
        lines += ["", t("<b>Ergebnis:</b> {line}", line=result_line(t, view.result))]
    return "\n".join(lines)


def _head(t: Translator, view: BallotView) -> list[str]:
    """Number, question, procedure, meeting, deadline, conflicts of interest."""
    lines = [t("<b>Abstimmung Nr. {id}</b>", id=view.id), _e(view.question)]
    if view.proposal_title:
        lines.append(t("Antrag: {title}", title=_e(view.proposal_title)))
    lines.append(
        procedure(
            t,
            view.kind,
            written=view.written,
            secret=view.secret,
            hide_interim=view.hide_interim,
            majority=view.majority,
        )
    )
    if view.meeting is not None:
        lines.append(meeting_line(t, view.meeting))
    if view.closes_at is not None and view.status != "closed":
        lines.append(t("Frist: {when}", when=_e(format_short(view.closes_at, t.lang))))
    if view.excluded:
        lines.append(t("Befangen (stimmen nicht mit): {names}", names=name_list(view.excluded)))
    return [*lines, ""]


def _consent(t: Translator, view: BallotView) -> list[str]:
    """The consent round of a written procedure: who has yet to agree, who is not asked."""
    lines = [
        t(
            "Erst muss jede stimmberechtigte Institution dem Umlaufverfahren zustimmen. "
            "Ein Widerspruch beendet es."
        )
    ]
    if view.consent_missing:
        lines.append(t("Zustimmung fehlt noch: {names}", names=name_list(view.consent_missing)))
    if view.not_asked:
        lines.append(
            t(
                "Nicht gefragt (niemand im Verzeichnis, der antworten kann): {names}",
                names=name_list(view.not_asked),
            )
        )
    return lines


def _choices(t: Translator, view: BallotView, *, detailed: bool) -> list[str]:
    """Who voted how (open ballots), or only who voted when that does not fit."""
    if view.secret:
        return [t("Geheime Abstimmung: Wer wie gestimmt hat, wird nicht angezeigt.")]
    if view.interim_hidden:
        return []
    if not detailed and view.cast:
        voted = name_list(sorted(cast.institution for cast in view.cast))
        return [
            t("Abgestimmt haben: {names}", names=voted),
            t(
                "Wer wie gestimmt hat, passt nicht mehr in diese Nachricht; die Niederschrift "
                "(/niederschrift {id}) führt es auf.",
                id=view.id,
            ),
        ]
    short = look_of(view.kind).private
    return [
        f"• {_e(cast.institution)}: "
        + describe_choice(t, view.kind, view.options, cast.choice, short=short)
        + " – "
        + _e(cast.voter)
        + (t(" (Stellv.)") if cast.deputy else "")
        for cast in view.cast
    ]


def meeting_line(t: Translator, link: MeetingLink) -> str:
    """E.g. "Sitzung Nr. 3 am 20.01.2027 – TOP 2: Projektanträge Runde 3"."""
    line = t("Sitzung Nr. {id} am {when}", id=link.id, when=format_date(link.starts_at, t.lang))
    if link.item is not None:
        line += " – " + t("TOP {n}: {title}", n=link.item, title=_e(link.title or ""))
    else:
        line += " – " + t("ohne Tagesordnungspunkt")
    return line


def _standing(t: Translator, view: BallotView) -> list[str]:
    """The numbers so far; while they are hidden only how many have voted, and once closed
    nothing where a secret ballot's numbers are withheld (its result line says why)."""
    if view.interim_hidden:
        # dates and proposals have no button of their own in the group: list what is asked
        listed = look_of(view.kind).private
        options = [f"{i}. {_e(label)}" for i, (_k, label) in enumerate(view.options, 1)]
        return [
            *(options if listed else []),
            t(
                "Abgestimmt haben {n} von {eligible} Institutionen.",
                n=len(view.cast),
                eligible=view.eligible,
            ),
            t("Stimmenzahlen werden erst nach dem Ende der Abstimmung angezeigt."),
        ]
    if view.result is not None and view.result.get("withheld"):
        return []
    return _totals(t, view)


def _totals(t: Translator, view: BallotView) -> list[str]:
    if view.tally is None:  # a view without its tally: the decision's numbers
        tally = DecisionTally(view.yes, view.no, view.abstain)
        return look_of(BallotKind.DECISION).live_totals(t, [], tally, closed=False)
    look = look_of(view.kind)
    head = look.standing_head(t, view.max_choices)
    lines = look.live_totals(t, view.options, view.tally, closed=view.status == "closed")
    return [head, *lines] if head else lines


def consent_row(t: Translator, ballot_id: int) -> list[Button]:
    return [
        Button(t("✅ Einverstanden"), callbacks.vote(ballot_id, VoteCode.AGREE)),
        Button(t("✋ Widerspruch"), callbacks.vote(ballot_id, VoteCode.OBJECT)),
    ]


def ballot_keyboard(t: Translator, view: BallotView) -> Keyboard | None:
    if view.status == "consent":
        return Keyboard.of([consent_row(t, view.id)])
    if view.status != "open":
        return None
    return Keyboard.of(
        [
            *look_of(view.kind).group_rows(t, view.id, view.options),
            [
                Button(t("Befangen erklären"), callbacks.vote(view.id, VoteCode.CONFLICT_ASK)),
                Button(t("Schließen (Koordination)"), callbacks.vote(view.id, VoteCode.CLOSE)),
            ],
        ]
    )
