"""Ballots in the Mini App (running ones to read, closed ones with their numbers) and agenda
items linked to the proposals and ballots they concern."""

from __future__ import annotations

from datetime import timedelta

from rakbot.services import meetings
from tests.e2e.harness import Harness
from tests.fuzz.world import World
from tests.web.conftest import App


async def test_running_ballot_to_read_and_closed_result_with_numbers(
    world: World, app: App, served: Harness
) -> None:
    member = world.people["guest"]
    board = await app.call("GET", "/ballots", member)
    assert board.status == 200
    [running] = board.body["running"]
    assert running["id"] == world.ballot_id
    assert running["question"] == "Soll der Arbeitskreis den Jahresbericht annehmen?"
    assert running["closes"] == "Mi., 25.11.2026, 12:00 Uhr"
    assert running["status_label"] == "läuft" and "offen" in running["procedure"]
    assert board.body["closed"] == []

    await served.press(
        world.people["representative"], world.ballot_message(), f"v:{world.ballot_id}:y"
    )
    await served.travel(timedelta(days=3))  # the deadline closes it
    board = await app.call("GET", "/ballots", member)
    assert board.body["running"] == []
    [closed] = board.body["closed"]
    chat = await served.send(member, "/ergebnisse")
    assert f"Nr. {world.ballot_id}</b> ({closed['closed']})" in chat.last.raw_text
    assert closed["outcome"] and closed["outcome"].split(" – ")[0] in chat.text, closed
    assert [(bar["label"], bar["value"], bar["note"]) for bar in closed["bars"]] == [
        ("Ja", 1, "1"),
        ("Nein", 0, "0"),
        ("Enthaltung", 0, "0"),
    ]
    assert closed["unit"] == "Stimmen"
    english = await app.call("GET", "/ballots", member, language="en")
    assert [bar["label"] for bar in english.body["closed"][0]["bars"]] == [
        "Yes",
        "No",
        "Abstention",
    ]


async def test_agenda_items_linked_to_proposals_and_ballots(
    world: World, app: App, served: Harness
) -> None:
    office, member = world.people["coordinator"], world.people["representative"]
    path = f"/meetings/{world.meeting_id}/agenda"
    items = [
        {"text": "Begrüßung", "proposals": [], "ballots": []},
        {"text": "Anträge", "proposals": [world.proposal_id], "ballots": [world.ballot_id]},
    ]
    saved = await app.call("PUT", path, office, {"items": items})
    assert saved.status == 200, saved.body
    listed = await app.call("GET", "/meetings", member)
    meeting = next(m for m in listed.body["meetings"] if m["id"] == world.meeting_id)
    first, second = meeting["agenda"]
    assert first == {"text": "Begrüßung", "proposals": [], "ballots": []}
    assert [p["title"] for p in second["proposals"]] == ["Werkstatt für Jugendliche"]
    assert second["ballots"][0]["id"] == world.ballot_id
    assert second["ballots"][0]["status_label"] == "läuft"
    await served.travel(timedelta(seconds=30))
    # the running ballot's message names its item now
    [ballot_message] = [
        m
        for m in served.emu.messages_to(world.group.id)
        if m.message_id == world.ballot_message().message_id
    ]
    assert "TOP 2: Anträge" in ballot_message.text, ballot_message.text

    # the chat reorders the agenda: the links follow their item
    await meetings.change(
        world.rt,
        world.rt.committee_id,
        world.meeting_id,
        meetings.Change(agenda=("Anträge", "Begrüßung", "Verschiedenes")),
        actor_member_id=world.member_ids["coordinator"],
    )
    listed = await app.call("GET", "/meetings", member)
    meeting = next(m for m in listed.body["meetings"] if m["id"] == world.meeting_id)
    assert [p["id"] for p in meeting["agenda"][0]["proposals"]] == [world.proposal_id]
    assert [b["id"] for b in meeting["agenda"][0]["ballots"]] == [world.ballot_id]
    assert meeting["agenda"][1]["proposals"] == []

    # unlinked in the app: the ballot keeps its meeting, not its item
    plain = [{"text": "Anträge"}, {"text": "Begrüßung"}]
    assert (await app.call("PUT", path, office, {"items": plain})).status == 200
    listed = await app.call("GET", "/meetings", member)
    meeting = next(m for m in listed.body["meetings"] if m["id"] == world.meeting_id)
    assert all(not item["proposals"] and not item["ballots"] for item in meeting["agenda"])
    log = (await served.send(office, "/protokoll")).text
    assert "Sitzung geändert" in log


async def test_bad_agenda_links_are_refused_with_a_reason(world: World, app: App) -> None:
    office = world.people["coordinator"]
    path = f"/meetings/{world.meeting_id}/agenda"

    async def refused(items: list[dict[str, object]]) -> str:
        answer = await app.call("PUT", path, office, {"items": items})
        assert answer.status == 400, answer.body
        return answer.error

    assert await refused([{"text": "Anträge", "proposals": [4242]}]) == (
        "Punkt 1: Antrag Nr. 4242 gibt es nicht."
    )
    assert await refused([{"text": "A"}, {"text": "B", "ballots": [777]}]) == (
        "Punkt 2: Abstimmung Nr. 777 gibt es nicht."
    )
    twice = [
        {"text": "A", "ballots": [world.ballot_id]},
        {"text": "B", "ballots": [world.ballot_id]},
    ]
    assert (await refused(twice)).startswith(f"Punkt 2: Abstimmung Nr. {world.ballot_id} steht")
    assert (await refused([{"text": "A", "proposals": list(range(1, 22))}])).startswith(
        "Punkt 1: höchstens 20 Anträge"
    )
    assert (await refused([{"text": "A"}, {"text": "  "}])).startswith(
        "Ein Tagesordnungspunkt ist leer."
    )
    for items in (
        [{"text": 5}],
        [{"text": "A", "proposals": "1"}],
        [{"text": "A", "ballots": [True]}],
        [{"text": "A", "ballots": [0]}],
        ["A", {"text": "B"}],
    ):
        assert await refused(items) == "Diese Anfrage verstehe ich nicht.", items
    other = await app.call(
        "PUT", "/meetings/4242/agenda", office, {"items": [{"text": "A", "proposals": []}]}
    )
    assert other.status == 404
    # nothing of the refused requests was saved
    listed = await app.call("GET", "/meetings", office)
    meeting = next(m for m in listed.body["meetings"] if m["id"] == world.meeting_id)
    assert [item["text"] for item in meeting["agenda"]] == ["Begrüßung", "Anträge"]
