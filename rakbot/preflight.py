"""The checks before the bot starts, shared by `rakbot run`, `rakbot check` and the data tools.

Each turns the usual failures into a `StartupError`: one line that says what is wrong and how
to fix it, and an exit code of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from telegram import Bot, User
from telegram.error import InvalidToken, NetworkError

from rakbot.config import Settings
from rakbot.content import Content, ContentError, load_content
from rakbot.startup_errors import (
    bot_api_unreachable,
    content_error,
    database_error,
    database_too_new,
    missing_token,
    settings_error,
    token_rejected,
)
from storage.db import Database, ping, public_url, sqlite_file_unopenable
from storage.migrate import current_revision, head_revision, is_known_revision


@dataclass(frozen=True)
class Revision:
    current: str | None
    head: str | None

    @property
    def pending(self) -> bool:
        return self.current != self.head


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        raise settings_error(error) from None


def require_token(settings: Settings) -> str:
    if not settings.token:
        raise missing_token()
    return settings.token


async def open_database(settings: Settings) -> Database:
    """A database that answers; its revision is one this version knows."""
    shown = public_url(settings.database_url)
    try:
        db = Database(settings.database_url)
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as exc:
        raise database_error(shown, exc) from None
    if sqlite_file_unopenable(settings.database_url):
        await db.dispose()
        raise database_error(shown, OSError("unable to open database file")) from None
    try:
        await ping(db)
        revision = await current_revision(db)
    except Exception as exc:  # whatever the driver raises, the operator needs the one line
        await db.dispose()
        raise database_error(shown, exc) from None
    if revision is not None and not is_known_revision(revision):
        await db.dispose()
        raise database_too_new(revision, head_revision())
    return db


async def revision_of(db: Database) -> Revision:
    return Revision(await current_revision(db), head_revision())


def load_checked_content(settings: Settings) -> Content:
    try:
        return load_content(settings.content_path)
    except ContentError as exc:
        raise content_error(exc) from None


async def bot_identity(settings: Settings) -> User:
    """`getMe` with the configured token: proves the Bot API answers and accepts the token."""
    from rakbot.app import file_url_for

    bot = Bot(
        require_token(settings),
        base_url=settings.telegram_api_base_url,
        base_file_url=file_url_for(settings.telegram_api_base_url),
    )
    try:
        async with bot:
            return bot.bot
    except InvalidToken:
        raise token_rejected() from None
    except NetworkError as exc:
        raise bot_api_unreachable(settings.telegram_api_base_url, exc) from None
