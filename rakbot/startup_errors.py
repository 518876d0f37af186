"""Problems that stop the bot before it can work, each as one line (German / English) with the
fix, and an exit code of its own, so that an operator (or systemd, or a container engine) sees
at once what is wrong instead of a traceback.

| Exit code | Meaning |
| --- | --- |
| 3 | a setting is missing or invalid (token, `COORDINATOR_IDS`, webhook settings, port) |
| 4 | the database cannot be reached or opened (`DATABASE_URL`) |
| 5 | the content file is invalid (`CONTENT_PATH`) |
| 6 | the Bot API cannot be reached (network, `TELEGRAM_API_BASE_URL`) |
| 7 | Telegram refuses the token (`TELEGRAM_BOT_TOKEN`) |
| 8 | the database was migrated by a newer version of rakbot |
"""

from __future__ import annotations

from pydantic import ValidationError


class StartupError(Exception):
    exit_code = 1

    def __init__(self, german: str, english: str) -> None:
        super().__init__(f"{german} / {english}")
        self.german = german
        self.english = english

    def line(self) -> str:
        return f"Fehler: {self.german} / Error: {self.english}"


class SettingsInvalid(StartupError):
    exit_code = 3


class DatabaseUnavailable(StartupError):
    exit_code = 4


class ContentInvalid(StartupError):
    exit_code = 5


class BotApiUnavailable(StartupError):
    exit_code = 6


class TokenRejected(StartupError):
    exit_code = 7


class DatabaseTooNew(StartupError):
    exit_code = 8


#: What a valid value looks like, for the settings people get wrong most (German, English).
_EXPECTED = {
    "COORDINATOR_IDS": (
        "erwartet werden Telegram-Nutzerkennungen als Zahlen, durch Komma getrennt "
        "(z. B. 123456789,987654321), keine @namen – die Kennung steht in /meine_daten",
        "numeric Telegram user ids separated by commas are expected (e.g. "
        "123456789,987654321), not @names – /meine_daten shows the id",
    ),
}


def settings_error(error: ValidationError) -> SettingsInvalid:
    """The first invalid setting, named as the environment variable an operator sets."""
    first = error.errors()[0]
    variable = str(first["loc"][0]).upper() if first["loc"] else "?"
    value = first.get("input")
    detail = str(first["msg"]).removeprefix("Value error, ")
    german, english = _EXPECTED.get(variable, (detail, detail))
    shown = f" ({value!r})" if isinstance(value, str | int | float) else ""
    return SettingsInvalid(
        f"Einstellung {variable}{shown} ist ungültig: {german}. "
        "Bitte in .env oder der Umgebung korrigieren (siehe .env.example)",
        f"setting {variable}{shown} is invalid: {english}. "
        "Fix it in .env or the environment (see .env.example)",
    )


def missing_token() -> SettingsInvalid:
    return SettingsInvalid(
        "Kein TELEGRAM_BOT_TOKEN gesetzt. Token von @BotFather in .env eintragen; "
        "zum Ausprobieren ohne Token: rakbot demo",
        "no TELEGRAM_BOT_TOKEN set. Put the token from @BotFather into .env; "
        "to try the bot without one: rakbot demo",
    )


def missing_webhook_settings() -> SettingsInvalid:
    return SettingsInvalid(
        "Webhook-Betrieb braucht WEBHOOK_URL und WEBHOOK_SECRET. Beide in .env setzen "
        "oder ohne --webhook starten",
        "webhook mode needs WEBHOOK_URL and WEBHOOK_SECRET. Set both in .env "
        "or start without --webhook",
    )


def port_unavailable(host: str, port: int, exc: OSError) -> SettingsInvalid:
    return SettingsInvalid(
        f"HTTP-Port {host}:{port} nicht nutzbar ({exc.strerror or exc}). "
        "Anderen Port setzen (WEBHOOK_PORT bzw. HTTP_PORT) oder den anderen Dienst beenden",
        f"HTTP port {host}:{port} is not usable ({exc.strerror or exc}). "
        "Set another port (WEBHOOK_PORT or HTTP_PORT) or stop the other service",
    )


