"""The office's roster and invitations in the Mini App: each change checked in the chat
(/mitglieder, /einladungen, /protokoll), and bad input answered with the chat's messages."""

from __future__ import annotations

import re

from tests.e2e.harness import Harness
from tests.fuzz.world import World
from tests.web.conftest import App

FIX_FIELDS = "Bitte die markierten Felder prüfen."


async def test_office_edits_names_and_phones_and_it_shows_in_the_chat(
    world: World, app: App, served: Harness
) -> None:
    office, member = world.people["coordinator"], world.people["representative"]
    listed = await app.call("GET", "/roster", office)
    assert listed.status == 200
    people = {m["name"]: m for m in listed.body["members"]}
    assert people["Guest Muster"]["role_label"] == "Gast"
    assert "Deactivated Muster" not in people
    assert [r["code"] for r in listed.body["roles"]] == ["representative", "deputy", "guest"]
    own = next(m for m in listed.body["members"] if m["own"])
    assert own["role_editable"] is False

    guest = world.member_ids["guest"]
    changed = await app.call(
        "PUT", f"/members/{guest}", office, {"name": "Gisela Gast", "phone": "03904 7240-11"}
    )
    assert changed.status == 200, changed.body
    assert changed.body["name"] == "Gisela Gast" and changed.body["phone"] == "03904 7240-11"
    renamed_self = await app.call(
        "PUT", f"/members/{own['id']}", office, {"name": "Renate Breier-Koordination"}
    )
    assert renamed_self.status == 200 and renamed_self.body["own"] is True

    roster = await served.send(member, "/mitglieder")
    assert "Gisela Gast · 03904 7240-11" in roster.text, roster.text
    assert "Renate Breier-Koordination" in roster.text
    removed = await app.call("PUT", f"/members/{guest}", office, {"phone": ""})
    assert removed.status == 200 and removed.body["phone"] is None
    roster = await served.send(member, "/mitglieder")
    assert "Gisela Gast · 03904" not in roster.text

    # the form sends every field: what did not change is not saved or logged again
    same = await app.call(
        "PUT", f"/members/{guest}", office, {"name": " Gisela  Gast ", "phone": "", "role": "guest"}
    )
    assert same.status == 200 and same.body["name"] == "Gisela Gast"

    log = (await served.send(office, "/protokoll")).last.raw_text
    assert log.count("Name geändert</b> – Gisela Gast") == 1
    assert "Name geändert</b> – Gisela Gast (Renate Breier-Koordination)" in log, log
    assert log.count("Telefonnummer geändert</b> – Gisela Gast") == 2
    assert "Name geändert</b> – Renate Breier-Koordination" in log


async def test_roles_and_institutions_follow_the_seat_rules(
    world: World, app: App, served: Harness
) -> None:
    office = world.people["coordinator"]
    guest, deputy = world.member_ids["guest"], world.member_ids["deputy"]
    free, taken = world.institution_ids[1], world.institution_ids[0]
    seat = await app.call(
        "PUT", f"/members/{guest}", office, {"role": "representative", "institution_id": taken}
    )
    assert seat.status == 409 and seat.error == FIX_FIELDS
    assert seat.body["fields"]["role"].startswith("Diese Institution hat schon eine Vertretung.")
    needs = await app.call("PUT", f"/members/{guest}", office, {"role": "deputy"})
    assert needs.body["fields"] == {
        "institution_id": "Für diese Rolle braucht es eine Institution."
    }
    moved = await app.call(
        "PUT", f"/members/{guest}", office, {"role": "representative", "institution_id": free}
    )
    assert moved.status == 200, moved.body
    assert moved.body["role_label"] == "Vertretung (stimmberechtigt)"
    other = await app.call("PUT", f"/members/{deputy}", office, {"institution_id": free})
    assert other.status == 200 and other.body["institution_id"] == free
    office_role = await app.call("PUT", f"/members/{deputy}", office, {"role": "coordinator"})
    assert office_role.status == 409
    assert office_role.body["fields"]["role"].startswith("Die Rolle „Regionale Koordination“")

    roster = (await served.send(office, "/mitglieder")).text
    second = roster.split("\n\n")
    block = next(part for part in second if "Guest Muster" in part)
    assert "Vertretung (stimmberechtigt): Guest Muster" in block
    assert "Stellvertretung: Deputy Muster" in block
    log = (await served.send(office, "/protokoll")).text
    assert "Rolle geändert – Guest Muster" in log and "Institution gewechselt – Guest Muster" in log


