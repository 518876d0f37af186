"""The transcripts in docs/handbuch.md are what the bot answers today."""

from __future__ import annotations

from tests.docs.handbook import HANDBOOK, TRANSCRIPTS, current, produce_all


async def test_handbook_transcripts_are_current() -> None:
    handbook = HANDBOOK.read_text(encoding="utf-8")
    produced = await produce_all()
    stale = [name for name, text in produced.items() if current(name, handbook) != text]
    assert not stale, (
        f"docs/handbuch.md: transcripts {stale} differ from the bot's answers; "
        "rewrite them with `python -m tests.docs.handbook` and read the diff"
    )
    assert len(produced) == len(TRANSCRIPTS)
