"""Documents attached, replaced and removed by the office in the Mini App: the uploaded file is
posted by the bot into the coordinator's private chat, its `file_id` stored through the chat's
own services (audit entries included), and the members get it with /unterlagen; empty and
oversized files, forged numbers and everyone but the office are refused before Telegram sees
anything."""

from __future__ import annotations

import aiohttp

from rakbot.domain.documents import MAX_FILE_BYTES
from rakbot.sandbox.models import FakeUser, SentMessage
from tests.e2e.harness import Harness
from tests.fuzz.world import World
from tests.web.conftest import App

SKETCH = b"%PDF-1.4\n% Projektskizze\n" + b"0" * 2000
BUDGET = b"Posten;Betrag\nPersonal;80000\n"
OFFICE_ONLY = "Das darf nur die Regionale Koordination."
TOO_BIG = "Die Datei ist größer als 20 MB."
EMPTY = "Die Datei ist leer (0 Byte). Bitte die richtige Datei schicken."


def files_to(h: Harness, user: FakeUser, since: int) -> list[SentMessage]:
    return [m for m in h.emu.messages[since:] if m.chat_id == user.id and m.kind == "document"]


async def test_attach_replace_and_remove_from_the_app(
    world: World, app: App, served: Harness
) -> None:
    office, rep = world.people["coordinator"], world.people["representative"]
    number, meeting = world.proposal_id, world.meeting_id

    mark = len(served.emu.messages)
    attached = await app.call(
        "POST",
        f"/proposals/{number}/documents",
        office,
        App.file("Skizze.pdf", SKETCH, "application/pdf"),
    )
    assert attached.status == 201, attached.body
    sketch = attached.body["document"]
    assert sketch["name"] == "Skizze.pdf" and sketch["size"] == "2,0 KB"
    assert attached.body["message"] == (
        f"Unterlage Nr. {sketch['id']} „Skizze.pdf“ (2,0 KB) an Antrag Nr. {number} angehängt."
    )
    [posted] = files_to(served, office, mark)
    assert posted.text == f"📎 Anhang zu Antrag Nr. {number}: „Skizze.pdf“ (aus der App)"
    assert posted.document == SKETCH

    item = await app.call(
        "POST",
        f"/meetings/{meeting}/items/2/documents",
        office,
        App.file("Kostenplan.csv", BUDGET, "text/csv"),
        language="en",
    )
    assert item.status == 201, item.body
    assert item.body["document"]["item"] == 1
    assert item.body["message"].startswith(f"Document no. {item.body['document']['id']}")
    agenda = await app.call("GET", f"/meetings/{meeting}/documents", rep)
    assert [d["name"] for d in agenda.body["documents"]] == ["Kostenplan.csv"]

    # the representative gets the file in the chat, sent again by its file_id
    mark = len(served.emu.messages)
    await served.send(rep, f"/unterlagen {number}")
    [copy] = files_to(served, rep, mark)
    assert copy.filename == "Skizze.pdf" and copy.document == SKETCH
    assert copy.payload["document"] == posted.content["document"]["file_id"]

    replaced = await app.call(
        "POST",
        f"/documents/{sketch['id']}/replace",
        office,
        App.file("Skizze-v2.pdf", SKETCH + b"v2", "application/pdf"),
    )
    assert replaced.status == 200, replaced.body
    assert replaced.body["document"]["name"] == "Skizze-v2.pdf"
    assert "statt „Skizze.pdf“" in replaced.body["message"]
    assert files_to(served, office, mark)[-1].text == (
        f"📎 Neue Fassung von Unterlage Nr. {sketch['id']} (Antrag Nr. {number}): "
        "„Skizze-v2.pdf“ (aus der App)"
    )

    removed = await app.call("POST", f"/documents/{sketch['id']}/remove", office, {})
    assert removed.status == 200
    assert removed.body["message"] == (
        f"Unterlage Nr. {sketch['id']} „Skizze-v2.pdf“ (Antrag Nr. {number}) entfernt; "
        "sie bleibt im /protokoll vermerkt."
    )
    listed = await app.call("GET", f"/proposals/{number}/documents", rep)
    assert listed.body["documents"] == []
    again = await app.call("POST", f"/documents/{sketch['id']}/remove", office, {})
    assert again.status == 404 and again.error.startswith(f"Eine Unterlage Nr. {sketch['id']}")

    log = (await served.send(office, "/protokoll")).last.raw_text
    assert f"Unterlage angehängt</b> – Antrag Nr. {number}: Unterlage Nr. {sketch['id']}" in log
    assert "„Skizze-v2.pdf“ statt „Skizze.pdf“" in log
    assert f"Unterlage entfernt</b> – Antrag Nr. {number}" in log
    assert f"Unterlage angehängt</b> – Sitzung Nr. {meeting}" in log


