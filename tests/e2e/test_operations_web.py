"""The shared web server: health, readiness, Prometheus metrics, and the outbox alerts.

Polling mode with `HTTP_PORT` set and webhook mode (the same server as the webhook), over HTTP
on 127.0.0.1, against the real bot and database.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import aiohttp
import pytest

from rakbot import __version__
from rakbot.sandbox.emulator import BotApiEmulator
from rakbot.sandbox.faults import FaultRule
from storage.db import public_url
from storage.migrate import head_revision
from storage.repositories import outbox
from tests.e2e.harness import COORDINATOR_ID, Harness, free_port, make_settings, start_harness

SECRET = "webhook-secret-for-web-tests"


@pytest.fixture
async def served(emulator: BotApiEmulator, database_url: str) -> AsyncIterator[Harness]:
    """Polling mode with the health/metrics listener turned on."""
    settings = make_settings(emulator, database_url, http_port=free_port())
    harness = await start_harness(emulator, settings)
    try:
        yield harness
    finally:
        await harness.bot.stop()


def _url(harness: Harness, path: str) -> str:
    assert harness.bot.web is not None
    return f"http://127.0.0.1:{harness.bot.web.port}{path}"


async def _get(harness: Harness, path: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(_url(harness, path)) as response:
        return response.status, await response.text()


async def _get_json(harness: Harness, path: str) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as session, session.get(_url(harness, path)) as response:
        return response.status, await response.json()


async def _overdue_notice(
    harness: Harness, minutes: int, key: str = "ops-test", chat_id: int = COORDINATOR_ID
) -> None:
    now = harness.clock.now()
    await harness.runtime.db.run(
        lambda s: outbox.enqueue(
            s,
            dedup_key=key,
            kind="notice",
            due_at=now - timedelta(minutes=minutes),
            chat_id=chat_id,
            payload={"text": "Hinweis an das Büro"},
        )
    )


async def test_liveness_and_readiness_when_all_is_well(served: Harness) -> None:
    status, body = await _get_json(served, "/health/live")
    assert (status, body["status"]) == (200, "ok")
    assert body["version"]
    status, body = await _get_json(served, "/health/ready")
    assert status == 200, body
    assert set(body["checks"]) == {"database", "migrations", "outbox"}
    assert all(check["ok"] for check in body["checks"].values())
    assert "0 due" in body["checks"]["outbox"]["detail"]


async def test_readiness_fails_while_the_outbox_is_behind(served: Harness) -> None:
    await _overdue_notice(served, minutes=30)
    status, body = await _get_json(served, "/health/ready")
    assert status == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["outbox"]["ok"] is False
    assert body["checks"]["outbox"]["detail"] == "1 due, oldest 1800 s (limit 600 s)"
    await served.deliver()
    status, _ = await _get_json(served, "/health/ready")
    assert status == 200


async def test_metrics_count_updates_latency_api_calls_and_deliveries(served: Harness) -> None:
    coordinator = served.coordinator()
    await served.send(coordinator, "/start")
    await served.send(served.user("Anna"), "/kontakt")
    await _overdue_notice(served, minutes=1)
    status, text = await _get(served, "/metrics")
    assert status == 200
    assert 'rakbot_updates_total{kind="message"} 2.0' in text
    assert "rakbot_handler_seconds_count 2.0" in text
    assert "rakbot_handler_seconds_bucket" in text
    assert 'rakbot_botapi_calls_total{method="sendMessage"}' in text
    assert 'rakbot_botapi_calls_total{method="sendContact"} 1.0' in text
    assert "rakbot_outbox_due 1.0" in text
    assert "rakbot_outbox_oldest_due_age_seconds 60.0" in text
    await served.deliver()
    _, text = await _get(served, "/metrics")
    assert 'rakbot_outbox_delivered_total{kind="notice"} 1.0' in text
    assert "rakbot_outbox_due 0.0" in text
    assert "rakbot_reminders_delivered_total 0.0" in text
    assert "rakbot_results_delivered_total 0.0" in text
    assert "rakbot_db_retries_total 0.0" in text


async def test_429_and_errors_are_counted_by_method(served: Harness) -> None:
    served.emu.add_fault(FaultRule("429", method="sendMessage", retry_after=1))
    served.emu.add_fault(FaultRule("500", method="sendMessage"))
    await _overdue_notice(served, minutes=1)
    await served.deliver()
    _, text = await _get(served, "/metrics")
    assert 'rakbot_botapi_429_total{method="sendMessage"} 1.0' in text
    assert 'rakbot_botapi_errors_total{error="RetryAfter",method="sendMessage"} 1.0' in text
    assert 'rakbot_botapi_errors_total{error="NetworkError",method="sendMessage"} 1.0' in text
    assert 'rakbot_outbox_failed_total{kind="notice"} 1.0' in text


async def test_coordinators_are_told_once_when_behind_and_once_when_recovered(
    served: Harness,
) -> None:
    coordinator = served.coordinator()
    await served.send(coordinator, "/start")
    dispatcher = served.bot.dispatcher
    assert dispatcher is not None
    await _overdue_notice(served, minutes=15)
    before = len(served.emu.messages_to(coordinator.id))
    await dispatcher.check_watch()
    await dispatcher.check_watch()
    told = served.emu.messages_to(coordinator.id)[before:]
    assert len(told) == 1
    assert "kommt mit dem Versand nicht nach. 1 fällige Nachrichten warten" in told[0].text
    assert "seit 15 Minuten" in told[0].text
    await served.deliver()
    await dispatcher.check_watch()
    await dispatcher.check_watch()
    told = served.emu.messages_to(coordinator.id)[before:]
    assert [m.text for m in told[1:]] == [
        "Hinweis an das Büro",
        "✅ Betriebshinweis: Der Versand läuft wieder. 0 fällige Nachrichten warten.",
    ]
    _, text = await _get(served, "/metrics")
    assert 'rakbot_alerts_total{state="behind"} 1.0' in text
    assert 'rakbot_alerts_total{state="recovered"} 1.0' in text


async def test_deliveries_failing_in_a_row_raise_the_alert(
    emulator: BotApiEmulator, database_url: str
) -> None:
    settings = make_settings(emulator, database_url, http_port=free_port(), alert_after_failures=2)
    harness = await start_harness(emulator, settings)
    try:
        coordinator = harness.coordinator()
        await harness.send(coordinator, "/start")
        emulator.add_fault(FaultRule("500", method="sendMessage", chat_id=4242, times=5))
        for number in range(2):
            await _overdue_notice(harness, minutes=0, key=f"fail-{number}", chat_id=4242)
        await harness.deliver()
        assert harness.bot.dispatcher is not None
        assert harness.bot.dispatcher.failures_in_a_row == 2
        await harness.bot.dispatcher.check_watch()
        told = emulator.messages_to(coordinator.id)[-1].text
        assert "2 Zustellungen sind nacheinander fehlgeschlagen" in told
    finally:
        await harness.bot.stop()


async def test_webhook_mode_serves_health_and_metrics_on_the_webhook_server(
    emulator: BotApiEmulator, database_url: str
) -> None:
    port = free_port()
    settings = make_settings(
        emulator,
        database_url,
        webhook_url=f"http://127.0.0.1:{port}/telegram",
        webhook_port=port,
        webhook_secret=SECRET,
    )
    harness = await start_harness(emulator, settings, webhook=True)
    try:
        reply = await harness.send(harness.user("Anna"), "/kontakt")
        assert reply.messages
        assert harness.bot.web is not None and harness.bot.web.port == port
        status, body = await _get_json(harness, "/health/ready")
        assert status == 200, body
        status, text = await _get(harness, "/metrics")
        assert 'rakbot_updates_total{kind="message"} 1.0' in text
    finally:
        await harness.bot.stop()


async def test_polling_mode_without_http_port_opens_no_listener(harness: Harness) -> None:
    assert harness.bot.web is not None
    assert not harness.bot.web.running


async def test_the_start_up_log_names_version_database_revision_mode_and_committees(
    emulator: BotApiEmulator, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="rakbot.bot")
    settings = make_settings(emulator, database_url)
    harness = await start_harness(emulator, settings)
    await harness.bot.stop()
    started = [r.getMessage() for r in caplog.records if "started" in r.getMessage()]
    assert len(started) == 1
    line = started[0]
    assert line.startswith(f"rakbot {__version__} started (polling) as @rakbot_demo_bot;")
    assert f"database {public_url(database_url)}," in line
    assert f"migration {head_revision()};" in line
    assert line.endswith("1 committee(s)")


def test_logged_database_urls_hide_the_password() -> None:
    url = "postgresql+asyncpg://rakbot:s3cret@db.example.org:5432/rakbot"
    assert public_url(url) == "postgresql+asyncpg://rakbot:***@db.example.org:5432/rakbot"
