"""Secrets never reach the log, and the webhook answers only requests with the secret token.

The session runs with the logging the CLI sets up (`configure_logging`) at DEBUG, through the
webhook, with a restart, a rejected request and a failing update; what the log handler wrote is
searched for the bot token and the webhook secret.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator

import pytest

from rakbot.logging_setup import RedactSecrets, configure_logging
from tests.e2e.conftest import emulator
from tests.e2e.harness import Harness
from tests.e2e.test_webhook import SECRET, webhook_harness

__all__ = ["emulator", "webhook_harness"]


@pytest.fixture
def real_logging() -> Iterator[None]:
    """The CLI's logging setup for the test, then the previous handlers and levels again."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    names = ("httpx", "httpcore", "apscheduler", "aiohttp.access", "alembic", "telegram")
    levels = {name: logging.getLogger(name).level for name in names}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, value in levels.items():
        logging.getLogger(name).setLevel(value)


def _body(user_id: int, update_id: int) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 0,
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Mallory"},
            "text": "/kontakt",
            "entities": [{"type": "bot_command", "offset": 0, "length": 8}],
        },
    }


@pytest.mark.parametrize("every_logger", [False, True], ids=["as-configured", "all-debug"])
async def test_no_secret_in_a_debug_log(
    webhook_harness: Harness,
    real_logging: None,
    capsys: pytest.CaptureFixture[str],
    every_logger: bool,
) -> None:
    h = webhook_harness
    token = h.settings.token
    assert token and SECRET
    configure_logging("DEBUG", [token, SECRET])
    if every_logger:  # an operator who turns the HTTP client's request log back on
        for name in ("httpx", "httpcore", "telegram"):
            logging.getLogger(name).setLevel(logging.DEBUG)
    anna = h.user("Anna")
    await h.send(anna, "/start")
    await h.send(anna, "/mitglieder")
    assert await h.emu.post_raw_webhook(_body(anna.id, 990_001), "wrong-" + SECRET) == 403
    assert await h.emu.post_raw_webhook(_body(anna.id, 990_002), None) == 403
    try:  # an exception that names the secret, logged with its traceback
        raise RuntimeError(f"request to /bot{token}/getMe with secret {SECRET} failed")
    except RuntimeError:
        logging.getLogger("rakbot.test").exception("failure with %s", token)
    await h.restart()
    logged = capsys.readouterr().err
    assert "DEBUG" in logged and "Traceback" in logged and "***" in logged
    assert token not in logged
    assert token.split(":", 1)[1] not in logged
    assert SECRET not in logged


async def test_the_webhook_wants_the_secret(webhook_harness: Harness) -> None:
    h = webhook_harness
    anna = h.user("Anna")
    before = len(h.emu.messages)
    for secret in (None, "", "wrong", SECRET.upper(), SECRET + "x", SECRET[:-1]):
        assert await h.emu.post_raw_webhook(_body(anna.id, 990_100), secret) == 403
    assert len(h.emu.messages) == before
    assert await h.emu.post_raw_webhook(_body(anna.id, 990_101), SECRET) == 200
    await h.runtime.stats.wait_processed(990_101)
    assert len(h.emu.messages) > before


def test_the_filter_masks_arguments_and_tracebacks() -> None:
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "token %s", ("s3cr3t",), None)
    try:
        raise ValueError("s3cr3t inside")
    except ValueError:
        record.exc_info = sys.exc_info()
    RedactSecrets(["s3cr3t"]).filter(record)
    formatted = logging.Formatter().format(record)
    assert "s3cr3t" not in formatted and "ValueError: *** inside" in formatted
