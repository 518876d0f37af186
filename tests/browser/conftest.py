"""The Mini App in headless Chromium (Debian's `chromium` and `chromium-driver`, driven by
Selenium), against the real bot and database.

Selenium's calls block, and the bot's web server runs in the test's own event loop, so every
browser call runs in a worker thread (`Browser`). Waits are on conditions with a generous
timeout, never fixed sleeps, so a loaded machine only makes them slower. One Chromium serves a
whole test module. Screenshots go to the test's folder; with `RAKBOT_SCREENSHOTS=docs` the
handbook's set in docs/miniapp/ is written anew.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from selenium import webdriver
from selenium.common.exceptions import (
    ElementNotInteractableException,
    StaleElementReferenceException,
    TimeoutException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from rakbot.sandbox.emulator import BotApiEmulator
from rakbot.sandbox.models import FakeUser
from rakbot.web.initdata import sign, user_fields
from tests.e2e.conftest import emulator
from tests.e2e.harness import Harness, free_port, make_settings, start_harness
from tests.fuzz.world import World, build_world

__all__ = ["emulator"]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ROOT = Path(__file__).resolve().parents[2]
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
DOCS = ROOT / "docs" / "miniapp"
WAIT_SECONDS = 60
DARK = {
    "bg_color": "#17212b",
    "text_color": "#f5f5f5",
    "hint_color": "#aab4be",
    "link_color": "#7cc4ff",
    "button_color": "#5288c1",
    "button_text_color": "#ffffff",
    "secondary_bg_color": "#232e3c",
}

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="Debian's chromium and chromium-driver are not installed (.ci/run installs them)",
)


@pytest.fixture
def database_url(tmp_path: Path, sqlite_template: Path) -> str:
    """SQLite only: the browser tests check the page; the API tests cover both databases."""
    path = tmp_path / "rakbot.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(scope="module")
def driver() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=900,1100",
        "--lang=de-DE",
    ):
        options.add_argument(argument)
    chrome = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    chrome.set_script_timeout(WAIT_SECONDS)
    chrome.set_page_load_timeout(WAIT_SECONDS)
    try:
        yield chrome
    finally:
        chrome.quit()


class Browser:
    """The page as one person sees it; every Selenium call in a worker thread."""

    def __init__(self, chrome: webdriver.Chrome, h: Harness, shots: Path) -> None:
        self.chrome = chrome
        self.h = h
        self.shots = shots

    def link(self, user: FakeUser, theme: dict[str, str] | None = None, query: str = "") -> str:
        assert self.h.bot.web is not None
        fields = user_fields(user.id, user.first_name, auth_date=self.h.clock.now())
        fragment = "tgWebAppData=" + quote(sign(fields, self.h.emu.token), safe="")
        if theme:
            fragment += "&tgWebAppThemeParams=" + quote(json.dumps(theme), safe="")
        return f"http://127.0.0.1:{self.h.bot.web.port}/app/{query}#{fragment}"

    async def open(
        self, user: FakeUser, theme: dict[str, str] | None = None, query: str = ""
    ) -> None:
        """The app as Telegram opens it; `query` as a Web App button's URL carries it."""
        await asyncio.to_thread(self.chrome.get, "about:blank")
        await asyncio.to_thread(self.chrome.get, self.link(user, theme, query))
        await self.wait_for("body[data-ready='1']")

    async def act(self, css: str, text: str | None, action: Callable[[WebElement], Any]) -> Any:
        """Find the first element matching `css` (containing `text`) and act on it, retried
        until it works: the page redraws a screen after each change, so an element found a
        moment ago may be gone (stale) by the time it is used."""

        def attempt(chrome: webdriver.Chrome) -> Any:
            try:
                for element in chrome.find_elements(By.CSS_SELECTOR, css):
                    if text is None or text in element.text:
                        result = action(element)
                        return True if result is None else result
            except (StaleElementReferenceException, ElementNotInteractableException):
                return False
            return False

        def wait() -> Any:
            try:
                return WebDriverWait(self.chrome, WAIT_SECONDS, poll_frequency=0.1).until(attempt)
            except TimeoutException:
                body = self.chrome.find_element(By.TAG_NAME, "body").text
                raise AssertionError(f"no {css!r} with {text!r} on the page:\n{body}") from None

        return await asyncio.to_thread(wait)

    async def wait_for(self, css: str, text: str | None = None) -> str:
        """The text of the first element matching `css` (and containing `text`)."""
        return str(await self.act(css, text, lambda element: element.text or " "))

    async def attribute(self, css: str, name: str, text: str | None = None) -> str:
        return str(await self.act(css, text, lambda element: element.get_attribute(name)))

    async def click(self, css: str, text: str | None = None) -> None:
        await self.act(css, text, lambda element: element.click())

    async def type(self, css: str, value: str) -> None:
        def typed(element: WebElement) -> None:
            element.clear()
            element.send_keys(value)

        await self.act(css, None, typed)

    async def script(self, source: str) -> Any:
        return await asyncio.to_thread(self.chrome.execute_script, source)

    async def choose(self, css: str, value: str) -> None:
        await self.act(css, None, lambda element: Select(element).select_by_value(value))

    async def screen(self, name: str) -> None:
        """A screenshot, and axe-core's check of the page: no serious or critical violation."""
        path = self.shots / f"{name}.png"
        await asyncio.to_thread(self.chrome.save_screenshot, str(path))
        if os.environ.get("RAKBOT_SCREENSHOTS") == "docs":
            DOCS.mkdir(exist_ok=True)
            shutil.copyfile(path, DOCS / f"{name}.png")
        violations = await asyncio.to_thread(self._axe)
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert not serious, json.dumps(serious, ensure_ascii=False, indent=1)[:4000]

    def _axe(self) -> list[dict[str, Any]]:
        self.chrome.execute_script(AXE)
        return self.chrome.execute_async_script(  # type: ignore[no-any-return]
            "const done = arguments[arguments.length - 1];"
            "axe.run(document).then(r => done(r.violations), e => done([{impact: 'critical',"
            " id: 'axe-error', description: String(e)}]));"
        )


@pytest.fixture
async def served(emulator: BotApiEmulator, database_url: str) -> AsyncIterator[Harness]:
    settings = make_settings(
        emulator, database_url, http_port=free_port(), webapp_url="https://rak.example.org/app/"
    )
    harness = await start_harness(emulator, settings)
    try:
        yield harness
    finally:
        await harness.bot.stop()


@pytest.fixture
async def world(served: Harness) -> World:
    return await build_world(served)


@pytest.fixture
async def browser(driver: webdriver.Chrome, served: Harness, tmp_path: Path) -> Browser:
    return Browser(driver, served, tmp_path)
