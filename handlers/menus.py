"""Command menus per scope: each person sees only the commands they may use."""

from __future__ import annotations

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    MenuButtonDefault,
    MenuButtonWebApp,
    WebAppInfo,
)

from handlers.commands import Command, Where, visible_commands
from rakbot.domain.access import Audience, Scope, may_use
from rakbot.i18n import LANGUAGES, N_, SOURCE_LANGUAGE, translator
from rakbot.services.people import Person


def _language_code(lang: str) -> str | None:
    """The source language is the default menu (no language code)."""
    return None if lang == SOURCE_LANGUAGE else lang


def _commands(
    table: tuple[Command, ...],
    lang: str,
    *,
    is_member: bool,
    is_coordinator: bool,
    where: Where,
    bot_committee: bool = True,
    votes: bool = False,
) -> list[BotCommand]:
    t = translator(lang)
    return [
        BotCommand(command.shown_name(lang), t(command.description)[:256])
        for command in visible_commands(
            table,
            is_member=is_member,
            is_coordinator=is_coordinator,
            where=where,
            bot_committee=bot_committee,
            votes=votes,
        )
    ]


async def _set(bot: Bot, table: tuple[Command, ...], scope: BotCommandScope, **who: bool) -> None:
    where = Where.GROUP if isinstance(scope, BotCommandScopeAllGroupChats) else Where.PRIVATE
    for lang in LANGUAGES:
        await bot.set_my_commands(
            _commands(table, lang, where=where, **who),
            scope=scope,
            language_code=_language_code(lang),
        )


async def publish_default_menus(bot: Bot, table: tuple[Command, ...]) -> None:
    await _set(bot, table, BotCommandScopeAllPrivateChats(), is_member=False, is_coordinator=False)
    await _set(bot, table, BotCommandScopeAllGroupChats(), is_member=False, is_coordinator=False)


APP_BUTTON = N_("RAK öffnen")


async def publish_app_button(
    bot: Bot, who: Person, bot_committee_id: int, app_url: str | None
) -> None:
    """The private chat's menu button: the Mini App for members and coordinators of the bot's
    committee (the app acts in that one only), Telegram's default for everyone else."""
    if app_url is None:
        return
    opens = may_use(
        Audience.MEMBER,
        Scope.BOT,
        is_member=who.is_member,
        is_coordinator=who.is_coordinator,
        bot_committee=who.committee_id == bot_committee_id,
    )
    button = (
        MenuButtonWebApp(translator(who.language)(APP_BUTTON), WebAppInfo(app_url))
        if opens
        else MenuButtonDefault()
    )
    await bot.set_chat_menu_button(chat_id=who.telegram_user_id, menu_button=button)


async def publish_personal_menu(
    bot: Bot,
    table: tuple[Command, ...],
    who: Person,
    bot_committee_id: int,
    app_url: str | None = None,
) -> None:
    """The private-chat menu of one person; a non-member falls back to the default menu."""
    await publish_app_button(bot, who, bot_committee_id, app_url)
    scope = BotCommandScopeChat(who.telegram_user_id)
    if not who.is_member:
        for lang in LANGUAGES:
            await bot.delete_my_commands(scope=scope, language_code=_language_code(lang))
        return
    await _set(
        bot,
        table,
        scope,
        is_member=True,
        is_coordinator=who.is_coordinator,
        bot_committee=who.committee_id == bot_committee_id,
        votes=who.holds_seat,
    )
