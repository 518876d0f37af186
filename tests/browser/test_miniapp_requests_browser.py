"""The office's appointment requests in a real browser: a reply and a proposed date sent from
the app reach the applicant's chat (with "Zusagen"/"Absagen") and /protokoll; a screenshot and
an accessibility check of the screen."""

from __future__ import annotations

from tests.browser.conftest import Browser
from tests.e2e.harness import Harness
from tests.fuzz.world import World


async def test_office_answers_a_request_and_proposes_a_date(
    world: World, served: Harness, browser: Browser
) -> None:
    office, anna = world.people["coordinator"], world.people["applicant"]
    await served.send(anna, "/start")
    card = f"section[data-request='{world.request_id}']"
    await browser.open(office)
    await browser.click("nav button[data-tab='requests']")
    shown = await browser.wait_for(card, "Anna Antrag")
    assert "Beratung zu Förderbereich B" in shown and "seit heute" in shown
    await browser.screen("anfragen")

    await browser.click(f"{card} button[data-action='reply']")
    await browser.type("#f-reply-input", "x")
    await browser.click("#reply-send")
    await browser.wait_for("#f-reply-input-problem", "Das ist zu kurz.")
    await browser.screen("anfrage-antworten")
    await browser.type("#f-reply-input", "Gern, rufen Sie mich am Dienstag an.")
    await browser.click("#reply-send")
    await browser.wait_for("#status", "Ihre Antwort geht an Anna Antrag")

    await browser.click(f"{card} button[data-action='propose']")
    await browser.type("#f-proposal-input", "20.11.2026 10:00")
    await browser.click("#proposal-send")
    await browser.wait_for("#f-proposal-input-problem", "Vergangenheit")
    await browser.type("#f-proposal-input", "02.12.2026 10:00")
    await browser.click("#proposal-send")
    await browser.wait_for("#status", "unterwegs")
    shown = await browser.wait_for(card, "Mi., 02.12.2026, 10:00 Uhr")
    assert "Termin vorgeschlagen" in shown

    await served.deliver()
    to_anna = served.emu.messages_to(anna.id)
    answers = [m for m in to_anna if "Antwort der Regionalen Koordination" in m.text]
    assert len(answers) == 1 and "am Dienstag an." in answers[0].text
    proposals = [m for m in to_anna if "Terminvorschlag" in m.text]
    assert len(proposals) == 1 and "Mi., 02.12.2026, 10:00 Uhr" in proposals[0].text
    assert [label for row in proposals[0].buttons() for label, _ in row] == [
        "✅ Zusagen",
        "❌ Absagen",
    ]
    log = await served.send(office, "/protokoll")
    assert "Terminanfrage beantwortet" in log.text and "Termin vorgeschlagen" in log.text


async def test_representative_gets_a_proposals_document_sent(
    world: World, served: Harness, browser: Browser
) -> None:
    office, rep = world.people["coordinator"], world.people["representative"]
    number, meeting = world.proposal_id, world.meeting_id
    await served.send_file(
        office, "Skizze.pdf", b"%PDF-1.4 Skizze" * 100, caption=f"/anhang {number}"
    )
    await served.send_file(
        office, "Kostenplan.csv", b"Posten;Betrag\n", caption=f"/anhang sitzung {meeting} top 2"
    )
    await served.send(rep, "/start")
    await browser.open(rep)
    await browser.click(f"tr[data-id='{number}'] button[data-action='details']")
    listed = await browser.wait_for("ul.documents", "Skizze.pdf")
    assert "application/pdf" in listed and "1,5 KB" in listed
    await browser.screen("antrag-unterlagen")
    before = len(served.emu.messages)
    await browser.click("ul.documents button[data-action='send-document']")
    await browser.wait_for("#status", "„Skizze.pdf“ kommt gleich")
    await served.deliver()
    files = [m for m in served.emu.messages[before:] if m.chat_id == rep.id]
    assert [m.kind for m in files] == ["document"] and files[0].filename == "Skizze.pdf"

    # the office sees the agenda item's document and how to attach more
    await browser.open(office)
    await browser.click("nav button[data-tab='meetings']")
    card = f"section[data-meeting='{meeting}']"
    shown = await browser.wait_for(f"{card} ol.agenda li:nth-child(2) ul.documents", "Kostenplan")
    assert "14 B" in shown
    hint = await browser.wait_for(f"{card} p.hint", "/anhang sitzung")
    assert f"/anhang sitzung {meeting} top N" in hint
    await browser.screen("sitzung-unterlagen")
