"""Every step of every dialog, with the data the earlier steps would have saved.

The fuzz test puts a person straight into a step (as a restart in the middle of a dialog would
find them) and answers it with hostile text. `test_every_dialog_step_is_listed` keeps this list
complete when a dialog or a step is added.
"""

from __future__ import annotations

from datetime import UTC, timedelta

from rakbot.services.dialogs import DialogState
from tests.e2e.harness import START

_STARTS = (START + timedelta(days=14)).astimezone(UTC)
_ENDS = _STARTS + timedelta(hours=2)

_APPOINTMENT = {
    "name": "Anna Antrag",
    "topic": "Beratung zu Förderbereich B",
    "contact": "03904 123456",
    "preferred_days": "Dienstags",
}
_MEETING = {
    "starts_at": _STARTS.isoformat(),
    "place": "Landratsamt, Raum 101",
    "agenda": ["Begrüßung"],
    "ends_at": _ENDS.isoformat(),
    "recurrence": None,
}
_JOIN = {"token_hash": "0" * 64, "name": "Jana Jobcenter", "phone": None, "email": None}
_PROPOSAL = {
    "title": "Werkstatt",
    "area": "A",
    "applicant": "Träger e. V.",
    "institution_id": None,
    "amount_cents": 100_000,
    "duration": "12 Monate",
    "description": None,
}
_BALLOT = {
    "kind": "decision",
    "question": "Soll der Antrag gefördert werden?",
    "proposal_id": None,
    "secret": False,
    "written": False,
    "closes_at": (_STARTS - timedelta(days=7)).isoformat(),
}
_OPTIONS = [{"key": f"o{i}", "label": label} for i, label in enumerate(("Ja", "Teils", "Nein"), 1)]
_CHOICE = {"kind": "multi", "question": "Welche Themen?", "options": _OPTIONS}


def _steps(kind: str, data: dict[str, object], steps: dict[str, str]) -> list[DialogState]:
    """One state per step (``steps``: step → the data key it fills, in dialog order) with the
    keys of the earlier steps, then the ``confirm`` step with everything."""
    states = []
    done: dict[str, object] = {}
    for step, key in steps.items():
        states.append(DialogState(kind, step, dict(done)))
        done[key] = data[key]
    states.append(DialogState(kind, "confirm", dict(data)))
    return states


STATES: list[DialogState] = [
    *_steps("appointment", _APPOINTMENT, {key: key for key in _APPOINTMENT}),
    DialogState("meeting_new", "date", {}),
    DialogState("meeting_new", "date_confirm", {"starts_at": _MEETING["starts_at"]}),
    *[
        DialogState("meeting_new", state.step, {"starts_at": _MEETING["starts_at"], **state.data})
        for state in _steps(
            "meeting_new",
            _MEETING,
            {"place": "place", "agenda": "agenda", "end": "ends_at", "recurrence": "recurrence"},
        )
    ],
    *_steps("join", _JOIN, {"name": "name", "phone": "phone", "email": "email"}),
    *_steps(
        "proposal",
        _PROPOSAL,
        {
            "title": "title",
            "area": "area",
            "applicant": "applicant",
            "institution": "institution_id",
            "amount": "amount_cents",
            "duration": "duration",
            "description": "description",
        },
    ),
    DialogState("ballot", "kind", {}),
    *[
        DialogState("ballot", state.step, {"kind": "decision", **state.data})
        for state in _steps(
            "ballot",
            _BALLOT,
            {"subject": "question", "secret": "secret", "mode": "written", "deadline": "closes_at"},
        )
    ],
    DialogState("ballot", "meeting", {**_BALLOT, "meeting_id": None, "agenda_item": None}),
    DialogState(
        "ballot",
        "item",
        {**_BALLOT, "meeting_id": 1, "starts_at": _STARTS.isoformat(), "agenda": ["Bericht"]},
    ),
    DialogState("ballot", "question", {"kind": "multi"}),
    DialogState("ballot", "options", {"kind": "multi", "question": "Welche Themen?"}),
    DialogState("ballot", "options", {"kind": "date_poll", "question": "Wann?"}),
    DialogState("ballot", "options", {"kind": "score", "question": "Bewertung", "picked": []}),
    DialogState("ballot", "max", _CHOICE),
    DialogState("ballot", "deadline", {**_CHOICE, "max_choices": 2, "secret": True}),
    DialogState("round_new", "name", {}),
    DialogState("round_new", "budgets", {"name": "Wettbewerb 2027"}),
    DialogState("round_new", "confirm", {"name": "Wettbewerb 2027", "budgets": {"A": 10_000_00}}),
    DialogState("meeting_agenda", "agenda", {"meeting_id": 1}),
    DialogState("member_edit", "n", {"member_id": 1}),
    DialogState("member_edit", "t", {"member_id": 1}),
    DialogState("document", "file", {"action": "attach", "proposal_id": 1}),
    DialogState("document", "file", {"action": "attach", "meeting_id": 1, "item": 0}),
    DialogState("document", "file", {"action": "replace", "document_id": 1}),
    DialogState("appointment_reply", "text", {"request_id": 1}),
    DialogState("appointment_proposal", "date", {"request_id": 1}),
    DialogState(
        "appointment_proposal", "confirm", {"request_id": 1, "starts_at": _STARTS.isoformat()}
    ),
]
