"""The people, chats and records the emulator keeps, as plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JsonDict = dict[str, Any]


@dataclass
class FakeUser:
    """A Telegram account; ``to_dict`` gives the Bot API ``User`` object."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str = "de"
    is_bot: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name

    def to_dict(self) -> JsonDict:
        data: JsonDict = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code and not self.is_bot:
            data["language_code"] = self.language_code
        return data


@dataclass
class FakeChat:
    """A chat; private chats carry the user so that ``to_dict`` can name it like Telegram."""

    id: int
    type: str
    title: str | None = None
    user: FakeUser | None = None

    @property
    def is_private(self) -> bool:
        return self.type == "private"

    def to_dict(self) -> JsonDict:
        data: JsonDict = {"id": self.id, "type": self.type}
        if self.title is not None:
            data["title"] = self.title
        if self.user is not None:
            data["first_name"] = self.user.first_name
            if self.user.last_name:
                data["last_name"] = self.user.last_name
            if self.user.username:
                data["username"] = self.user.username
        return data


@dataclass
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content: bytes
    content_type: str


@dataclass
class SentMessage:
    """A message the bot sent, with everything needed to assert on it."""

    message_id: int
    chat_id: int
    kind: str
    text: str
    raw_text: str
    parse_mode: str | None
    reply_markup: JsonDict | None
    payload: JsonDict
    document: bytes | None = None
    filename: str | None = None
    edits: list[str] = field(default_factory=list)
    deleted: bool = False
    entities: list[JsonDict] = field(default_factory=list)
    date: int = 0
    edit_date: int | None = None
    content: JsonDict = field(default_factory=dict)
    """The kind-specific part of the Message JSON (``contact``, ``document``, …)."""

    def buttons(self) -> list[list[tuple[str, str | None]]]:
        """The inline keyboard as rows of ``(text, callback_data)``."""
        if not self.reply_markup:
            return []
        return [
            [(button.get("text", ""), button.get("callback_data")) for button in row]
            for row in self.reply_markup.get("inline_keyboard", [])
        ]


@dataclass
class ApiCall:
    """One request the bot made and how the emulator answered it."""

    method: str
    params: JsonDict
    ok: bool
    error: str | None
    status: int