async def test_bad_member_input_gets_the_chats_messages(world: World, app: App) -> None:
    office = world.people["coordinator"]
    guest = world.member_ids["guest"]
    both = await app.call("PUT", f"/members/{guest}", office, {"name": "x", "phone": "ruf an"})
    assert both.status == 400 and both.error == FIX_FIELDS
    assert both.body["fields"] == {
        "name": "Bitte einen Namen mit 2 bis 200 Zeichen.",
        "phone": "Das sieht nicht nach einer Telefonnummer aus. Beispiel: 03904 7240-0",
    }
    long = await app.call("PUT", f"/members/{guest}", office, {"name": "N" * 201})
    assert long.body["fields"]["name"] == "Bitte einen Namen mit 2 bis 200 Zeichen."
    english = await app.call("PUT", f"/members/{guest}", office, {"name": "x"}, language="en")
    assert english.error == "Please check the marked fields."
    for body in ({"name": 5}, {"role": "chef"}, {"institution_id": "1"}, {"institution_id": True}):
        bad = await app.call("PUT", f"/members/{guest}", office, body)
        assert bad.status == 400 and bad.error == "Diese Anfrage verstehe ich nicht.", body
    unknown_institution = await app.call(
        "PUT", f"/members/{guest}", office, {"institution_id": 424242}
    )
    assert unknown_institution.body["fields"]["institution_id"] == (
        "Diese Institution gibt es in Ihrem Gremium nicht (mehr)."
    )
    for member_id in (
        world.member_ids["deactivated"],
        world.member_ids["other_committee"],
        424242,
    ):
        gone = await app.call("PUT", f"/members/{member_id}", office, {"name": "Neu Name"})
        assert gone.status == 404
        assert gone.error == "Diese Person ist nicht (mehr) aktiv in Ihrem Gremium."
    assert (await app.call("PUT", "/members/abc", office, {"name": "Neu"})).status == 404
    raw = await app.call("PUT", f"/members/{guest}", office, raw=b"{")
    assert raw.status == 400


async def test_invite_with_qr_code_created_redeemed_and_withdrawn(
    world: World, app: App, served: Harness
) -> None:
    office = world.people["coordinator"]
    created = await app.call(
        "POST", "/invites", office, {"role": "deputy", "institution_id": world.institution_ids[1]}
    )
    assert created.status == 201, created.body
    link = created.body["link"]
    username = served.emu.bot_user.username
    assert re.fullmatch(rf"https://t\.me/{username}\?start=[A-Za-z0-9_-]{{32}}", link), link
    svg = created.body["qr_svg"]
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and "<title>" in svg
    assert created.body["invite"]["role_label"] == "Stellvertretung"
    listed = await app.call("GET", "/invites", office)
    assert [i["id"] for i in listed.body["invites"]] == [created.body["invite"]["id"]]
    shown = await served.send(office, "/einladungen")
    assert "1. Stellvertretung," in shown.text

    newcomer = served.user("Nora", last_name="Neu")
    token = link.split("start=")[1]
    reply = await served.send(newcomer, f"/start {token}")
    assert "Sie wurden in den RAK eingeladen" in reply.text

    second = await app.call("POST", "/invites", office, {"role": "guest"})
    assert second.status == 201
    number = second.body["invite"]["id"]
    withdrawn = await app.call("POST", f"/invites/{number}/withdraw", office, {})
    assert withdrawn.status == 200 and withdrawn.body["message"] == "Zurückgezogen"
    again = await app.call("POST", f"/invites/{number}/withdraw", office, {})
    assert again.status == 409 and again.error == "Dieser Link war nicht mehr offen."
    log = (await served.send(office, "/protokoll")).text
    assert log.count("Einladungslink erstellt") == 2 and "Einladungslink zurückgezogen" in log


async def test_bad_invites_get_the_chats_messages(world: World, app: App) -> None:
    office = world.people["coordinator"]
    seat = await app.call(
        "POST", "/invites", office, {"role": "representative", "institution_id": None}
    )
    assert seat.status == 409
    assert seat.body["fields"] == {"institution_id": "Für diese Rolle braucht es eine Institution."}
    taken = await app.call(
        "POST",
        "/invites",
        office,
        {"role": "representative", "institution_id": world.institution_ids[0]},
    )
    assert taken.body["fields"]["role"].startswith("Diese Institution hat schon eine Vertretung.")
    unknown = await app.call("POST", "/invites", office, {"role": "guest", "institution_id": 9999})
    assert unknown.body["fields"]["institution_id"] == (
        "Diese Institution gibt es in Ihrem Gremium nicht (mehr)."
    )
    for body in ({"role": "boss"}, {}, {"role": "guest", "institution_id": "3"}):
        bad = await app.call("POST", "/invites", office, body)
        assert bad.status == 400 and bad.error == "Diese Anfrage verstehe ich nicht.", body
    gone = await app.call("POST", "/invites/4242/withdraw", office, {})
    assert gone.status == 409
    assert (await app.call("GET", "/invites", office)).body["invites"] == []
