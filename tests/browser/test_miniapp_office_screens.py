"""The roster, invitations, ballots and linked agenda in a real browser, each change checked in
the chat (/mitglieder, /einladungen, /protokoll, /ergebnisse); a screenshot and an
accessibility check of every new screen."""

from __future__ import annotations

from datetime import timedelta

from tests.browser.conftest import DARK, Browser
from tests.e2e.harness import Harness
from tests.fuzz.world import World


async def test_office_edits_a_members_name_and_phone(
    world: World, served: Harness, browser: Browser
) -> None:
    office, member = world.people["coordinator"], world.people["representative"]
    guest = world.member_ids["guest"]
    await browser.open(office)
    await browser.click("nav button[data-tab='roster']")
    await browser.wait_for(f"tr[data-member='{guest}']", "Guest Muster")
    await browser.screen("mitglieder")
    await browser.click(f"tr[data-member='{guest}'] button[data-action='edit-member']")
    await browser.type("#f-name", "Gisela Gast")
    await browser.type("#f-phone", "ruf mich an")
    await browser.click("#save-member")
    await browser.wait_for("#f-phone-problem", "Das sieht nicht nach einer Telefonnummer aus")
    await browser.screen("mitglied-bearbeiten")
    await browser.type("#f-phone", "03904 7240-11")
    await browser.click("#save-member")
    row = await browser.wait_for(f"tr[data-member='{guest}']", "Gisela Gast")
    assert "03904 7240-11" in row

    roster = await served.send(member, "/mitglieder")
    assert "Gisela Gast · 03904 7240-11" in roster.text, roster.text
    log = await served.send(office, "/protokoll")
    assert "Name geändert – Gisela Gast" in log.text
    assert "Telefonnummer geändert – Gisela Gast" in log.text


async def test_office_creates_and_withdraws_an_invitation_with_its_qr_code(
    world: World, served: Harness, browser: Browser
) -> None:
    office = world.people["coordinator"]
    await browser.open(office)
    await browser.click("nav button[data-tab='roster']")
    await browser.wait_for("#no-invites")
    await browser.choose("#f-invite-role", "deputy")
    await browser.choose("#f-invite-institution", str(world.institution_ids[1]))
    await browser.click("#create-invite")
    await browser.wait_for("#created-invite", "Stellvertretung")
    link = await browser.attribute("#invite-link", "value")
    assert link.startswith(f"https://t.me/{served.emu.bot_user.username}?start=")
    drawn = await browser.script(
        "const img = document.getElementById('invite-qr');"
        "return [img.complete, img.naturalWidth, img.getBoundingClientRect().width];"
    )
    assert drawn[0] is True and drawn[1] > 100 and drawn[2] > 100, drawn
    await browser.click("#qr-large")
    assert await browser.attribute("#qr-large", "aria-pressed") == "true"
    await browser.screen("einladung-qr")
    shown = await served.send(office, "/einladungen")
    assert "1. Stellvertretung," in shown.text

    await browser.click("ul.invites button[data-action='withdraw-invite']")
    await browser.wait_for("#status", "Zurückgezogen")
    await browser.wait_for("#no-invites")
    shown = await served.send(office, "/einladungen")
    assert "Es gibt keine offenen Einladungslinks." in shown.text
    log = await served.send(office, "/protokoll")
    assert "Einladungslink erstellt" in log.text and "Einladungslink zurückgezogen" in log.text


async def test_member_sees_a_closed_ballots_result_chart(
    world: World, served: Harness, browser: Browser
) -> None:
    member = world.people["guest"]
    await served.press(
        world.people["representative"], world.ballot_message(), f"v:{world.ballot_id}:y"
    )
    await browser.open(member, theme=DARK)
    await browser.click("nav button[data-tab='ballots']")
    await browser.wait_for(f"section[data-ballot='{world.ballot_id}']", "läuft")
    assert "Abgestimmt wird in der Gruppe" in await browser.wait_for("#vote-in-chat")
    await browser.screen("abstimmungen-laufend")

    await served.travel(timedelta(days=3))  # the deadline closes it
    await browser.open(member)
    await browser.click("nav button[data-tab='ballots']")
    chart = await browser.wait_for("figure.chart", "Ja")
    assert "Ergebnis von Abstimmung Nr." in chart
    notes = await browser.script(
        "return [...document.querySelectorAll('li.bar-row')].map(li => "
        "[li.querySelector('.bar-label').textContent, li.querySelector('.bar-note').textContent,"
        " li.querySelector('.bar-fill').getBoundingClientRect().width]);"
    )
    assert [(label, note) for label, note, _ in notes] == [
        ("Ja", "1"),
        ("Nein", "0"),
        ("Enthaltung", "0"),
    ]
    assert notes[0][2] > 50 and notes[1][2] == 0
    await browser.screen("abstimmungen-ergebnis")
    results = await served.send(member, "/ergebnisse")
    assert f"Nr. {world.ballot_id}" in results.text


async def test_office_links_agenda_items_and_opens_a_proposal_from_the_chat(
    world: World, served: Harness, browser: Browser
) -> None:
    office = world.people["coordinator"]
    await browser.open(office)
    await browser.click("nav button[data-tab='meetings']")
    meeting = f"section[data-meeting='{world.meeting_id}']"
    await browser.click(f"{meeting} button[data-action='agenda']")
    await browser.choose("#agenda-link-1", f"p:{world.proposal_id}")
    await browser.click("#agenda-list li:nth-child(2) button[data-action='link']")
    await browser.choose("#agenda-link-1", f"b:{world.ballot_id}")
    await browser.click("#agenda-list li:nth-child(2) button[data-action='link']")
    await browser.wait_for("#agenda-list li:nth-child(2) ul.chips", "Abstimmung Nr.")
    await browser.screen("tagesordnung-verknuepft")
    await browser.click("#agenda-save")
    linked = await browser.wait_for(f"{meeting} p.links", "Werkstatt für Jugendliche")
    assert f"Abstimmung Nr. {world.ballot_id}" in linked
    await browser.screen("sitzungen-verknuepft")
    await served.travel(timedelta(seconds=30))
    ballot = [
        m
        for m in served.emu.messages_to(world.group.id)
        if m.message_id == world.ballot_message().message_id
    ]
    assert "TOP 2: Anträge" in ballot[0].text

    # "Antrag bearbeiten" in the chat opens the app at the proposal
    await browser.open(office, query=f"?proposal={world.proposal_id}")
    await browser.wait_for("#proposal-form")
    title = await browser.attribute("#f-title", "value")
    assert title == "Werkstatt für Jugendliche"
