"""The ballot in a member's private chat with the bot: the member's own answers and the
buttons to give them, for every kind. Date polls and scoring are answered here (the group
message has no room for one button per option and answer).

Pure, like `ballot_render`. Scoring shows one option at a time (`focus`, 1-based) with the
buttons 0–10; after a score the view moves on to the next option.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rakbot.domain.dates import format_short
from rakbot.domain.voting import BallotKind, VoterRole
from rakbot.i18n import N_, Translator
from rakbot.services.ballot_render import (
    BallotView,
    Counting,
    consent_row,
    procedure,
    result_line,
)
from rakbot.services.ballot_render_kinds import describe_choice
from rakbot.views import callbacks
from rakbot.views.ballot_kinds.registry import look_of
from rakbot.views.callbacks import VoteCode
from rakbot.views.markup import Button, Keyboard

#: the voting roles as the bot names them everywhere: "Vertretung" is the representative with the
#: vote, "Stellvertretung" the deputy (the meeting card's button is "Stellvertretung kommt")
ROLE_LABELS = {VoterRole.REPRESENTATIVE: N_("Vertretung"), VoterRole.DEPUTY: N_("Stellvertretung")}


@dataclass(frozen=True)
class PrivateView:
    view: BallotView
    #: the member's own stored choice, None before the first vote
    own: Any = None
    focus: int = 1
    role: VoterRole | None = None
    #: whose vote counts for the member's institution
    counting: Counting | None = None

    @property
    def outvoted(self) -> bool:
        """A deputy whose representative has voted: nothing they press would count."""
        return (
            self.role is VoterRole.DEPUTY
            and self.counting is not None
            and self.counting.role is VoterRole.REPRESENTATIVE
        )


def counting_line(
    t: Translator,
    kind: BallotKind,
    options: Sequence[tuple[str, str]],
    counting: Counting,
    role: VoterRole | None,
) -> str:
    """What counts for the reader's institution and why (the deputy rule, see docs/features.md)."""
    if counting.own:
        if role is VoterRole.DEPUTY:
            return t(
                "Ihre Stimme zählt für Ihre Institution, solange die Vertretung Ihrer "
                "Institution nicht selbst abstimmt; deren Stimme geht immer vor."
            )
        return t("Ihre Stimme zählt für Ihre Institution.")
    who = t("{name} ({role})", name=_e(counting.voter), role=t(ROLE_LABELS[counting.role]))
    if counting.choice is None:
        line = t(
            "Für Ihre Institution zählt die Stimme von {who}; ihr Inhalt ist geheim.",
            who=who,
        )
    else:
        choice = describe_choice(t, kind, options, counting.choice)
        line = t(
            "Für Ihre Institution zählt die Stimme von {who}: {choice}.", who=who, choice=choice
        )
    if role is VoterRole.DEPUTY and counting.role is VoterRole.REPRESENTATIVE:
        why = t("Die Stimme der Vertretung geht vor; Ihre Stimme wird daher nicht mehr angenommen.")
    elif role is VoterRole.REPRESENTATIVE:
        why = t("Stimmen Sie selbst ab, zählt Ihre Stimme.")
    else:
        why = t(
            "Es zählt die letzte Stimme einer Stellvertretung, solange die Vertretung nicht "
            "abstimmt."
        )
    return f"{line} {why}"


def _e(value: object) -> str:
    return html.escape(str(value), quote=False)


def first_open_option(view: BallotView, own: Any) -> int:
    """The first option this member has not answered yet (1 if all are answered)."""
    answered = own if isinstance(own, Mapping) else {}
    for i, (key, _label) in enumerate(view.options, start=1):
        if key not in answered:
            return i
    return 1


def private_text(t: Translator, pv: PrivateView) -> str:
    view = pv.view
    lines = [t("<b>Abstimmung Nr. {id}</b>", id=view.id), _e(view.question)]
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
    if view.closes_at is not None and view.status != "closed":
        lines.append(t("Frist: {when}", when=_e(format_short(view.closes_at, t.lang))))
    lines.append("")
    if view.status == "closed":
        if view.result is not None:
            lines.append(t("<b>Ergebnis:</b> {line}", line=result_line(t, view.result)))
        return "\n".join(lines)
    if view.status == "consent":
        lines.append(
            t(
                "Erst muss jede stimmberechtigte Institution dem Umlaufverfahren zustimmen. "
                "Ein Widerspruch beendet es."
            )
        )
        return "\n".join(lines)
    lines += _options(t, pv)
    lines.append("")
    if pv.own is None and pv.counting is None:
        lines.append(t("Sie haben noch nicht abgestimmt."))
    elif pv.own is not None:
        own = describe_choice(t, view.kind, view.options, pv.own)
        lines.append(t("Erfasst ist: {choice}", choice=own))
    if pv.counting is not None:
        lines.append(counting_line(t, view.kind, view.options, pv.counting, pv.role))
    if pv.own is not None and not pv.outvoted:
        lines.append(t("Sie können Ihre Stimme bis zum Ende der Abstimmung ändern."))
    return "\n".join(lines)


def _options(t: Translator, pv: PrivateView) -> list[str]:
    view = pv.view
    look = look_of(view.kind)
    answers = pv.own if isinstance(pv.own, Mapping) else {}
    prompt = look.private_prompt(t, view.options, view.max_choices)
    return ([prompt] if prompt else []) + [
        look.private_option(t, f"{i}. {_e(label)}", answers.get(key), focused=i == pv.focus)
        for i, (key, label) in enumerate(view.options, start=1)
    ]


def private_keyboard(t: Translator, pv: PrivateView) -> Keyboard | None:
    view = pv.view
    if view.status == "consent":
        return Keyboard.of([consent_row(t, view.id)])
    if view.status != "open" or pv.outvoted:
        return None
    rows = look_of(view.kind).private_rows(t, view.id, view.options, pv.own, pv.focus)
    conflict = Button(t("Befangen erklären"), callbacks.vote(view.id, VoteCode.CONFLICT_ASK))
    return Keyboard.of([*rows, [conflict]])
