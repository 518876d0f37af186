"""The office attaches and removes a proposal's documents in a real browser: the file chosen
in the app reaches a representative with /unterlagen in the chat, /protokoll records both
changes; screenshots and an accessibility check of the screens."""

from __future__ import annotations

from pathlib import Path

from selenium.webdriver.remote.webelement import WebElement

from tests.browser.conftest import Browser
from tests.e2e.harness import Harness
from tests.fuzz.world import World

SKETCH = b"%PDF-1.4\n% Projektskizze\n" + b"0" * 1500


async def test_office_uploads_a_document_a_representative_gets_it(
    world: World, served: Harness, browser: Browser, tmp_path: Path
) -> None:
    office, rep = world.people["coordinator"], world.people["representative"]
    number = world.proposal_id
    sketch, budget = tmp_path / "Skizze.pdf", tmp_path / "Kostenplan.csv"
    sketch.write_bytes(SKETCH)
    budget.write_bytes(b"Posten;Betrag\nPersonal;80000\n")

    def choose(path: Path):  # type: ignore[no-untyped-def]
        def send(element: WebElement) -> None:
            element.send_keys(str(path))

        return send

    await browser.open(office)
    await browser.click(f"tr[data-id='{number}'] button[data-action='details']")
    await browser.wait_for("label[for='attach-proposal']", "Datei anhängen")
    await browser.act("#attach-proposal", None, choose(sketch))
    await browser.wait_for("#status", f"an Antrag Nr. {number} angehängt")
    await browser.act("#attach-proposal", None, choose(budget))
    listed = await browser.wait_for("ul.documents", "Kostenplan.csv")
    assert "Skizze.pdf" in listed and "1,5 KB" in listed
    await browser.screen("antrag-anhang")

    # removing asks first
    remove = "li:nth-child(2) button[data-action='remove-document']"
    await browser.click(remove)
    asked = await browser.wait_for("ul.documents [role='alert']", "wirklich entfernen")
    assert "„Kostenplan.csv“" in asked
    await browser.screen("unterlage-entfernen")
    await browser.click("button[data-action='confirm-remove']")
    await browser.wait_for("#status", f"„Kostenplan.csv“ (Antrag Nr. {number}) entfernt")
    shown = await browser.wait_for("section.documents", "Skizze.pdf")
    assert "Kostenplan.csv" not in shown

    mark = len(served.emu.messages)
    await served.send(rep, f"/unterlagen {number}")
    files = [m for m in served.emu.messages[mark:] if m.chat_id == rep.id and m.kind == "document"]
    assert [(m.filename, m.document) for m in files] == [("Skizze.pdf", SKETCH)]
    log = (await served.send(office, "/protokoll")).last.raw_text
    assert f"Unterlage angehängt</b> – Antrag Nr. {number}" in log
    assert f"Unterlage entfernt</b> – Antrag Nr. {number}" in log and "Kostenplan.csv" in log
