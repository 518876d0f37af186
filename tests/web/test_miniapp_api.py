"""The Mini App's API end to end: sign-in, the access matrix per endpoint and role, and each
change checked in the chat (the group card, /antraege, /protokoll)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from handlers.access import PROFILES, allowed
from rakbot.domain.access import Audience, Scope
from rakbot.domain.documents import Target
from rakbot.domain.roles import Role
from rakbot.services import competition, documents, invites, proposals
from rakbot.services.proposals import ProposalForm
from rakbot.web.miniapp import ENDPOINTS
from rakbot.web.miniapp.call import Endpoint
from tests.e2e.harness import Harness
from tests.e2e.meeting_setup import announced_card, plan_meeting_as
from tests.fuzz.world import World
from tests.web.conftest import APP_URL, App

SIGN_IN = "Die Anmeldung aus Telegram ist ungültig oder abgelaufen."
MEMBERS_ONLY = "Das steht nur Mitgliedern des RAK zur Verfügung."
OFFICE_ONLY = "Das darf nur die Regionale Koordination."
SEATS_ONLY = "Unterlagen erhalten nur die Vertretungen und Stellvertretungen der Institutionen"
REFUSAL_OF = {"coordinator": OFFICE_ONLY, "seat_or_office": SEATS_ONLY}
FORM = {
    "title": "Jobcoaching Börde 2027",
    "area": "C",
    "applicant": "Jobcenter Börde",
    "amount": "125.000,50 €",
    "duration": "24 Monate",
    "description": "Coaching für Langzeitarbeitslose",
    "institution_id": None,
}


async def _new_proposal(world: World, title: str = "Sprachkurs Beruf") -> int:
    rt = world.rt
    saved = await proposals.create(
        rt,
        committee_id=rt.committee_id,
        member_id=world.member_ids["coordinator"],
        form=ProposalForm(
            title=title,
            area="B",
            applicant="VHS Börde",
            amount="80.000 €",
            duration="12 Monate",
        ),
    )
    return saved.id


async def _new_round(world: World) -> int:
    """A round with two proposals of its own (area B), not yet scored."""
    for title in ("Sprachkurs Beruf", "Werkstatt Metall"):
        await _new_proposal(world, title)
    rt = world.rt
    view = await competition.create_round(
        rt,
        rt.committee_id,
        "Wettbewerb 2027",
        {"B": 20_000_000},
        actor_member_id=world.member_ids["coordinator"],
    )
    return view.id


async def _new_invite(world: World) -> int:
    rt = world.rt
    created = await invites.create(
        rt, rt.committee_id, Role.GUEST, None, actor_member_id=world.member_ids["coordinator"]
    )
    return created.invite.id


async def _new_document(world: World) -> int:
    """A file the office attached to the world's proposal in the chat (`/anhang`)."""
    office = world.people["coordinator"]
    await world.h.send_file(
        office, "Skizze.pdf", b"%PDF-1.4 Skizze", caption=f"/anhang {world.proposal_id}"
    )
    found = await documents.listing(
        world.rt, world.rt.committee_id, Target(proposal_id=world.proposal_id)
    )
    assert found is not None and found.documents
    return found.documents[-1].id


#: endpoints whose success needs a state the matrix does not build (a scored round): the
#: coordinator's call passes the access rule and is refused by the rules of the round
NOT_IN_THIS_STATE = {("POST", "/rounds/{id}/selection")}


