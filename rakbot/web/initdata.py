"""Telegram Mini App `initData`: verified exactly as Telegram documents it.

Telegram opens the app with a query string (`query_id=…&user=…&auth_date=…&hash=…`) signed
with a key only Telegram and the bot know: the secret key is HMAC-SHA256 of the bot token with
the key "WebAppData", and the hash is HMAC-SHA256 of the data-check-string (every received
field but `hash`, URL-decoded, sorted by key, `key=value` joined by line feeds) with that secret
key. The string the page received is checked as it is, never a re-serialisation of its parts,
so nothing the page adds or reorders can pass. `auth_date` older than the configured limit is
refused, which also ends a replay of data that was once valid.

https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from urllib.parse import parse_qsl, urlencode

#: a clock a little ahead of ours is no attack; more than this is
FUTURE_TOLERANCE = timedelta(minutes=2)


class InitDataProblem(StrEnum):
    MISSING = "missing"
    MALFORMED = "malformed"
    HASH = "hash"
    EXPIRED = "expired"
    USER = "user"


class InitDataError(ValueError):
    def __init__(self, problem: InitDataProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class WebAppUser:
    id: int
    first_name: str
    language_code: str | None = None


@dataclass(frozen=True)
class InitData:
    user: WebAppUser
    auth_date: datetime


def secret_key(bot_token: str) -> bytes:
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def _check_string(pairs: list[tuple[str, str]]) -> str:
    return "\n".join(f"{key}={value}" for key, value in sorted(pairs))


def _pairs(raw: str) -> list[tuple[str, str]]:
    if not raw:
        raise InitDataError(InitDataProblem.MISSING)
    try:
        pairs = parse_qsl(raw, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise InitDataError(InitDataProblem.MALFORMED) from None
    keys = [key for key, _value in pairs]
    if len(keys) != len(set(keys)):  # which of two values would count? neither
        raise InitDataError(InitDataProblem.MALFORMED)
    return pairs


def verify(raw: str, bot_token: str, *, now: datetime, max_age: timedelta) -> InitData:
    """The signed data of `raw`, or `InitDataError` saying why it is refused."""
    pairs = _pairs(raw)
    fields = dict(pairs)
    given = fields.get("hash")
    if not given:
        raise InitDataError(InitDataProblem.MISSING)
    signed = [(key, value) for key, value in pairs if key != "hash"]
    expected = hmac.new(
        secret_key(bot_token), _check_string(signed).encode(), hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(expected, given.lower()):
        raise InitDataError(InitDataProblem.HASH)
    auth_date = _auth_date(fields.get("auth_date"))
    if now - auth_date > max_age or auth_date - now > FUTURE_TOLERANCE:
        raise InitDataError(InitDataProblem.EXPIRED)
    return InitData(user=_user(fields.get("user")), auth_date=auth_date)


def _auth_date(value: str | None) -> datetime:
    if not value or not value.isascii() or not value.isdigit():
        raise InitDataError(InitDataProblem.MISSING)
    return datetime.fromtimestamp(int(value), UTC)


def _user(value: str | None) -> WebAppUser:
    if not value:
        raise InitDataError(InitDataProblem.USER)
    try:
        data = json.loads(value)
    except ValueError:
        raise InitDataError(InitDataProblem.USER) from None
    user_id = data.get("id") if isinstance(data, dict) else None
    if not isinstance(user_id, int) or isinstance(user_id, bool) or user_id <= 0:
        raise InitDataError(InitDataProblem.USER)
    language = data.get("language_code")
    return WebAppUser(
        id=user_id,
        first_name=str(data.get("first_name") or ""),
        language_code=language if isinstance(language, str) else None,
    )


def sign(fields: dict[str, str], bot_token: str) -> str:
    """`initData` as Telegram would send it (the offline demo and the tests sign with the
    emulator's token)."""
    pairs = sorted(fields.items())
    digest = hmac.new(secret_key(bot_token), _check_string(pairs).encode(), hashlib.sha256)
    return urlencode([*pairs, ("hash", digest.hexdigest())])


def user_fields(
    user_id: int, first_name: str, *, auth_date: datetime, language_code: str = "de"
) -> dict[str, str]:
    """The fields Telegram sends for a user opening the app from the private chat."""
    user = {"id": user_id, "first_name": first_name, "language_code": language_code}
    return {
        "auth_date": str(int(auth_date.timestamp())),
        "query_id": f"AAH{user_id}",
        "user": json.dumps(user, ensure_ascii=False, separators=(",", ":")),
    }
