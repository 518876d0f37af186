"""Result lines and the live ballot text, without Telegram."""

from __future__ import annotations

from typing import Any

from rakbot.i18n import translator
from rakbot.services.ballot_render import (
    BallotView,
    CastView,
    ballot_keyboard,
    ballot_text,
    result_line,
)
from rakbot.telegram_markup import inline_keyboard

T = translator("de")


def result(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "status": "accepted",
        "yes": 5,
        "no": 1,
        "abstain": 1,
        "eligible": 7,
        "participated": 7,
        "quorum_needed": 4,
        "excluded": ["Jobcenter Börde"],
        "deemed": 0,
    }
    return {**base, **overrides}


def test_result_line_of_the_issue() -> None:
    assert result_line(T, result()) == (
        "Angenommen – 5 Ja, 1 Nein, 1 Enthaltung; beschlussfähig (7 von 7 stimmberechtigten "
        "Institutionen; 1 befangen: Jobcenter Börde)"
    )


def test_no_quorum_names_what_was_needed() -> None:
    line = result_line(T, result(status="no_quorum", participated=2, excluded=[]))
    assert (
        line == "Nicht beschlussfähig – nur 2 von 7 stimmberechtigten Institutionen; nötig wären 4"
    )


def test_names_are_escaped() -> None:
    line = result_line(T, result(excluded=["A<b>&"]))
    assert "A&lt;b&gt;&amp;" in line


def view(**overrides: Any) -> BallotView:
    base: dict[str, Any] = {
        "id": 3,
        "question": "Frage?",
        "proposal_title": None,
        "secret": False,
        "written": False,
        "status": "open",
        "closes_at": None,
        "yes": 1,
        "no": 0,
        "abstain": 0,
        "cast": [CastView("IHK", "yes", "Erika Muster", deputy=True)],
        "missing": ["DGB"],
    }
    return BallotView(**{**base, **overrides})


def test_open_ballot_shows_who_voted_and_who_is_missing() -> None:
    text = ballot_text(T, view())
    assert "• IHK: Ja – Erika Muster (Stellv.)" in text
    assert "Noch nicht abgestimmt: DGB" in text


def test_secret_ballot_hides_names() -> None:
    text = ballot_text(T, view(secret=True))
    assert "Erika" not in text and "Noch nicht abgestimmt: DGB" in text


def test_buttons_are_short_and_gone_when_closed() -> None:
    markup = inline_keyboard(ballot_keyboard(T, view()))
    assert markup is not None
    data = [b.callback_data for row in markup.inline_keyboard for b in row]
    assert data == ["v:3:y", "v:3:n", "v:3:a", "v:3:b", "v:3:x"]
    assert all(len(str(d).encode()) <= 64 for d in data)
    assert ballot_keyboard(T, view(status="closed")) is None