async def _request(endpoint: Endpoint, world: World) -> tuple[str, Any]:
    """A path and body with which the endpoint succeeds for someone allowed to use it."""
    fresh = await _new_proposal(world) if "{id}" in endpoint.path else 0
    ids = {
        "proposals": fresh,
        "meetings": world.meeting_id,
        "rounds": 0,
        "members": world.member_ids["guest"],
        "invites": 0,
        "requests": world.request_id,
        "documents": 0,
    }
    if endpoint.path.startswith("/documents/"):
        ids["documents"] = await _new_document(world)
    if endpoint.path.startswith("/rounds/"):
        ids["rounds"] = await _new_round(world)
    if endpoint.path.startswith("/invites/"):
        ids["invites"] = await _new_invite(world)
    path = endpoint.path.replace("{n}", "1")
    if "{id}" in path:
        path = path.replace("{id}", str(ids[path.split("/")[1]]))
    if endpoint.path.endswith(("/documents", "/replace")) and endpoint.method == "POST":
        return path, App.file("Skizze.pdf", b"%PDF-1.4 Skizze", "application/pdf")
    bodies = {
        ("POST", "/proposals"): FORM,
        ("PUT", "/proposals/{id}"): {**FORM, "title": "Neu"},
        ("POST", "/proposals/{id}/withdraw"): {"reason": "Träger zieht zurück"},
        ("POST", "/meetings/{id}/answer"): {"answer": "yes"},
        ("PUT", "/meetings/{id}/agenda"): {"items": ["Anträge", "Begrüßung"]},
        ("POST", "/rounds/{id}/scoring"): {"closes": "01.12.2026 18:00"},
        ("POST", "/rounds/{id}/selection"): {"closes": "01.12.2026 18:00"},
        ("PUT", "/members/{id}"): {"phone": "03904 7240-0"},
        ("POST", "/invites"): {"role": "guest", "institution_id": None},
        ("POST", "/invites/{id}/withdraw"): {},
        ("POST", "/requests/{id}/reply"): {"text": "Gern, rufen Sie mich an."},
        ("POST", "/requests/{id}/proposal"): {"when": "02.12.2026 10:00"},
        ("POST", "/requests/{id}/done"): {},
    }
    return path, bodies.get((endpoint.method, endpoint.path))


async def test_every_endpoint_for_every_kind_of_person(world: World, app: App) -> None:
    """Each endpoint × each profile of the chat's access matrix: allowed ones succeed, the
    others get the chat's own refusal."""
    checked = 0
    for endpoint in ENDPOINTS:
        for profile in PROFILES:
            user = world.people[profile.key]
            path, body = await _request(endpoint, world)
            answer = await app.call(endpoint.method, path, user, body)
            expected = allowed(profile, endpoint.audience, Scope.BOT)
            label = f"{endpoint.method} {endpoint.path} as {profile.key}: {answer.body}"
            if expected:
                wanted = 409 if (endpoint.method, endpoint.path) in NOT_IN_THIS_STATE else None
                assert answer.status == (wanted or endpoint.status), label
            else:
                assert answer.status == 403, label
                refusal = REFUSAL_OF.get(endpoint.audience, MEMBERS_ONLY)
                if endpoint.audience == "seat_or_office" and not allowed(
                    profile, Audience.MEMBER, Scope.BOT
                ):
                    refusal = MEMBERS_ONLY  # as in the chat: who is no member hears that first
                assert answer.error.startswith(refusal), label
            checked += 1
    assert checked == len(ENDPOINTS) * len(PROFILES) >= 14 * 7


async def test_sign_in_is_refused_without_valid_data(world: World, app: App) -> None:
    office = world.people["coordinator"]
    good = app.init_data(office)
    refused = [
        await app.call("GET", "/me"),
        await app.call("GET", "/me", init_data=good[:-2] + "00"),
        await app.call("GET", "/me", init_data=app.init_data(office, age=7 * 3600)),
        await app.call("GET", "/me", init_data="user=%7B%7D"),
    ]
    for answer in refused:
        assert answer.status == 401 and answer.error.startswith(SIGN_IN), answer
    ok = await app.call("GET", "/me", init_data=good)
    assert ok.status == 200 and ok.body["coordinator"] is True
    assert ok.body["labels"]["tab_proposals"] == "Anträge"
    english = await app.call("GET", "/me", office, language="en")
    assert english.body["labels"]["tab_proposals"] == "Proposals"
    assert english.body["statuses"]["withdrawn"] == "withdrawn"


async def test_menu_button_for_members_and_coordinators_only(world: World, served: Harness) -> None:
    """At start-up every member of the roster gets "RAK öffnen"; a role change follows."""
    await served.restart()
    buttons = served.emu.menu_buttons
    for key in ("coordinator", "representative", "deputy", "guest"):
        button = buttons[world.people[key].id]
        assert button["type"] == "web_app" and button["text"] == "RAK öffnen", key
        assert button["web_app"]["url"] == APP_URL
    for key in ("applicant", "deactivated", "other_committee"):
        assert buttons.get(world.people[key].id, {"type": "default"})["type"] == "default"


