"""Hostile input: text, command arguments and callback data, matching and near-matching."""

from __future__ import annotations

from hypothesis import strategies as st

from handlers import FEATURES
from tests.fuzz.world import OTHER_BOT

#: Text no sane user types but every bot meets sooner or later.
NASTY: tuple[str, ...] = (
    "<b>fett</b> & <script>alert(1)</script>",
    "<i>offen",
    "</b>",
    "&lt;&amp;&#x1F600;&bogus;",
    '<a href="javascript:alert(1)">x</a>',
    "'; DROP TABLE members; --",
    "1 OR 1=1",
    "%s %d {0} {name} {{}}",
    "\u202eRTL\u202c override",
    "مرحبا بالعالم",
    "שלום עולם \u200f",
    "*_`[markdown](http://x)`_* ~~strike~~ ||spoiler||",
    "🙂" * 200,
    "👨‍👩‍👧‍👦🏳️‍🌈" * 50,
    "\x00\x07\x1b[31m",
    "\u200b\u200c\u200d\ufeff",
    "\ud7ff\ue000\U0010ffff",
    "a\nb\r\nc\td",
    " ",
    "-",
    "0",
    "²",
    "٣",
    "99999999999999999999999",
    "-1",
    "1e308",
    "NaN",
    "31.02.2027 25:61",
    "29.03.2026 02:30",
    "morgen 18 Uhr",
    "alle 0 Wochen",
    "jeden 99. Mittwoch",
    "125 T€",
    "1,2 Mio. €",
    "-5 €",
    "1.000.000.000.000 €",
    "ä" * 4090,
    "x" * 4096,
)

_TEXT_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",))


def hostile_text(max_size: int = 4096) -> st.SearchStrategy[str]:
    """Random Unicode, the nasty list, and mixtures of both; never over ``max_size``."""
    mixed = st.lists(
        st.one_of(st.sampled_from(NASTY), st.text(_TEXT_ALPHABET, max_size=40)), max_size=4
    ).map(" ".join)
    return st.one_of(
        st.sampled_from(NASTY),
        st.text(_TEXT_ALPHABET, min_size=1, max_size=200),
        mixed,
        _long_text(),
    ).map(lambda text: text[:max_size])


def _long_text() -> st.SearchStrategy[str]:
    """3000-4096 characters: a random piece repeated (generating that much at random is slow)."""
    return st.tuples(st.text(_TEXT_ALPHABET, min_size=1, max_size=30), st.integers(3000, 4096)).map(
        lambda pair: (pair[0] * (4096 // len(pair[0]) + 1))[: pair[1]]
    )


def command_names() -> list[str]:
    return sorted(name for f in FEATURES for c in f.commands for name in (c.name, *c.aliases))


@st.composite
def command_text(draw: st.DrawFn, bot_username: str) -> str:
    """`/name[@bot] [args]`: our commands, addressed to us, to nobody, or to another bot."""
    name = draw(
        st.one_of(st.sampled_from(command_names()), st.from_regex(r"[a-z_]{1,32}", fullmatch=True))
    )
    suffix = draw(
        st.sampled_from(["", "", f"@{bot_username}", f"@{bot_username.upper()}", f"@{OTHER_BOT}"])
    )
    args = draw(st.one_of(st.just(""), hostile_text(4000)))
    text = f"/{name}{suffix}"
    if args.strip():
        text += " " + args
    return text[:4096]


def button_prefixes() -> list[str]:
    """The literal prefix of every registered button pattern (`^fb:` → `fb:`)."""
    prefixes = []
    for feature in FEATURES:
        for pattern, _ in feature.buttons:
            assert pattern.startswith("^") and pattern[1:].replace(":", "").isalnum(), pattern
            prefixes.append(pattern[1:])
    return prefixes


WORDS = (
    "y",
    "n",
    "p",
    "a",
    "b",
    "x",
    "k",
    "o",
    "j",
    "r",
    "d",
    "g",
    "i",
    "s",
    "v",
    "m",
    "go",
    "ja",
    "nein",
    "send",
    "cancel",
    "skip",
    "ok",
    "no",
    "save",
    "dok",
    "dno",
    "all",
    "A",
    "J",
    "Z",
    "",
    " ",
    "0",
    "1",
    "-1",
    "²",
    "٣",
    "١٢",
    "99999999999999999999",
    "2147483648",
    "9223372036854775808",
    "00000000000000000001",
    "1.5",
    "null",
    "None",
    "<b>",
    "&amp;",
    "'",
    "%",
)


def _fits(data: str) -> bool:
    return 1 <= len(data.encode("utf-8")) <= 64


@st.composite
def callback_data(draw: st.DrawFn, known_ids: tuple[int, ...]) -> str:
    """Data for a registered pattern (with real ids, forged ids and junk), or data that
    almost matches one (`FB:`, ` fb:`, `fb`), or nothing like it."""
    prefix = draw(st.sampled_from(button_prefixes()))
    part = st.one_of(
        st.sampled_from(WORDS),
        st.sampled_from(known_ids).map(str),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.text(_TEXT_ALPHABET, max_size=10),
    )
    parts = draw(st.lists(part, max_size=4))
    kind = draw(st.sampled_from(["match", "match", "match", "near", "junk"]))
    if kind == "match":
        data = prefix + ":".join(parts)
    elif kind == "near":
        near = draw(
            st.sampled_from(
                [prefix.upper(), " " + prefix, prefix[:-1], prefix[:-1] + ";", prefix + prefix]
            )
        )
        data = near + ":".join(parts)
    else:
        data = draw(st.text(_TEXT_ALPHABET, min_size=1, max_size=64))
    encoded = data.encode("utf-8")[:64]
    data = encoded.decode("utf-8", errors="ignore")
    return data if _fits(data) else prefix
