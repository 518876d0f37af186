"""The Mini App in a real browser: the office's proposals and agenda, a member's answer, each
change checked in the chat; a screenshot and an accessibility check of every screen."""

from __future__ import annotations

from datetime import timedelta

from rakbot.services import competition, proposals
from rakbot.services.proposals import ProposalForm
from tests.browser.conftest import DARK, Browser
from tests.e2e.harness import Harness
from tests.e2e.meeting_setup import announced_card, plan_meeting_as
from tests.fuzz.world import World


async def test_office_creates_edits_and_withdraws_a_proposal(
    world: World, served: Harness, browser: Browser
) -> None:
    office, member = world.people["coordinator"], world.people["representative"]
    await browser.open(office)
    await browser.wait_for("table tbody tr")
    await browser.screen("antraege")

    await browser.click("#new-proposal")
    await browser.type("#f-title", "Jobcoaching Börde 2027")
    await browser.choose("#f-area", "C")
    await browser.type("#f-applicant", "Jobcenter Börde")
    await browser.type("#f-amount", "125 T€")
    await browser.type("#f-duration", "24 Monate")
    await browser.type("#f-description", "Coaching für Langzeitarbeitslose")
    await browser.click("#save")
    await browser.wait_for("#f-amount-problem", "Bitte den Betrag ausschreiben")
    await browser.screen("antrag-neu-fehler")
    await browser.type("#f-amount", "125.000,50 €")
    await browser.click("#save")
    row = await browser.wait_for("tbody tr", "Jobcoaching Börde 2027")
    assert "125.000,50 €" in row
    number = await browser.attribute("tbody tr", "data-id", "Jobcoaching Börde 2027")
    ours = f"tbody tr[data-id='{number}']"
    listing = await served.send(member, "/antraege")
    assert "Jobcoaching Börde 2027 – Jobcenter Börde, 125.000,50 €" in listing.text

    await browser.click(f"{ours} button[data-action='edit']")
    await browser.wait_for("#proposal-form")
    await browser.screen("antrag-bearbeiten")
    await browser.type("#f-amount", "98.500 €")
    await browser.click("#save")
    await browser.wait_for(ours, "98.500,00 €")
    listing = await served.send(member, "/antraege")
    assert "Jobcoaching Börde 2027 – Jobcenter Börde, 98.500,00 €" in listing.text

    await browser.click(f"{ours} button[data-action='withdraw']")
    await browser.type("#f-reason", "Träger hat abgesagt")
    await browser.screen("antrag-zurueckziehen")
    await browser.click("#confirm-withdraw")
    await browser.wait_for(f"{ours} td.status", "zurückgezogen")
    await browser.choose("#filter-status", "withdrawn")
    await browser.wait_for("tbody tr", "Jobcoaching Börde 2027")
    listing = await served.send(member, "/antraege")
    assert "98.500,00 € (zurückgezogen)" in listing.text
    log = await served.send(office, "/protokoll")
    assert "Antrag zurückgezogen – Antrag Nr. " in log.text
    assert "Antrag Nr. " in log.text and ": Träger hat abgesagt (" in log.text
    assert "Antrag geändert" in log.text and "Antrag erfasst" in log.text


async def test_office_reorders_the_agenda_and_a_member_answers(
    world: World, served: Harness, browser: Browser
) -> None:
    office, member = world.people["coordinator"], world.people["representative"]
    await plan_meeting_as(served, office, "02.12.2026 10:00")
    card = await announced_card(served, world.group.id)

    await browser.open(office)
    await browser.click("nav button[data-tab='meetings']")
    section = await browser.wait_for("section.card", "2. Dezember 2026")
    assert "Projektanträge Runde 3" in section
    number = await browser.attribute("section.card", "data-meeting", "2. Dezember 2026")
    ours = f"section[data-meeting='{number}']"
    await browser.screen("sitzungen")
    await browser.click(f"{ours} button[data-action='agenda']")
    await browser.wait_for("#agenda-list li:first-child input")
    await browser.screen("tagesordnung")
    await browser.click("#agenda-list li:first-child button[data-action='down']")
    await browser.type("#agenda-new", "Bericht der Koordination")
    await browser.click("#agenda-add")
    await browser.click("#agenda-save")
    await browser.wait_for(f"{ours} li", "Bericht der Koordination")
    await served.travel(timedelta(seconds=30))
    edited = await announced_card(served, world.group.id)
    assert edited.message_id == card.message_id
    order = ["Projektanträge Runde 3", "Protokoll", "Verschiedenes", "Bericht der Koordination"]
    positions = [edited.text.index(item) for item in order]
    assert positions == sorted(positions), edited.text
    log = await served.send(office, "/protokoll")
    assert "Sitzung geändert" in log.text

    await browser.open(member, theme=DARK)
    await browser.click("nav button[data-tab='meetings']")
    await browser.wait_for("section.card fieldset")
    await browser.screen("sitzungen-mitglied-dunkel")
    await browser.click(f"{ours} input[value='yes']")
    await browser.wait_for("#status", "Zusage gespeichert")
    await served.travel(timedelta(seconds=30))
    after = await announced_card(served, world.group.id)
    assert after.message_id == card.message_id
    assert "Representative Muster" in after.text, after.text


async def test_office_starts_a_rounds_scoring_from_its_ranking(
    world: World, served: Harness, browser: Browser
) -> None:
    rt, office = world.rt, world.people["coordinator"]
    for title, amount in (("Sprachkurs Beruf", "80.000 €"), ("Werkstatt Metall", "150.000 €")):
        await proposals.create(
            rt,
            committee_id=rt.committee_id,
            member_id=world.member_ids["coordinator"],
            form=ProposalForm(title, "B", "VHS Börde", amount, "12 Monate"),
        )
    await competition.create_round(
        rt, rt.committee_id, "Wettbewerb 2027", {"B": 20_000_000}, actor_member_id=None
    )
    await browser.open(office)
    await browser.click("nav button[data-tab='rounds']")
    await browser.click("button[data-action='open-round']")
    await browser.wait_for("section[data-area='B'] tbody tr", "Werkstatt Metall")
    await browser.screen("wettbewerb")
    await browser.type("#f-closes", "01.12.2026 18:00")
    await browser.click("#start-scoring")
    await browser.wait_for("#status", "läuft in der Gruppe")
    await browser.wait_for("#round-status", "Bewertung läuft")
    await served.deliver()
    posted = [m.text for m in served.emu.messages_to(world.group.id)]
    assert any("Bewertung im Wettbewerb „Wettbewerb 2027“" in text for text in posted), posted