async def test_proposal_created_edited_withdrawn_shows_in_the_chat(
    world: World, app: App, served: Harness
) -> None:
    office, member = world.people["coordinator"], world.people["representative"]
    created = await app.call("POST", "/proposals", office, FORM)
    assert created.status == 201, created.body
    assert created.body["amount_cents"] == 12_500_050
    assert created.body["amount"] == "125.000,50 €"
    number = created.body["id"]
    listing = await served.send(member, "/antraege")
    assert "Jobcoaching Börde 2027" in listing.text and "125.000,50 €" in listing.text

    edited = await app.call(
        "PUT", f"/proposals/{number}", office, {**FORM, "amount": "98.500 €", "area": "D"}
    )
    assert edited.status == 200, edited.body
    listing = await served.send(member, "/antraege")
    assert "98.500,00 €" in listing.text and "125.000,50 €" not in listing.text
    assert "Förderbereich D" in listing.text

    short = await app.call("POST", f"/proposals/{number}/withdraw", office, {"reason": "x"})
    assert short.status == 400 and short.error == "Bitte einen Grund angeben (3 bis 500 Zeichen)."
    withdrawn = await app.call(
        "POST", f"/proposals/{number}/withdraw", office, {"reason": "Träger hat abgesagt"}
    )
    assert withdrawn.status == 200 and withdrawn.body["status"] == "withdrawn"
    listing = await served.send(member, "/antraege")
    assert "(zurückgezogen)" in listing.text
    again = await app.call("PUT", f"/proposals/{number}", office, FORM)
    assert again.status == 409 and "nicht mehr geändert" in again.error

    log = await served.send(office, "/protokoll")
    assert f"Antrag erfasst</b> – Antrag Nr. {number}" in log.last.raw_text
    assert f"Antrag geändert</b> – Antrag Nr. {number}" in log.last.raw_text
    assert f"Antrag zurückgezogen</b> – Antrag Nr. {number}: Träger hat abgesagt" in (
        log.last.raw_text
    )

    filtered = await app.call("GET", "/proposals?area=D&status=withdrawn", member)
    assert [p["id"] for p in filtered.body["proposals"]] == [number]
    none = await app.call("GET", "/proposals?area=A&status=withdrawn", member)
    assert none.body["proposals"] == []


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("125 T€", "Bitte den Betrag ausschreiben: statt „125 T€“ also „125.000 €“."),
        ("1.5", "Das ist nicht eindeutig. Bitte deutsch schreiben"),
        ("0", "Der Betrag muss größer als 0 € sein."),
        ("zwölf", "Das ist kein Betrag."),
        ("-5 €", "Der Betrag darf nicht negativ sein."),
    ],
)
async def test_bad_amounts_get_the_chats_messages(
    world: World, app: App, amount: str, message: str
) -> None:
    answer = await app.call(
        "POST", "/proposals", world.people["coordinator"], {**FORM, "amount": amount}
    )
    assert answer.status == 400
    assert answer.body["fields"]["amount"].startswith(message)


async def test_bad_form_fields_each_get_their_message(world: World, app: App) -> None:
    office = world.people["coordinator"]
    bad = {
        **FORM,
        "title": "ab",
        "area": "Z",
        "duration": "01.01.2027–31.12.2026",
        "institution_id": 999999,
    }
    answer = await app.call("POST", "/proposals", office, bad)
    assert answer.status == 400 and answer.error == "Bitte die markierten Felder prüfen."
    assert answer.body["fields"] == {
        "title": "Bitte zwischen 3 und 300 Zeichen.",
        "area": "Diesen Förderbereich gibt es nicht.",
        "duration": "Das Ende liegt vor dem Beginn. Zum Beispiel: 01.01.2027–31.12.2028.",
        "institution_id": "Diese Institution gibt es nicht.",
    }
    english = await app.call("POST", "/proposals", office, bad, language="en")
    assert english.error == "Please check the marked fields."
    for raw in (b"not json", b"[1]", b'{"title": 5}'):
        answer = await app.call("POST", "/proposals", office, raw=raw)
        assert answer.status == 400 and answer.error == "Diese Anfrage verstehe ich nicht."
    for path in ("/proposals/abc", "/proposals/99999999999", "/proposals/424242"):
        assert (await app.call("GET", path, office)).status == 404
    unknown = await app.call("GET", "/proposals?status=vielleicht", office)
    assert unknown.status == 400 and unknown.error == "Diesen Status gibt es nicht."


