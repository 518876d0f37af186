"""Buttons and keyboards as plain data, so that services never import `telegram`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Button:
    """One inline button: it either sends callback data back to the bot or opens a URL."""

    label: str
    callback: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if (self.callback is None) == (self.url is None):
            raise ValueError("a button needs exactly one of callback or url")

    def to_dict(self) -> dict[str, str]:
        """The Bot API's JSON form of the button."""
        if self.url is not None:
            return {"text": self.label, "url": self.url}
        return {"text": self.label, "callback_data": str(self.callback)}


@dataclass(frozen=True)
class Keyboard:
    """Rows of inline buttons under a message."""

    rows: tuple[tuple[Button, ...], ...]

    @classmethod
    def of(cls, rows: Iterable[Iterable[Button]]) -> Keyboard:
        return cls(tuple(tuple(row) for row in rows))

    @property
    def buttons(self) -> tuple[Button, ...]:
        return tuple(button for row in self.rows for button in row)

    def to_dict(self) -> dict[str, Any]:
        """The Bot API's JSON form, equal to `InlineKeyboardMarkup.to_dict()` of the same
        buttons (what a live message's fingerprint of its last shown state is made of)."""
        return {"inline_keyboard": [[button.to_dict() for button in row] for row in self.rows]}
