"""The callback codec: every prefix builds and parses its forms, refuses forged data, and is
the only place that writes or reads callback data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rakbot.views import callbacks
from rakbot.views.callbacks import Codec, Pressed

ROOT = Path(__file__).resolve().parents[2]
CODECS = {name: value for name, value in vars(callbacks).items() if isinstance(value, Codec)}
PREFIXES = sorted(
    [codec.prefix for codec in CODECS.values()]
    + [p.rstrip(":") for p in (callbacks.VOTE_PREFIX, callbacks.SETUP_PREFIX)]
    + [callbacks.MINUTES_PREFIX.rstrip(":")]
)
#: what hand-made callback data looks like in a handler or service: a string literal that
#: starts with a prefix, callback data given as a literal, data split at ":"
BY_HAND = re.compile(
    rf"""f?["'](?:{"|".join(PREFIXES)}):|callback(?:_data)?=f?["']|\.split\(["']:["']\)"""
)


def test_prefixes_are_distinct() -> None:
    assert len(PREFIXES) == len(set(PREFIXES))


@pytest.mark.parametrize(
    ("codec", "form", "values", "data"),
    [
        (callbacks.MEMBER, "show", (5,), "mg:s:5"),
        (callbacks.MEMBER, "set_role", (5, "rep"), "mg:r:5:rep"),
        (callbacks.MEMBER, "deactivate_yes", (7,), "mg:d:7:ja"),
        (callbacks.MEETING_ANSWER, "answer", (3, "p"), "mr:3:p"),
        (callbacks.MEETING_MOVE, "yes", (3, 29400000), "mm:3:29400000"),
        (callbacks.MEETING_MOVE, "no", (), "mm:no"),
        (callbacks.INVITE, "institution", ("guest", 0), "inv:i:guest:0"),
        (callbacks.PROPOSAL_DIALOG, "institution", (0,), "pa:i:0"),
        (callbacks.ROUND_OPEN, "yes", ("b", 1, 29400000), "wo:b:1:29400000"),
        (callbacks.FUNDING_AREA, "all", (), "fb:all"),
        (callbacks.FUNDING_AREA, "area", ("B",), "fb:B"),
        (callbacks.ERASE, "yes", (), "dl:ja"),
    ],
)
def test_forms_build_and_parse_back(
    codec: Codec, form: str, values: tuple[int | str, ...], data: str
) -> None:
    assert codec.data(form, *values) == data
    assert codec.parse(data) == Pressed(form, values)


@pytest.mark.parametrize(
    ("codec", "data"),
    [
        (callbacks.MEMBER, "mg:s:0"),  # no row has id 0
        (callbacks.MEMBER, "mg:s:1234567890"),  # beyond every id column
        (callbacks.MEMBER, "mg:s:²"),
        (callbacks.MEMBER, "mg:z:5"),
        (callbacks.MEMBER, "mg:s:5:6"),
        (callbacks.MEMBER, "mg:d:5:nein"),
        (callbacks.MEMBER, "me:n:5"),  # another prefix
        (callbacks.MEETING_ANSWER, "mr:3"),
        (callbacks.MEETING_ANSWER, "mr:3:y:x"),
        (callbacks.MEETING_CANCEL, "mx:"),
        (callbacks.ROUND_OPEN, "wo:b:1"),
        (callbacks.ERASE, "dl:JA"),
        (callbacks.FAQ, "faq:../x"),
        (callbacks.PRIVACY, None),
        (callbacks.PRIVACY, ""),
    ],
)
def test_forged_data_parses_to_nothing(codec: Codec, data: str | None) -> None:
    assert codec.parse(data) is None


def test_building_refuses_what_would_not_parse() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        callbacks.MEMBER.data("show", 0)
    with pytest.raises(ValueError, match="does not fit"):
        callbacks.FAQ.data("entry", "a:b")
    with pytest.raises(ValueError, match="does not fit"):
        callbacks.INVITE.data("institution", "x" * 60, 1)  # over Telegram's 64 bytes


def test_every_button_pattern_is_a_codec() -> None:
    from handlers import FEATURES

    patterns = {pattern for feature in FEATURES for pattern, _handler in feature.buttons}
    known = {codec.pattern for codec in CODECS.values()} | {
        f"^{p}" for p in (callbacks.VOTE_PREFIX, callbacks.SETUP_PREFIX, callbacks.MINUTES_PREFIX)
    }
    assert patterns == known


def test_no_callback_data_is_made_or_read_by_hand() -> None:
    paths = [
        *(ROOT / "handlers").rglob("*.py"),
        *(ROOT / "rakbot" / "services").rglob("*.py"),
        *(ROOT / "rakbot" / "views").rglob("*.py"),
        ROOT / "rakbot" / "scheduler.py",
    ]
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted(paths)
        if path.name != "callbacks.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if BY_HAND.search(line)
    ]
    assert not found, "\n".join(found)
