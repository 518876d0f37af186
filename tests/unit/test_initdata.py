"""initData verification as Telegram documents it: valid, forged, other bot, expired, fields."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest

from rakbot.web.initdata import InitDataError, InitDataProblem, sign, user_fields, verify

TOKEN = "123456:TEST-TOKEN"
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def _signed(**overrides: str) -> str:
    fields = user_fields(4711, "Renate", auth_date=NOW - timedelta(minutes=5))
    fields.update(overrides)
    return sign(fields, TOKEN)


def _problem(raw: str, *, token: str = TOKEN, now: datetime = NOW) -> InitDataProblem:
    with pytest.raises(InitDataError) as refused:
        verify(raw, token, now=now, max_age=HOUR)
    return refused.value.problem


def test_valid_data_names_the_user() -> None:
    signed = verify(_signed(), TOKEN, now=NOW, max_age=HOUR)
    assert signed.user.id == 4711 and signed.user.first_name == "Renate"
    assert signed.user.language_code == "de"
    assert signed.auth_date == NOW - timedelta(minutes=5)


def test_the_documented_algorithm_by_hand() -> None:
    """The data-check-string of Telegram's documentation, computed without our helpers."""
    user = '{"id":4711,"first_name":"Renate"}'
    auth = str(int(NOW.timestamp()))
    check = f"auth_date={auth}\nquery_id=AAH1\nuser={user}"
    key = hmac.new(b"WebAppData", TOKEN.encode(), hashlib.sha256).digest()
    digest = hmac.new(key, check.encode(), hashlib.sha256).hexdigest()
    raw = f"query_id=AAH1&user={quote(user)}&auth_date={auth}&hash={digest}"
    assert verify(raw, TOKEN, now=NOW, max_age=HOUR).user.id == 4711


def test_forged_hash_and_changed_fields_are_refused() -> None:
    raw = _signed()
    assert _problem(raw[:-4] + "0000") is InitDataProblem.HASH
    # another user id in the same signed string
    assert _problem(raw.replace("4711", "4712")) is InitDataProblem.HASH
    # a field added by the page
    assert _problem(raw + "&chat_type=private") is InitDataProblem.HASH


def test_data_of_another_bot_is_refused() -> None:
    assert _problem(_signed(), token="654321:OTHER-TOKEN") is InitDataProblem.HASH


def test_expired_data_and_replay_after_expiry_are_refused() -> None:
    raw = _signed()
    assert verify(raw, TOKEN, now=NOW + timedelta(minutes=50), max_age=HOUR)
    assert _problem(raw, now=NOW + timedelta(minutes=56)) is InitDataProblem.EXPIRED
    future = sign(user_fields(4711, "R", auth_date=NOW + timedelta(hours=1)), TOKEN)
    assert _problem(future) is InitDataProblem.EXPIRED


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", InitDataProblem.MISSING),
        ("user=%7B%7D&auth_date=1", InitDataProblem.MISSING),
        ("a=1&a=2&hash=00", InitDataProblem.MALFORMED),
        ("no-equals-sign", InitDataProblem.MALFORMED),
    ],
)
def test_malformed_or_unsigned_data_is_refused(raw: str, problem: InitDataProblem) -> None:
    assert _problem(raw) is problem


def test_signed_data_without_a_usable_user_or_date_is_refused() -> None:
    auth = str(int(NOW.timestamp()))
    assert _problem(sign({"auth_date": auth}, TOKEN)) is InitDataProblem.USER
    assert _problem(sign({"auth_date": auth, "user": '{"id":"7"}'}, TOKEN)) is InitDataProblem.USER
    assert _problem(sign({"auth_date": auth, "user": "{"}, TOKEN)) is InitDataProblem.USER
    no_date = {"user": '{"id":7,"first_name":"A"}'}
    assert _problem(sign(no_date, TOKEN)) is InitDataProblem.MISSING
