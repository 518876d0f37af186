"""Result records, result lines and the private view of the non-decision kinds."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from rakbot.domain.decision import VotingRules, decide
from rakbot.domain.voting import BallotKind, Seat, Vote, VoterRole
from rakbot.i18n import translator
from rakbot.services.ballot_render import BallotView, ballot_keyboard, result_line
from rakbot.services.ballot_render_kinds import and_list, describe_choice, votes_summary
from rakbot.services.ballot_render_private import PrivateView, private_keyboard, private_text
from rakbot.services.ballot_results import tally_record
from rakbot.telegram_markup import inline_keyboard

T = translator("de")
EN = translator("en")
SEATS = [Seat(i, f"Institution {i}") for i in range(1, 5)]
OPTIONS = [{"key": "o1", "label": "Rot"}, {"key": "o2", "label": "Grün"}]
AT = datetime(2026, 11, 23, tzinfo=UTC)


def record(kind: BallotKind, choices: list[Any], options: list[dict[str, Any]] = OPTIONS) -> dict:
    votes = [
        Vote(i, i, VoterRole.REPRESENTATIVE, choice, AT) for i, choice in enumerate(choices, 1)
    ]
    keys = [o["key"] for o in options]
    outcome = decide(kind, SEATS, set(), votes, keys, VotingRules(), written=False, final=True)
    return {
        "kind": kind.value,
        "status": outcome.status.value,
        **tally_record(outcome, options),
        "eligible": outcome.eligible_count,
        "participated": outcome.participated_count,
        "quorum_needed": outcome.quorum_needed,
        "excluded": [],
    }


def test_single_choice_winner_and_tie() -> None:
    won = record(BallotKind.SINGLE, [("o1",), ("o1",), ("o2",)])
    assert result_line(T, won) == (
        "Gewählt: Rot – Rot 2, Grün 1; beschlussfähig (3 von 4 stimmberechtigten Institutionen)"
    )
    tie = record(BallotKind.MULTI, [("o1", "o2"), ("o1",), ("o2",), ()])
    assert result_line(T, tie).startswith(
        "Stimmengleichheit zwischen Rot und Grün – Rot 2, Grün 2, 1 Enthaltung"
    )
    assert result_line(EN, tie).startswith("Tie between Rot and Grün – Rot 2, Grün 2, 1 abstention")


def test_date_poll_best_date_and_none() -> None:
    best = record(BallotKind.DATE_POLL, [{"o1": "no", "o2": "yes"}, {"o2": "maybe"}])
    assert result_line(T, best) == (
        "Bester Termin: Grün – 1 Ja, 1 Vielleicht, 0 Nein; 2 von 4 Institutionen haben geantwortet"
    )
    none = record(BallotKind.DATE_POLL, [{"o1": "no"}, {"o2": "no"}])
    assert result_line(T, none).startswith("Kein Termin gefunden")


def test_score_ranking_and_minutes_numbers() -> None:
    options = [*OPTIONS, {"key": "o3", "label": "Blau", "proposal_id": 9}]
    scored = record(BallotKind.SCORE, [{"o1": 4, "o3": 9}, {"o1": 6, "o3": 8}, {"o2": 5}], options)
    assert scored["options"][2] == {
        "key": "o3",
        "label": "Blau",
        "proposal_id": 9,
        "total": 17,
        "count": 2,
        "mean": 8.5,
    }
    assert result_line(T, scored) == (
        "Rangfolge nach Punkten: 1. Blau (Ø 8,5), 2. Rot (Ø 5,0), 2. Grün (Ø 5,0); "
        "beschlussfähig (3 von 4 stimmberechtigten Institutionen)"
    )
    assert votes_summary(T, scored) == [
        "Rot: Ø 5,0 Punkte (2 Bewertungen)",
        "Grün: Ø 5,0 Punkte (1 Bewertung)",
        "Blau: Ø 8,5 Punkte (2 Bewertungen)",
    ]
    assert "avg. 8.5" in result_line(EN, scored)


def test_describe_choice_short_and_long() -> None:
    pairs = [("o1", "Rot"), ("o2", "Grün")]
    answers = {"o1": "yes", "o2": "maybe"}
    assert describe_choice(T, BallotKind.DATE_POLL, pairs, answers) == "Ja: Rot; Vielleicht: Grün"
    assert describe_choice(T, BallotKind.DATE_POLL, pairs, answers, short=True) == (
        "Ja: Nr. 1; Vielleicht: Nr. 2"
    )
    scores = {"o1": 7, "o2": 0}
    assert describe_choice(T, BallotKind.SCORE, pairs, scores) == "Rot: 7; Grün: 0"
    assert describe_choice(T, BallotKind.SCORE, pairs, scores, short=True) == "Nr. 1: 7; Nr. 2: 0"
    assert describe_choice(T, BallotKind.MULTI, pairs, ()) == "Enthaltung"


def view(kind: BallotKind, count: int = 10) -> BallotView:
    return BallotView(
        id=123456789,
        question="Frage?",
        proposal_title=None,
        secret=False,
        written=False,
        status="open",
        closes_at=None,
        yes=0,
        no=0,
        abstain=0,
        kind=kind,
        options=[(f"o{i}", "x" * 60) for i in range(1, count + 1)],
        max_choices=2,
    )


def test_every_button_fits_telegrams_limits() -> None:
    for kind in BallotKind:
        markups = [inline_keyboard(ballot_keyboard(T, view(kind)))]
        markups += [
            inline_keyboard(private_keyboard(T, PrivateView(view(kind), None, focus)))
            for focus in (1, 10)
        ]
        for markup in markups:
            assert markup is not None
            buttons = [b for row in markup.inline_keyboard for b in row]
            assert len(buttons) <= 100
            for button in buttons:
                assert len(button.callback_data.encode()) <= 64
                assert len(button.text) <= 64


def test_private_score_view_points_at_the_focus() -> None:
    pv = PrivateView(view(BallotKind.SCORE, 3), {"o1": 7}, 2)
    text = private_text(T, pv)
    assert f"1. {'x' * 60} – 7 Punkte" in text and "👉 <b>2." in text
    markup = inline_keyboard(private_keyboard(T, pv))
    assert markup is not None
    data = [b.callback_data for row in markup.inline_keyboard for b in row]
    assert data[:11] == [f"v:123456789:s2={p}" for p in range(11)]
    assert "v:123456789:g1" in data and "v:123456789:g3" in data


def test_and_list_in_both_languages() -> None:
    german, english = translator("de"), translator("en")
    assert and_list(german, ["Rot"]) == "Rot"
    assert and_list(german, ["Rot", "Grün", "Blau"]) == "Rot, Grün und Blau"
    assert and_list(english, ["red", "green"]) == "red and green"
