"""The command table: one place for /hilfe, the command menus per scope and the README table.

Each feature module declares its own `FEATURE` (commands, buttons, dialogs); this module only
collects them in a fixed order.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from rakbot.domain.access import Audience, Scope, may_use
from rakbot.services.dialogs import DialogState

Context = ContextTypes.DEFAULT_TYPE
Callback = Callable[[Update, Context], Awaitable[None]]
DialogCallback = Callable[[Update, Context, DialogState], Awaitable[None]]


class Where(StrEnum):
    PRIVATE = "private"
    GROUP = "group"
    BOTH = "both"


@dataclass(frozen=True)
class Command:
    name: str
    description: str
    audience: Audience
    callback: Callback
    where: Where = Where.PRIVATE
    aliases: tuple[str, ...] = ()
    scope: Scope = Scope.BOT

    def shown_name(self, lang: str) -> str:
        """The name a reader of `lang` is shown (/hilfe, the command menus): the first alias is
        the English name where the command has one, German is the command's own name."""
        if lang == "en" and self.aliases:
            return self.aliases[0]
        return self.name


@dataclass(frozen=True)
class StartLink:
    """A deep link (`/start <parameter>`) that a feature opens: `parse` finds its value in the
    start parameters (None: not this feature's link), `open` answers it."""

    parse: Callable[[list[str]], Any]
    open: Callable[[Update, Context, Any], Awaitable[None]]


@dataclass(frozen=True)
class Feature:
    """What one handler module contributes to the bot."""

    commands: tuple[Command, ...] = ()
    #: (regex on callback data, handler); callback data is checked again against the database.
    buttons: tuple[tuple[str, Callback], ...] = ()
    #: dialog kind stored in the database → handler for the next text message
    dialogs: dict[str, DialogCallback] = field(default_factory=dict)


def visible_commands(
    commands: tuple[Command, ...],
    *,
    is_member: bool,
    is_coordinator: bool,
    where: Where,
    bot_committee: bool = True,
    votes: bool = False,
) -> list[Command]:
    """The commands this person may use in this kind of chat, in table order; `votes`: they
    hold a seat of an institution (representative or deputy)."""
    return [
        command
        for command in commands
        if may_use(
            command.audience,
            command.scope,
            is_member=is_member,
            is_coordinator=is_coordinator,
            votes=votes,
            bot_committee=bot_committee,
        )
        and command.where in (where, Where.BOTH)
    ]


_COMMANDS_KEY = "rakbot.commands"
_DIALOGS_KEY = "rakbot.dialogs"
_START_LINKS_KEY = "rakbot.start_links"


def install(
    bot_data: dict[str, object],
    features: tuple[Feature, ...],
    start_links: tuple[StartLink, ...] = (),
) -> None:
    """Make the collected table available to /hilfe, the menus and the text router, and the
    deep links to /start (tried in the given order)."""
    bot_data[_COMMANDS_KEY] = tuple(command for f in features for command in f.commands)
    bot_data[_DIALOGS_KEY] = {kind: cb for f in features for kind, cb in f.dialogs.items()}
    bot_data[_START_LINKS_KEY] = start_links


def all_commands(context: Context) -> tuple[Command, ...]:
    return context.application.bot_data[_COMMANDS_KEY]  # type: ignore[no-any-return]


def all_dialogs(context: Context) -> dict[str, DialogCallback]:
    return context.application.bot_data[_DIALOGS_KEY]  # type: ignore[no-any-return]


def all_start_links(context: Context) -> tuple[StartLink, ...]:
    return context.application.bot_data.get(_START_LINKS_KEY, ())  # type: ignore[no-any-return]
