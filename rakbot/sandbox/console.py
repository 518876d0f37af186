"""A terminal chat with the bot through the emulator: type as one of several personas.

Each input line is one action (see ``HELP``). After each action the console waits for the bot
(``settle``) and prints what it sent to any chat the personas can see.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import mimetypes
import os
import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TextIO

from rakbot.sandbox.emulator import BotApiEmulator
from rakbot.sandbox.models import FakeChat, FakeUser, SentMessage

HELP = """\
Befehle:
  Text oder /befehl   Nachricht an den Bot (von der aktuellen Person im aktuellen Chat)
  #N oder klick N     Knopf N der letzten Bot-Nachricht (mit Knöpfen) drücken
  #K.N                Knopf N der Nachricht #K drücken (die Nummer steht im Kopf der Nachricht)
  @                   Personen anzeigen
  @name               zur Person wechseln
  gruppe / privat     zwischen Gruppe und privatem Chat wechseln
  +3d, +2h, +30m      Zeit vorspulen (Tage, Stunden, Minuten)
  datei NAME [TEXT]   eine Datei NAME schicken (Beispielinhalt), TEXT als Beschriftung
  link                den zuletzt gezeigten Einladungslink (t.me/…?start=…) öffnen
  beitreten           über den zuletzt gezeigten Gruppenlink (t.me/+…) um Beitritt bitten
  hilfe               diese Hilfe
  ende (oder Strg-C)  beenden
  ; Kommentar         wird ignoriert (für Skripte)"""

_PRESS = re.compile(r"^(?:#|klick\s+)(?:(\d+)\.)?(\d+)$", re.IGNORECASE)
_DEEP_LINK = re.compile(r"t\.me/\w+\?start=([\w-]{1,64})")
_TIME_TRAVEL = re.compile(r"^\+(\d+)([dhm])$")
_FILE = re.compile(r"^datei\s+(\S+)(?:\s+(.+))?$", re.IGNORECASE)
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}

Persona = tuple[FakeUser, FakeChat]


class DemoConsole:
    def __init__(
        self,
        emulator: BotApiEmulator,
        input_stream: TextIO,
        output: TextIO,
        personas: dict[str, Persona],
        *,
        settle: Callable[[], Awaitable[None]],
        current: str | None = None,
        on_time_travel: Callable[[timedelta], Awaitable[None]] | None = None,
        interactive: bool | None = None,
    ) -> None:
        if not personas:
            raise ValueError("the console needs at least one persona")
        self._emulator = emulator
        self._input = input_stream
        self._output = output
        self._users = {name: user for name, (user, _) in personas.items()}
        self._chats = {name: chat for name, (_, chat) in personas.items()}
        self._group = next((chat for _, chat in personas.values() if not chat.is_private), None)
        self._current = current or next(iter(personas))
        self._settle = settle
        self._on_time_travel = on_time_travel
        self._interactive = input_stream.isatty() if interactive is None else interactive
        self._shown_count = 0
        self._shown_state: dict[tuple[int, int], str] = {}
        self._keyboards: dict[tuple[str, int], SentMessage] = {}
        self._pressed: str | None = None
        self._reader = _LineReader(input_stream)

    async def run(self) -> None:
        """Read actions until ``ende`` or the end of the input."""
        if self._interactive:
            self._print("Demo – »hilfe« zeigt die Befehle.")
        await self._settle()
        self._show_new()
        while True:
            if self._interactive:
                self._output.write(f"{self._speaker()}> ")
                self._output.flush()
            line = await self._reader.readline()
            if not line:
                break
            action = line.strip()
            if not action or action.startswith(";"):
                continue
            if not self._interactive:
                self._print(self._echo(action))
            if action.lower() == "ende":
                break
            if await self._perform(action):
                await self._settle()
                self._show_new()

    async def _perform(self, action: str) -> bool:
        """Carry out one action; True if the bot may have something to answer."""
        user, chat = self._users[self._current], self._chats[self._current]
        lowered = action.lower()
        if lowered == "hilfe":
            self._print(HELP)
        elif action == "@":
            for name, persona in self._users.items():
                marker = "*" if name == self._current else " "
                self._print(f" {marker} @{name} – {persona.full_name}")
        elif action.startswith("@") and " " not in action:
            self._switch_persona(action[1:])
        elif lowered in ("gruppe", "privat"):
            self._switch_chat(lowered)
        elif press := _PRESS.match(action):
            message_id = int(press.group(1)) if press.group(1) else None
            return self._press(user, chat, int(press.group(2)), message_id)
        elif lowered == "link":
            return self._open_last_link(user)
        elif lowered == "beitreten":
            return self._request_to_join(user)
        elif travel := _TIME_TRAVEL.match(action):
            return await self._time_travel(int(travel.group(1)), travel.group(2))
        else:
            self._send(user, chat, action)
            return True
        return False

    def _send(self, user: FakeUser, chat: FakeChat, action: str) -> None:
        """A message from the persona: a file (`datei NAME [TEXT]`) or text."""
        if file := _FILE.match(action):
            name, caption = file.group(1), file.group(2)
            self._emulator.send_document(
                user, name, sample_file(name), mime_type=_mime(name), caption=caption, chat=chat
            )
            return
        self._emulator.send_message(user, action, chat=chat)

    def _switch_persona(self, name: str) -> None:
        match = next((key for key in self._users if key.lower() == name.lower()), None)
        if match is None:
            self._print(f"Unbekannte Person @{name}. »@« zeigt alle.")
            return
        self._current = match
        self._print(f"Sie sprechen jetzt als {self._speaker()}.")

    def _switch_chat(self, target: str) -> None:
        if target == "gruppe" and self._group is None:
            self._print("Es gibt keine Gruppe.")
            return
        user = self._users[self._current]
        chat = self._group if target == "gruppe" and self._group else self._private(user)
        self._chats[self._current] = chat
        self._print(f"Sie schreiben jetzt in {self._label(chat)}.")

    def _private(self, user: FakeUser) -> FakeChat:
        return self._emulator.private_chat(user)

    def _press(
        self, user: FakeUser, chat: FakeChat, number: int, message_id: int | None = None
    ) -> bool:
        message = (
            self._keyboards.get((self._current, chat.id))
            if message_id is None
            else self._find_message(message_id, chat)
        )
        buttons = _buttons(message) if message is not None else []
        if message is None or not 1 <= number <= len(buttons):
            where = f" an Nachricht #{message_id}" if message_id is not None else ""
            self._print(f"Keinen Knopf {number}{where} gefunden.")
            return False
        button = buttons[number - 1]
        if _is_reply_keyboard(message):
            # a reply keyboard's button sends its text as a message, in the message's chat
            self._emulator.send_message(user, str(button.get("text", "")), chat=chat)
            return True
        if "callback_data" not in button:
            self._print(f"Link: {button.get('url') or json.dumps(button, ensure_ascii=False)}")
            return False
        self._pressed = str(self._emulator.press_button(user, message, button["callback_data"]))
        return True

    def _find_message(self, message_id: int, chat: FakeChat) -> SentMessage | None:
        """A message the current persona can see: in the current chat first, then any other."""
        seen = [
            m
            for m in self._emulator.messages
            if m.message_id == message_id and self._sees(self._current, m.chat_id)
        ]
        seen.sort(key=lambda m: m.chat_id != chat.id)
        return seen[0] if seen else None

    def _open_last_link(self, user: FakeUser) -> bool:
        """Tapping a deep link sends `/start <payload>` from the private chat, as Telegram does."""
        for message in reversed(self._emulator.messages):
            found = _DEEP_LINK.search(message.text) if self._visible(message.chat_id) else None
            if found:
                self._chats[self._current] = self._private(user)
                self._emulator.send_message(user, f"/start {found.group(1)}")
                return True
        self._print("Kein Einladungslink zu sehen.")
        return False

    def _request_to_join(self, user: FakeUser) -> bool:
        """Tapping a join-request link the bot made: Telegram asks the group's admins."""
        links = self._emulator.invite_links
        for message in reversed(self._emulator.messages):
            if not self._visible(message.chat_id):
                continue
            found = next((link for link in links if link in message.text), None)
            if found is not None:
                chat = self._emulator.chat(int(links[found]["chat_id"]))
                self._emulator.request_to_join(user, chat, found)
                self._print(f"{user.full_name} bittet um Beitritt zu {chat.title}.")
                return True
        self._print("Kein Gruppenlink zu sehen.")
        return False

    async def _time_travel(self, amount: int, unit: str) -> bool:
        if self._on_time_travel is None:
            self._print("Zeitreise ist hier nicht verfügbar.")
            return False
        delta = timedelta(**{_UNITS[unit]: amount})
        await self._on_time_travel(delta)
        self._print(f"… {amount}{unit} später.")
        return True

    # ----- output ---------------------------------------------------------------------------

    def _show_new(self) -> None:
        self._show_button_answer()
        messages = self._emulator.messages
        for message in messages[: self._shown_count]:
            key = (message.chat_id, message.message_id)
            if self._visible(message.chat_id) and self._shown_state.get(key) != _state(message):
                self._show(message, edited=not message.deleted)
        for message in messages[self._shown_count :]:
            if self._visible(message.chat_id):
                self._show(message, edited=False)
        self._shown_count = len(messages)

    def _show_button_answer(self) -> None:
        """A button's short answer (Telegram shows it as a toast or an alert)."""
        if self._pressed is None:
            return
        answer = self._emulator.callback_answers.get(self._pressed, {})
        self._pressed = None
        if answer.get("text"):
            self._print(f"(Hinweis) {answer['text']}")

    def _visible(self, chat_id: int) -> bool:
        return any(self._sees(name, chat_id) for name in self._users)

    def _show(self, message: SentMessage, *, edited: bool) -> None:
        self._shown_state[(message.chat_id, message.message_id)] = _state(message)
        chat = self._emulator.chat(message.chat_id)
        note = " (gelöscht)" if message.deleted else " (bearbeitet)" if edited else ""
        number = f" · #{message.message_id}" if _buttons(message) and not message.deleted else ""
        self._print(
            f"── {self._emulator.bot_user.first_name} → {self._label(chat)}{note}{number} ──"
        )
        if message.deleted:
            return
        line = _content_line(message)
        if line:
            self._print(line)
        if message.text:
            self._print(message.text)
        self._print_buttons(message)

    def _print_buttons(self, message: SentMessage) -> None:
        rows = _button_rows(message)
        number = 0
        if rows and _is_reply_keyboard(message):
            self._print("Tastatur (statt Tippen):")
        for row in rows:
            cells = []
            for button in row:
                number += 1
                cells.append(f"[{number}] {button.get('text', '')}")
            self._print("  ".join(cells))
        for name in self._users:
            if self._sees(name, message.chat_id) and rows:
                self._keyboards[(name, message.chat_id)] = message

    def _sees(self, name: str, chat_id: int) -> bool:
        return chat_id == self._users[name].id or (
            self._group is not None and chat_id == self._group.id
        )

    def _speaker(self) -> str:
        """Who types where: `Anna (privat)`, or `Doris @ RAK Börde (Gruppe)` in the group."""
        chat = self._chats[self._current]
        if chat.is_private:
            return self._label(chat)
        return f"{self._users[self._current].first_name} @ {self._label(chat)}"

    def _echo(self, action: str) -> str:
        """A script line as the transcript shows it; in the group it names the speaker."""
        chat = self._chats[self._current]
        console_only = (
            action.startswith("@")
            or action.lower() in _CONSOLE_WORDS
            or _TIME_TRAVEL.match(action) is not None
        )
        if chat.is_private or console_only:
            return f"> {action}"
        return f"> {self._users[self._current].first_name} @ {chat.title}: {action}"

    def _label(self, chat: FakeChat) -> str:
        if chat.is_private and chat.user is not None:
            return f"{chat.user.first_name} (privat)"
        return f"{chat.title} (Gruppe)"

    def _print(self, text: str) -> None:
        self._output.write(text + "\n")
        self._output.flush()