async def test_bad_uploads_are_refused_before_telegram_sees_them(
    world: World, app: App, served: Harness
) -> None:
    office, rep = world.people["coordinator"], world.people["representative"]
    number, meeting = world.proposal_id, world.meeting_id
    path = f"/proposals/{number}/documents"
    mark = len(served.emu.messages)

    empty = await app.call("POST", path, office, App.file("leer.pdf", b""))
    assert empty.status == 400 and empty.error == EMPTY
    huge = await app.call("POST", path, office, App.file("gross.pdf", b"0" * (MAX_FILE_BYTES + 1)))
    assert huge.status == 400 and huge.error.startswith(TOO_BIG)
    exact = await app.call("POST", path, office, App.file("genau.pdf", b"0" * MAX_FILE_BYTES))
    assert exact.status == 201, exact.body
    note = aiohttp.FormData(default_to_multipart=True)
    note.add_field("note", "keine Datei")
    no_file = await app.call("POST", path, office, note)
    assert no_file.status == 400 and no_file.error == "Bitte eine Datei auswählen."
    as_json = await app.call("POST", path, office, {"file": "Skizze.pdf"})
    assert as_json.status == 400 and as_json.error == "Diese Anfrage verstehe ich nicht."

    forged = {
        "/proposals/999999/documents": (404, "Einen Antrag Nr. 999999 gibt es nicht."),
        "/proposals/abc/documents": (404, "Das gibt es nicht (mehr)."),
        f"/meetings/{meeting}/items/0/documents": (404, "Das gibt es nicht (mehr)."),
        f"/meetings/{meeting}/items/99/documents": (409, f"Die Sitzung Nr. {meeting} hat keinen"),
        "/meetings/999999/items/1/documents": (404, "Eine Sitzung Nr. 999999 gibt es nicht."),
        "/documents/999999/replace": (404, "Eine Unterlage Nr. 999999 gibt es nicht."),
        "/documents/99999999999/replace": (404, "Das gibt es nicht (mehr)."),
    }
    for forged_path, (status, text) in forged.items():
        answer = await app.call("POST", forged_path, office, App.file("a.pdf", SKETCH))
        assert answer.status == status and answer.error.startswith(text), (forged_path, answer)
    gone = await app.call("POST", "/documents/999999/remove", office, {})
    assert gone.status == 404

    for key in ("representative", "deputy", "guest", "applicant"):
        refused = await app.call("POST", path, world.people[key], App.file("a.pdf", SKETCH))
        assert refused.status == 403, key
        if key != "applicant":
            assert refused.error == OFFICE_ONLY, (key, refused.error)
    # only the exact-size file reached Telegram
    assert [m.filename for m in files_to(served, office, mark)] == ["genau.pdf"]
    listed = await app.call("GET", path, rep)
    assert [d["name"] for d in listed.body["documents"]] == ["genau.pdf"]


async def test_a_refused_send_stores_nothing(world: World, app: App, served: Harness) -> None:
    """The office blocked the bot: Telegram refuses the file, the app says so and nothing is
    attached."""
    office = world.people["coordinator"]
    served.emu.block(office)
    refused = await app.call(
        "POST",
        f"/proposals/{world.proposal_id}/documents",
        office,
        App.file("Skizze.pdf", SKETCH, "application/pdf"),
    )
    assert refused.status == 502
    assert refused.error.startswith("Telegram hat die Datei nicht angenommen")
    listed = await app.call("GET", f"/proposals/{world.proposal_id}/documents", office)
    assert listed.body["documents"] == []