async def test_answer_in_the_app_updates_the_group_card(
    world: World, app: App, served: Harness
) -> None:
    office, member = world.people["coordinator"], world.people["representative"]
    await plan_meeting_as(served, office, "02.12.2026 10:00")
    before = await announced_card(served, world.group.id)
    assert "Representative Muster" not in before.text
    listed = await app.call("GET", "/meetings", member)
    meeting = listed.body["meetings"][-1]
    assert meeting["when"] == "Mittwoch, 2. Dezember 2026, 10:00 Uhr"
    assert meeting["answer"] is None and meeting["deputy_possible"] is True
    path = f"/meetings/{meeting['id']}/answer"
    answer = await app.call("POST", path, member, {"answer": "yes"})
    assert answer.status == 200 and answer.body["message"] == "Zusage gespeichert."
    await served.travel(timedelta(seconds=30))
    after = await announced_card(served, world.group.id)
    assert after.message_id == before.message_id
    assert "Representative Muster" in after.text, after.text
    listed = await app.call("GET", "/meetings", member)
    assert listed.body["meetings"][-1]["answer"] == "yes"
    guest = await app.call("POST", path, world.people["guest"], {"answer": "deputy"})
    assert guest.status == 409 and guest.error.startswith("„Stellvertretung kommt“")
    bad = await app.call("POST", path, member, {"answer": "vielleicht"})
    assert bad.status == 400 and bad.error == "Diese Anfrage verstehe ich nicht."
    gone = await app.call("POST", "/meetings/4242/answer", member, {"answer": "yes"})
    assert gone.status == 404 and gone.error == "Diese Sitzung gibt es nicht mehr."
    log = await served.send(office, "/protokoll")
    assert "Rückmeldung zur Sitzung" in log.text


async def test_agenda_reordered_in_the_app_shows_in_the_chat(
    world: World, app: App, served: Harness
) -> None:
    office = world.people["coordinator"]
    path = f"/meetings/{world.meeting_id}/agenda"
    saved = await app.call(
        "PUT", path, office, {"items": ["Anträge", "Begrüßung", "Verschiedenes"]}
    )
    assert saved.status == 200, saved.body
    reply = await served.send(world.people["representative"], "/naechste_sitzung")
    text = reply.text
    assert text.index("Anträge") < text.index("Begrüßung") < text.index("Verschiedenes")
    too_long = await app.call("PUT", path, office, {"items": ["x" * 301]})
    assert too_long.status == 400 and too_long.error.startswith("Punkt 1 der Tagesordnung hat 301")
    many = await app.call("PUT", path, office, {"items": [f"P{i}" for i in range(31)]})
    assert many.error.startswith("Höchstens 30 Tagesordnungspunkte")
    log = await served.send(office, "/protokoll")
    assert "Sitzung geändert" in log.text


async def test_round_refusals_and_the_scoring_posted_once(
    world: World, app: App, served: Harness
) -> None:
    office = world.people["coordinator"]
    for title, amount in (("Sprachkurs Beruf", "80.000 €"), ("Werkstatt Metall", "150.000 €")):
        created = await app.call(
            "POST", "/proposals", office, {**FORM, "title": title, "area": "B", "amount": amount}
        )
        assert created.status == 201, created.body
    round_id = await _round_of_b(world)
    shown = await app.call("GET", f"/rounds/{round_id}", world.people["guest"])
    assert shown.status == 200 and shown.body["can_score"] is True
    area = shown.body["areas"][0]
    assert area["budget"] == "200.000,00 €" and len(area["proposals"]) == 2
    path = f"/rounds/{round_id}/scoring"
    for body in ({"closes": 5}, {}, []):
        bad = await app.call("POST", path, office, body)
        assert bad.status == 400 and bad.error == "Diese Anfrage verstehe ich nicht."
    vague = await app.call("POST", path, office, {"closes": "morgen"})
    assert vague.status == 400 and vague.error.startswith("Bitte geben Sie auch die Uhrzeit an.")
    unknown = await app.call("POST", "/rounds/77/scoring", office, {"closes": "01.12.2026 18:00"})
    assert unknown.status == 404 and unknown.error.startswith("Diesen Wettbewerb gibt es nicht.")
    opened = await app.call("POST", path, office, {"closes": "01.12.2026 18:00"})
    assert opened.status == 201, opened.body
    await served.deliver()
    await served.deliver()
    posted = [
        m for m in served.emu.messages_to(world.group.id) if "Bewertung im Wettbewerb" in m.text
    ]
    assert len(posted) == 1
    listed = await app.call("GET", "/rounds", world.people["representative"])
    assert listed.body["rounds"][0]["status_label"] == "Bewertung läuft"


async def _round_of_b(world: World) -> int:
    rt = world.rt
    view = await competition.create_round(
        rt,
        rt.committee_id,
        "Wettbewerb 2027",
        {"B": 20_000_000},
        actor_member_id=world.member_ids["coordinator"],
    )
    return view.id
