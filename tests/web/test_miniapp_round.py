"""A competition round run from the Mini App up to the confirming vote: proposals created in
the app, scoring and the vote on the selection opened there; only the votes are given in the
chat. The app's ranking, cut-off and remaining budget match /runde."""

from __future__ import annotations

from typing import Any

from tests.e2e.ballot_setup import Rak, setup_rak
from tests.e2e.harness import Harness
from tests.web.conftest import App


async def _score(rak: Rak, rep: int, ballot_id: int, points: dict[int, int]) -> None:
    view = await rak.h.send(rak.reps[rep], f"/abstimmen {ballot_id}")
    for option, given in points.items():
        reply = await rak.h.press(rak.reps[rep], view.last, f"v:{ballot_id}:s{option}={given}")
        assert reply.callback_answer is not None
        assert "Ihre Stimme" in reply.callback_answer["text"], reply.callback_answer


def _proposal(title: str, amount: str) -> dict[str, Any]:
    return {
        "title": title,
        "area": "A",
        "applicant": "Bildungswerk Nord",
        "amount": amount,
        "duration": "24 Monate",
        "description": "",
        "institution_id": None,
    }


async def test_a_round_from_the_app_up_to_the_confirming_vote(served: Harness, app: App) -> None:
    h = served
    rak = await setup_rak(h, deputies=0)
    office = rak.office
    for title, amount in (
        ("Jobcoaching Börde", "120.000 €"),
        ("Ausbildung plus", "90.000 €"),
        ("Werkstatt 4.0", "70.000 €"),
    ):
        created = await app.call("POST", "/proposals", office, _proposal(title, amount))
        assert created.status == 201, created.body
    await h.send(office, "/runde_neu")
    await h.send(office, "Wettbewerb 2027, 1. Aufruf")
    reply = await h.send(office, "A 200.000 €")
    await h.press_label(office, reply.last, "Anlegen")

    shown = await app.call("GET", "/rounds/1", rak.reps[5])
    assert shown.body["can_score"] and not shown.body["can_confirm"]
    early = await app.call("POST", "/rounds/1/selection", office, {"closes": "26.11.2026 12:00"})
    assert early.status == 409
    assert early.error.startswith("Das geht in diesem Stand des Wettbewerbs nicht: offen")
    past = await app.call("POST", "/rounds/1/scoring", office, {"closes": "20.11.2026 12:00"})
    assert past.status == 400 and past.error.startswith("Dieser Zeitpunkt liegt in der")
    opened = await app.call("POST", "/rounds/1/scoring", office, {"closes": "25.11.2026 12:00"})
    assert opened.status == 201 and opened.body["ballot_id"] == 1, opened.body
    assert opened.body["closes"] == "Mittwoch, 25. November 2026, 12:00 Uhr"
    await h.deliver()
    scoring = h.emu.last_message(rak.group.id)
    assert "Bewertung im Wettbewerb „Wettbewerb 2027, 1. Aufruf“" in scoring.text
    again = await app.call("POST", "/rounds/1/scoring", office, {"closes": "25.11.2026 12:00"})
    assert again.status == 409 and "Bewertung läuft" in again.error

    for rep in (0, 1, 2, 3, 4):
        await _score(rak, rep, 1, {1: 9, 2: 8, 3: 7})
    await h.send(office, "/abstimmung_schliessen 1")
    await h.deliver()

    shown = await app.call("GET", "/rounds/1", rak.reps[5])
    assert shown.body["status_label"].startswith("bewertet")
    area = shown.body["areas"][0]
    ranked = [(p["title"], p["mean"], p["placement"]) for p in area["proposals"]]
    assert ranked == [
        ("Jobcoaching Börde", "9,0", "selected"),
        ("Ausbildung plus", "8,0", "not_fitting"),
        ("Werkstatt 4.0", "7,0", "selected"),
    ]
    assert area["cutoff_rank"] == 2
    assert (area["selected"], area["remaining"]) == ("190.000,00 €", "10.000,00 €")
    chat = await h.send(rak.reps[5], "/runde 1")
    assert "Ausgewählt: 190.000,00 € von 200.000,00 €, Rest 10.000,00 €" in chat.text

    decided = await app.call("POST", "/rounds/1/selection", office, {"closes": "26.11.2026 12:00"})
    assert decided.status == 201 and decided.body["ballot_id"] == 2, decided.body
    await h.deliver()
    decision = h.emu.last_message(rak.group.id)
    assert "Bereich A: Nr. 1 Jobcoaching Börde, Nr. 3 Werkstatt 4.0" in decision.text
    for rep in (0, 1, 2, 3, 4):
        await h.press(rak.reps[rep], decision, "v:2:y")
    await h.send(office, "/abstimmung_schliessen 2")
    await h.deliver()
    shown = await app.call("GET", "/rounds/1", rak.reps[5])
    assert shown.body["status"] == "decided"
    listing = await app.call("GET", "/proposals?status=approved", rak.reps[5])
    assert [p["title"] for p in listing.body["proposals"]] == ["Jobcoaching Börde", "Werkstatt 4.0"]
