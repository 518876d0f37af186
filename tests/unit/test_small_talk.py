"""Greetings, thanks and goodbyes are recognised only when the message is nothing else."""

from __future__ import annotations

import pytest

from rakbot.domain.small_talk import SmallTalk, small_talk


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("Hallo", SmallTalk.GREETING),
        ("Guten Tag,", SmallTalk.GREETING),
        ("  hallo   zusammen! ", SmallTalk.GREETING),
        ("Danke!", SmallTalk.THANKS),
        ("Vielen Dank :)", SmallTalk.THANKS),
        ("Dankeschön", SmallTalk.THANKS),
        ("Thank you", SmallTalk.THANKS),
        ("Tschüss", SmallTalk.GOODBYE),
        ("Hallo, wer kann gefördert werden?", None),
        ("Danke, und wie stelle ich einen Antrag?", None),
        ("Praktikum", None),
        ("", None),
    ],
)
def test_small_talk(typed: str, kind: SmallTalk | None) -> None:
    assert small_talk(typed) is kind
