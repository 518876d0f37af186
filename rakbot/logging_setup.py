"""Logging that never shows a secret or personal data, at every level (DEBUG included).

- Secrets: the token and the webhook secret are masked everywhere.
- Personal data: what libraries dump at DEBUG (updates, Bot API parameters and results,
  webhook bodies, SQL result rows) is logged with its structure but without values, except a
  few technical fields (`SAFE_FIELDS`: update and message ids, dates, types, error codes); the
  database engine never shows SQL parameters (`hide_parameters`, storage/db.py); and any number
  of six digits or more left in a message or traceback – a Telegram id, a chat id, a phone
  number – is replaced by a pseudonym (`#` and 8 hex digits, a keyed hash that stays the same
  within one process, so one person's lines can still be followed, but changes with every
  start and cannot be turned back into the number). Names and texts never reach the bot's own
  log lines.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets as random_secrets
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any

MASK = "***"
#: fields of Telegram and Bot API payloads whose values say nothing about a person
SAFE_FIELDS = frozenset(
    {
        "update_id",
        "message_id",
        "date",
        "edit_date",
        "type",
        "is_bot",
        "ok",
        "error_code",
        "description",
        "retry_after",
        "parse_mode",
        "offset",
        "length",
        "limit",
        "timeout",
        "allowed_updates",
        "command",
        "show_alert",
        "cache_time",
        "disable_notification",
        "protect_content",
        "drop_pending_updates",
        "max_connections",
        "has_custom_certificate",
        "pending_update_count",
    }
)
_PLAIN = (int, float, bool, type(None), Enum, datetime, date, timedelta, BaseException)
#: a run of six or more digits standing alone (not part of a word, a float or a version)
_LONG_NUMBER = re.compile(r"(?<![\w.])-?\d{6,}(?![\w.])")


def _masked(value: Any, safe: bool = False) -> Any:
    """A payload with its structure kept and every value outside `SAFE_FIELDS` masked."""
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict) and not isinstance(value, type):
        value = to_dict()
    if isinstance(value, Mapping):
        return {key: _masked(item, safe or key in SAFE_FIELDS) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_masked(item, safe) for item in value]
    if safe and isinstance(value, str | int | float | bool | type(None)):
        return value
    return MASK


def _masked_arg(value: Any) -> Any:
    """A log argument: plain values stay (the pseudonyms come later), a JSON text, bytes or any
    structure is masked."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, bytes | bytearray):
        try:
            value = json.loads(value)
        except ValueError:
            return f"<{len(value)} bytes>"
    if isinstance(value, str):
        if not value.lstrip().startswith(("{", "[")):
            return value
        try:
            value = json.loads(value)
        except ValueError:
            return MASK
    if isinstance(value, Mapping | list | tuple | set | frozenset) or callable(
        getattr(value, "to_dict", None)
    ):
        return _masked(value)
    return f"<{type(value).__name__}>"


class MaskPayloads(logging.Filter):
    """Structured log arguments (updates, parameters, results, JSON bodies, rows) keep their
    shape but lose their values; runs before the secrets are masked in the formatted line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, Mapping):
            record.args = {key: _masked_arg(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(_masked_arg(value) for value in record.args)
        if not isinstance(record.msg, str):
            record.msg = str(_masked_arg(record.msg))
        return True


def _rewrite(record: logging.LogRecord, change: Callable[[str], str]) -> None:
    """Apply `change` to the formatted message, the traceback and the stack of a record. A
    traceback can carry data too (an exception that names a request URL): it is formatted here,
    changed; the formatter then uses this text instead of formatting it again."""
    message = record.getMessage()
    changed = change(message)
    if changed != message:
        record.msg, record.args = changed, None
    if record.exc_info and not record.exc_text:
        record.exc_text = _FORMATTER.formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = change(record.exc_text)
    if record.stack_info:
        record.stack_info = change(record.stack_info)


class PseudonymiseNumbers(logging.Filter):
    """Runs of six or more digits in the formatted line and traceback become pseudonyms; runs
    last, after the secrets are masked (a bot token starts with such a number)."""

    def __init__(self) -> None:
        super().__init__()
        self._key = random_secrets.token_bytes(16)

    def filter(self, record: logging.LogRecord) -> bool:
        _rewrite(record, self._pseudonymise)
        return True

    def _pseudonymise(self, text: str) -> str:
        def pseudonym(found: re.Match[str]) -> str:
            digest = hmac.new(self._key, found.group().encode(), hashlib.sha256).hexdigest()
            return "#" + digest[:8]

        return _LONG_NUMBER.sub(pseudonym, text)


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: Iterable[str | None]) -> None:
        super().__init__()
        self._secrets = [secret for secret in secrets if secret]

    def filter(self, record: logging.LogRecord) -> bool:
        if self._secrets:
            _rewrite(record, self._redact)
        return True

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text


_FORMATTER = logging.Formatter()


def configure_logging(level: str, secrets: Iterable[str | None]) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskPayloads())
    handler.addFilter(RedactSecrets(secrets))
    handler.addFilter(PseudonymiseNumbers())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # httpx logs every request URL at INFO, and the Bot API URL contains the token; aiosqlite
    # logs each statement with its parameters at DEBUG.
    for noisy in ("httpx", "httpcore", "apscheduler", "aiohttp.access", "alembic", "aiosqlite"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
