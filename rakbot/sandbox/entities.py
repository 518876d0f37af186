"""Message entities Telegram adds to incoming text, measured in UTF-16 code units like the API."""

from __future__ import annotations

import re

from rakbot.sandbox.models import JsonDict

_COMMAND = re.compile(r"(?<![\w/@])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def command_entities(text: str) -> list[JsonDict]:
    """``bot_command`` entities for every ``/command`` or ``/command@botname`` in ``text``."""
    return [
        {
            "type": "bot_command",
            "offset": utf16_len(text[: match.start()]),
            "length": utf16_len(match.group()),
        }
        for match in _COMMAND.finditer(text)
    ]
