"""Documents in the Mini App: a proposal's and an agenda item's files listed for
representatives, deputies and the office, and "An mich senden" sending the file by its
`file_id` into the viewer's private chat through the outbox; guests and applicants get the
chat's refusal, forged numbers a clear answer."""

from __future__ import annotations

from tests.e2e.harness import Harness
from tests.fuzz.world import World
from tests.web.conftest import App

SKETCH = b"%PDF-1.4\n% Projektskizze\n" + b"0" * 2000
SEATS_ONLY = (
    "Unterlagen erhalten nur die Vertretungen und Stellvertretungen der Institutionen und die "
    "Regionale Koordination."
)


async def test_documents_are_listed_and_sent_by_file_id(
    world: World, app: App, served: Harness
) -> None:
    office, deputy = world.people["coordinator"], world.people["deputy"]
    number, meeting = world.proposal_id, world.meeting_id
    await served.send_file(office, "Skizze.pdf", SKETCH, caption=f"/anhang {number}")
    await served.send_file(
        office, "Kostenplan.csv", b"Posten;Betrag\n", caption=f"/anhang sitzung {meeting} top 2"
    )
    me = await app.call("GET", "/me", deputy)
    assert me.body["documents"] is True and me.body["labels"]["document_send"] == "An mich senden"
    guest_me = await app.call("GET", "/me", world.people["guest"])
    assert guest_me.body["documents"] is False

    listed = await app.call("GET", f"/proposals/{number}/documents", deputy)
    assert listed.status == 200, listed.body
    [sketch] = listed.body["documents"]
    assert sketch["name"] == "Skizze.pdf" and sketch["size"] == "2,0 KB"
    assert listed.body["attach_hint"] == f"Datei im Chat mit /anhang {number} schicken"
    agenda = await app.call("GET", f"/meetings/{meeting}/documents", office)
    [budget] = agenda.body["documents"]
    assert budget["name"] == "Kostenplan.csv" and budget["item"] == 1 and budget["size"] == "14 B"

    await served.send(deputy, "/start")
    before = len(served.emu.messages)
    sent = await app.call("POST", f"/documents/{sketch['id']}/send", deputy, {})
    assert sent.status == 200
    assert sent.body["message"] == "„Skizze.pdf“ kommt gleich in Ihren privaten Chat mit dem Bot."
    english = await app.call("POST", f"/documents/{budget['id']}/send", deputy, {}, language="en")
    assert english.body["message"].startswith("“Kostenplan.csv” is on its way")
    await served.deliver()
    files = [m for m in served.emu.messages[before:] if m.chat_id == deputy.id]
    assert [m.kind for m in files] == ["document", "document"]
    assert files[0].text == f"Antrag Nr. {number} – Unterlage Nr. {sketch['id']} (2,0 KB)"
    assert files[1].text.startswith(f"Meeting no. {meeting}, item 2: Anträge")


async def test_guests_applicants_and_forged_numbers_are_refused(
    world: World, app: App, served: Harness
) -> None:
    office = world.people["coordinator"]
    await served.send_file(office, "Skizze.pdf", SKETCH, caption=f"/anhang {world.proposal_id}")
    for key in ("guest", "applicant"):
        for method, path in (
            ("GET", f"/proposals/{world.proposal_id}/documents"),
            ("GET", f"/meetings/{world.meeting_id}/documents"),
            ("POST", "/documents/1/send"),
        ):
            refused = await app.call(method, path, world.people[key], {})
            assert refused.status == 403, (key, path, refused.body)
            expected = SEATS_ONLY if key == "guest" else "Das steht nur Mitgliedern des RAK"
            assert refused.error.startswith(expected), (key, path, refused.error)

    rep = world.people["representative"]
    for path in ("/proposals/999999/documents", "/proposals/abc/documents"):
        assert (await app.call("GET", path, rep)).status == 404
    no_meeting = await app.call("GET", "/meetings/999999/documents", rep)
    assert no_meeting.status == 404
    assert no_meeting.error == "Eine Sitzung Nr. 999999 gibt es nicht. Sitzungen: /termine"
    for forged in ("999999", "0", "-1", "99999999999"):
        gone = await app.call("POST", f"/documents/{forged}/send", rep, {})
        assert gone.status == 404, forged
    gone = await app.call("POST", "/documents/999999/send", rep, {})
    assert gone.error == "Dazu gibt es keine Unterlagen (mehr)."
    before = len(served.emu.messages)
    await served.deliver()
    assert not [m for m in served.emu.messages[before:] if m.kind == "document"]