_CONSOLE_WORDS = frozenset({"hilfe", "gruppe", "privat", "link", "beitreten", "ende"})


def _is_reply_keyboard(message: SentMessage) -> bool:
    return "keyboard" in (message.reply_markup or {})


def _button_rows(message: SentMessage) -> list[list[dict[str, object]]]:
    """Inline buttons, or the buttons of a reply keyboard (plain strings become `{"text"}`)."""
    markup = message.reply_markup or {}
    rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
    return [
        [button if isinstance(button, dict) else {"text": str(button)} for button in row]
        for row in rows
    ]


def _buttons(message: SentMessage) -> list[dict[str, object]]:
    return [button for row in _button_rows(message) for button in row]


class _LineReader:
    """Reads input lines without a thread where the input can be watched (a terminal, a pipe),
    so that Ctrl-C ends the demo at once; a regular file or a StringIO is read directly."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._buffer = b""
        self._eof = False
        try:
            self._fd: int | None = stream.fileno()
        except (OSError, ValueError, AttributeError):
            self._fd = None

    async def readline(self) -> str:
        if self._fd is None:
            return await asyncio.to_thread(self._stream.readline)
        while b"\n" not in self._buffer and not self._eof:
            chunk = await self._chunk(self._fd)
            if chunk is None:  # not watchable (a regular file): plain reads never block
                self._fd = None
                return self._buffer.decode() + self._stream.readline()
            self._eof = not chunk
            self._buffer += chunk
        line, newline, rest = self._buffer.partition(b"\n")
        self._buffer = rest
        return (line + newline).decode("utf-8", errors="replace")

    @staticmethod
    async def _chunk(fd: int) -> bytes | None:
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()
        try:
            loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
        except (PermissionError, OSError):
            return None
        try:
            await ready
        finally:
            with contextlib.suppress(Exception):
                loop.remove_reader(fd)
        return os.read(fd, 65536)


def _state(message: SentMessage) -> str:
    return f"{message.deleted}|{message.text}|{json.dumps(message.reply_markup, sort_keys=True)}"


def _content_line(message: SentMessage) -> str:
    """One readable line for non-text messages."""
    payload = message.payload
    match message.kind:
        case "contact":
            name = " ".join(str(payload[k]) for k in ("first_name", "last_name") if k in payload)
            return f"[Kontakt] {name}, {payload.get('phone_number', '')}"
        case "venue":
            return f"[Ort] {payload.get('title', '')}, {payload.get('address', '')}"
        case "location":
            return f"[Standort] {payload.get('latitude')}, {payload.get('longitude')}"
        case "document":
            size = f", {_size(len(message.document))}" if message.document is not None else ""
            return f"[Dokument] {message.filename or 'Datei'}{size}"
        case "photo":
            return "[Foto]"
        case "text":
            return ""
    return f"[{message.kind}]"


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KB".replace(".", ",")
    return f"{count / 1024 / 1024:.1f} MB".replace(".", ",")


def sample_file(name: str) -> bytes:
    """What a file typed as `datei NAME` contains: a few kilobytes that say what they are
    (the same each run, so that transcripts stay the same)."""
    line = f"Beispielinhalt von {name} (Demo)\n".encode()
    return line * (4096 // len(line) + 1)


def _mime(name: str) -> str:
    guessed, _encoding = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"
