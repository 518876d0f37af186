"""Appointment requests in the Mini App: the office's list, reply, proposed date and "done",
each checked where it lands (the applicant's chat, /meine_anfragen, /protokoll), and bad input
answered with the chat's messages."""

from __future__ import annotations

from tests.e2e.harness import Harness
from tests.fuzz.world import World
from tests.web.conftest import App

GONE = "Diese Terminanfrage gibt es nicht (mehr)."
DONE = "Diese Terminanfrage ist bereits erledigt; es geht nichts mehr an die Person."


async def test_office_lists_replies_proposes_and_closes(
    world: World, app: App, served: Harness
) -> None:
    office, anna = world.people["coordinator"], world.people["applicant"]
    await served.send(anna, "/start")
    number = world.request_id
    listed = await app.call("GET", "/requests", office)
    assert listed.status == 200 and listed.body["total"] == 1
    item = listed.body["requests"][0]
    assert item["reference"] == f"T-2026-{number:04d}" and item["name"] == "Anna Antrag"
    assert item["topic"] == "Beratung zu Förderbereich B" and item["contact"] == "03904 123456"
    assert item["preferred_days"] == "Dienstags" and item["status_label"] == "eingegangen"
    assert item["age"] == "seit heute" and item["proposed"] is None
    assert item["can_reply"] and item["can_propose"] and item["can_close"]

    replied = await app.call(
        "POST", f"/requests/{number}/reply", office, {"text": " Gern, rufen Sie mich an <b>. "}
    )
    assert replied.status == 200, replied.body
    assert replied.body["message"] == (
        f"Ihre Antwort geht an Anna Antrag (T-2026-{number:04d}). Stand: beantwortet."
    )
    proposed = await app.call(
        "POST", f"/requests/{number}/proposal", office, {"when": "25.12.2026 10:00"}
    )
    assert proposed.status == 200, proposed.body
    assert "Freitag, 25. Dezember 2026, 10:00 Uhr" in proposed.body["message"]
    assert "Feiertag in Sachsen-Anhalt (Erster Weihnachtstag)" in proposed.body["message"]
    assert proposed.body["proposed"] == "Fr., 25.12.2026, 10:00 Uhr"
    await served.deliver()
    to_anna = [m for m in served.emu.messages_to(anna.id)]
    answer = [m for m in to_anna if "Antwort der Regionalen Koordination" in m.text]
    assert len(answer) == 1 and "rufen Sie mich an <b>." in answer[0].text
    proposal = [m for m in to_anna if "Terminvorschlag" in m.text]
    assert len(proposal) == 1 and "Fr., 25.12.2026, 10:00 Uhr" in proposal[0].text
    assert [label for row in proposal[0].buttons() for label, _ in row] == [
        "✅ Zusagen",
        "❌ Absagen",
    ]
    yes = await served.press_label(anna, proposal[0], "Zusagen")
    assert yes.callback_answer["text"] == "Gespeichert"

    closed = await app.call("POST", f"/requests/{number}/done", office, {})
    assert closed.status == 200 and closed.body["message"] == "Als erledigt markiert."
    again = await app.call("POST", f"/requests/{number}/done", office, {})
    assert again.status == 409
    assert again.error.startswith(f"Schon erledigt: T-2026-{number:04d} wurde am ")
    late = await app.call("POST", f"/requests/{number}/reply", office, {"text": "Noch etwas"})
    assert late.status == 409 and late.error == DONE
    empty = await app.call("GET", "/requests", office)
    assert empty.body == {"requests": [], "total": 0}

    mine = await served.send(anna, "/meine_anfragen")
    assert "Stand: erledigt" in mine.text
    log = (await served.send(office, "/protokoll")).last.raw_text
    for step in ("Terminanfrage beantwortet", "Termin vorgeschlagen", "erledigt"):
        assert step in log, (step, log)


async def test_bad_input_gets_the_chats_messages(world: World, app: App, served: Harness) -> None:
    office, anna = world.people["coordinator"], world.people["applicant"]
    number = world.request_id
    base = f"/requests/{number}"
    short = await app.call("POST", base + "/reply", office, {"text": " x "})
    assert short.status == 400 and short.error == "Das ist zu kurz. Bitte mindestens 2 Zeichen."
    long = await app.call("POST", base + "/reply", office, {"text": "x" * 3001})
    assert long.status == 400
    assert long.error == "Das ist zu lang (3001 Zeichen). Bitte höchstens 3000 Zeichen."
    for body in ({}, {"text": 5}, {"text": None}):
        wrong = await app.call("POST", base + "/reply", office, body)
        assert wrong.status == 400 and wrong.error == "Diese Anfrage verstehe ich nicht.", body
    garbage = await app.call("POST", base + "/reply", office, raw=b"\xff{")
    assert garbage.status == 400

    past = await app.call("POST", base + "/proposal", office, {"when": "20.11.2026 10:00"})
    assert past.status == 400
    assert past.error.startswith("Dieser Zeitpunkt liegt in der Vergangenheit.\nSo geht es")
    no_time = await app.call("POST", base + "/proposal", office, {"when": "morgen"})
    assert no_time.error.startswith("Bitte geben Sie auch die Uhrzeit an.")
    no_day = await app.call("POST", base + "/proposal", office, {"when": "31.11.2026 10:00"})
    assert no_day.error.startswith("Diesen Tag gibt es nicht im Kalender.")
    english = await app.call(
        "POST", base + "/proposal", office, {"when": "20.11.2026 10:00"}, language="en"
    )
    assert english.status == 400 and "in the past" in english.error

    for forged in ("999999", "0", "abc", "99999999999", "1e3"):
        for action in ("reply", "proposal", "done"):
            body = {"text": "Hallo", "when": "02.12.2026 10:00"}
            answer = await app.call("POST", f"/requests/{forged}/{action}", office, body)
            assert answer.status == 404, (forged, action, answer.body)
    gone = await app.call("POST", "/requests/999999/done", office, {})
    assert gone.error == GONE

    # nothing of this reached the applicant or the log
    await served.deliver()
    assert not [m for m in served.emu.messages_to(anna.id) if "Regionalen Koordination" in m.text]
    log = (await served.send(office, "/protokoll")).last.raw_text
    assert "Terminanfrage beantwortet" not in log and "Termin vorgeschlagen" not in log