def database_error(shown_url: str, exc: BaseException) -> DatabaseUnavailable:
    """Why a database could not be opened, with the fix for the usual causes."""
    text = f"{exc.__class__.__name__} {exc}".lower()
    invalid = ("can't load plugin", "could not parse", "nosuchmodule", "no module named")
    if any(marker in text for marker in invalid):
        return DatabaseUnavailable(
            f"DATABASE_URL {shown_url} ist keine gültige Datenbank-URL. Form: "
            "sqlite+aiosqlite:///rakbot.db oder postgresql+asyncpg://user:pass@host:5432/name",
            f"DATABASE_URL {shown_url} is not a valid database URL. Form: "
            "sqlite+aiosqlite:///rakbot.db or postgresql+asyncpg://user:pass@host:5432/name",
        )
    if "password authentication" in text or "invalidpassword" in text:
        return DatabaseUnavailable(
            f"Anmeldung an der Datenbank {shown_url} abgelehnt. Benutzer und Passwort in "
            "DATABASE_URL prüfen",
            f"the database {shown_url} refused the login. Check user and password in DATABASE_URL",
        )
    if "does not exist" in text or "invalidcatalogname" in text:
        return DatabaseUnavailable(
            f"Die Datenbank {shown_url} existiert nicht. Mit createdb anlegen oder den Namen "
            "in DATABASE_URL korrigieren",
            f"the database {shown_url} does not exist. Create it (createdb) or fix the name "
            "in DATABASE_URL",
        )
    if "unable to open database file" in text:
        return DatabaseUnavailable(
            f"SQLite-Datei {shown_url} lässt sich nicht öffnen. Verzeichnis und Schreibrechte "
            "prüfen oder DATABASE_URL korrigieren",
            f"the SQLite file {shown_url} cannot be opened. Check the directory and write "
            "permissions or fix DATABASE_URL",
        )
    return DatabaseUnavailable(
        f"Datenbank {shown_url} nicht erreichbar ({exc.__class__.__name__}). Läuft der "
        "Datenbankserver, stimmen Host und Port in DATABASE_URL?",
        f"database {shown_url} is not reachable ({exc.__class__.__name__}). Is the database "
        "server running, are host and port in DATABASE_URL right?",
    )


def content_error(exc: Exception) -> ContentInvalid:
    return ContentInvalid(
        f"Inhaltsdatei ungültig: {exc}. Datei korrigieren und mit `rakbot content DATEI` "
        "prüfen, oder CONTENT_PATH leeren",
        f"invalid content file: {exc}. Fix the file and check it with `rakbot content FILE`, "
        "or unset CONTENT_PATH",
    )


def bot_api_unreachable(base_url: str, exc: BaseException) -> BotApiUnavailable:
    return BotApiUnavailable(
        f"Bot-API unter {base_url} nicht erreichbar ({exc}). Netzwerk, Proxy und "
        "TELEGRAM_API_BASE_URL prüfen",
        f"the Bot API at {base_url} is not reachable ({exc}). Check the network, proxy and "
        "TELEGRAM_API_BASE_URL",
    )


def token_rejected() -> TokenRejected:
    return TokenRejected(
        "Telegram lehnt TELEGRAM_BOT_TOKEN ab. Token bei @BotFather prüfen (/token) und neu "
        "eintragen",
        "Telegram refuses TELEGRAM_BOT_TOKEN. Check the token with @BotFather (/token) and "
        "set it again",
    )


def database_too_new(revision: str | None, head: str | None) -> DatabaseTooNew:
    return DatabaseTooNew(
        f"Die Datenbank hat die Revision {revision}, diese Version kennt nur bis {head}. "
        "Neuere rakbot-Version installieren oder die Sicherung von vor dem Upgrade "
        "zurückspielen",
        f"the database is at revision {revision}, this version knows up to {head}. "
        "Install the newer rakbot or restore the backup taken before the upgrade",
    )
