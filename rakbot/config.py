"""Settings from the environment or `.env` (pydantic-settings).

The names of the environment variables are part of the operators' contract; `.env.example`
documents each one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///rakbot.db"


class Settings(BaseSettings):
    """Everything an operator can set. Secrets are `SecretStr` so they never print."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = DEFAULT_API_BASE_URL
    database_url: str = DEFAULT_DATABASE_URL
    coordinator_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    coordinator_chat_id: int | None = None

    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_path: str = "telegram"
    webhook_secret: SecretStr | None = None
    #: Polling mode: the health and metrics endpoints listen here when `HTTP_PORT` is set
    #: (webhook mode serves them on the webhook's own server).
    http_listen: str = "127.0.0.1"
    http_port: int | None = Field(None, ge=0, le=65535)
    #: The Mini App's public HTTPS address as Telegram opens it (e.g. https://rak.example.org/app/);
    #: when set, members and coordinators get "RAK öffnen" as their private chat's menu button.
    #: The app itself is served by the web server above (webhook port, or HTTP_PORT).
    webapp_url: str | None = None
    #: The HTTPS address under which the web server above is reachable from outside (e.g.
    #: https://rak.example.org); personal calendar subscriptions (/kalender) start with it.
    #: Without it the origin of WEBHOOK_URL or WEBAPP_URL is used.
    public_url: str | None = None
    #: Mini App sign-in data older than this is refused (Telegram signs it when the app opens).
    webapp_max_age_seconds: int = Field(6 * 3600, ge=60, le=7 * 24 * 3600)
    #: Readiness fails and the coordinators are told when a due message waits longer than this.
    outbox_lag_limit_seconds: int = Field(600, ge=30)
    #: ... or when this many deliveries in a row failed.
    alert_after_failures: int = Field(10, ge=1)

    content_path: Path | None = None
    committee_name: str = "RAK Landkreis Börde"
    timezone: str = "Europe/Berlin"
    invite_ttl_hours: int = Field(72, ge=1, le=24 * 60)
    #: Days after an appointment request is done until its personal fields are blanked
    #: (183 ≈ six months); the privacy notice states the period.
    appointment_retention_days: int = Field(183, ge=1, le=3650)
    concurrent_updates: int = Field(8, ge=1, le=64)
    #: The HTTP client of the Bot API calls: aiohttp (less CPU per call) or PTB's httpx.
    bot_api_transport: Literal["aiohttp", "httpx"] = "aiohttp"
    log_level: str = "INFO"
    #: Shifts the bot's clock (seconds; tests only: lets a separate bot process live at another
    #: time, e.g. after a reminder fell due). Leave at 0 in production.
    clock_offset_seconds: float = 0.0

    @field_validator("coordinator_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        """Accept `123,456` (the documented form) as well as a list."""
        if isinstance(value, str):
            parts = [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
            for part in parts:
                if not part.lstrip("-").isdigit():
                    raise ValueError(
                        f"{part!r} is no numeric Telegram user id (e.g. 123456789; "
                        "@names do not work)"
                    )
            return [int(part) for part in parts]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator(
        "coordinator_chat_id",
        "webhook_url",
        "content_path",
        "http_port",
        "webapp_url",
        "public_url",
        mode="before",
    )
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @property
    def token(self) -> str | None:
        """The bot token, or None when the bot has to run offline."""
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None
