"""`rakbot …`: run the bot, the offline demo, migrations and data tools."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from rakbot.config import Settings
from rakbot.logging_setup import configure_logging
from rakbot.preflight import (
    bot_identity,
    load_checked_content,
    load_settings,
    open_database,
    require_token,
    revision_of,
)
from rakbot.startup_errors import StartupError, missing_webhook_settings
from storage.db import public_url


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rakbot", description="Bot des RAK Landkreis Börde")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="den Bot starten (braucht TELEGRAM_BOT_TOKEN)")
    run.add_argument("--webhook", action="store_true", help="Webhook statt Long Polling")
    commands.add_parser(
        "check",
        help="Einstellungen, Datenbank, Migrationen, Inhalte und Token prüfen, ohne zu starten",
    )
    backup = commands.add_parser("backup", help="Datenbank sichern (auch im laufenden Betrieb)")
    backup.add_argument("file", type=Path, help="Zieldatei")
    restore = commands.add_parser("restore", help="Sicherung in die Datenbank zurückspielen")
    restore.add_argument("file", type=Path, help="Sicherungsdatei")
    restore.add_argument(
        "--replace", action="store_true", help="vorhandene Daten überschreiben (sonst: nur leer)"
    )
    demo = commands.add_parser(
        "demo", help="offline mit dem Bot chatten (lokaler Bot-API-Emulator)"
    )
    demo.add_argument("--script", type=Path, help="Aktionen aus Datei statt von der Tastatur")
    db = commands.add_parser("db", help="Datenbank")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="Migrationen anwenden")
    db_commands.add_parser("current", help="aktuelle Migration anzeigen")
    content = commands.add_parser("content", help="Inhalte (FAQ, Förderbereiche) prüfen")
    content.add_argument("path", type=Path, nargs="?", help="Inhaltsdatei (Standard: eingebaut)")
    ics = commands.add_parser("ics", help="Kalender-Feed (.ics) aller Sitzungen schreiben")
    ics.add_argument("file", type=Path, nargs="?", help="Zieldatei (Standard: Ausgabe)")
    roster = commands.add_parser("roster", help="Mitgliederverzeichnis als CSV")
    roster_commands = roster.add_subparsers(dest="roster_command", required=True)
    roster_import = roster_commands.add_parser("import", help="CSV einlesen (alles oder nichts)")
    roster_import.add_argument("file", type=Path)
    roster_export = roster_commands.add_parser("export", help="CSV ausgeben (Datei oder stdout)")
    roster_export.add_argument("file", type=Path, nargs="?")
    export = commands.add_parser("export", help="Daten als CSV ausgeben")
    export_commands = export.add_subparsers(dest="export_command", required=True)
    export_votes = export_commands.add_parser("votes", help="alle Stimmen (Datei oder stdout)")
    export_votes.add_argument("file", type=Path, nargs="?")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; a problem an operator can fix ends as one line and its exit code."""
    args = _parser().parse_args(argv)
    try:
        return _command(args)
    except StartupError as error:
        print(error.line(), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130


def _command(args: argparse.Namespace) -> int:
    settings = load_settings()
    secrets = [settings.token]
    if settings.webhook_secret is not None:
        secrets.append(settings.webhook_secret.get_secret_value())
    configure_logging(settings.log_level, secrets)
    return _COMMANDS[args.command](settings, args)


#: what each subcommand runs, given the settings and the parsed arguments
_COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
    "run": lambda settings, args: _run(settings, webhook=args.webhook),
    "check": lambda settings, _args: asyncio.run(_check(settings, sys.stdout)),
    "backup": lambda settings, args: _backup(settings, args.file),
    "restore": lambda settings, args: _restore(settings, args.file, replace=args.replace),
    "demo": lambda settings, args: _demo(settings, args.script),
    "db": lambda settings, args: asyncio.run(_db(settings, args.db_command)),
    "ics": lambda settings, args: _write_ics(settings, args.file),
    "roster": lambda settings, args: _roster(settings, args.roster_command, args.file),
    "export": lambda settings, args: _export_votes(settings, args.file),
    "content": lambda settings, args: _check_content(args.path or settings.content_path),
}


async def _check(settings: Settings, out: TextIO) -> int:
    """Everything `run` needs, checked in the order it needs it, without starting the bot."""
    mode = "Webhook" if settings.webhook_url else "Long Polling"
    require_token(settings)
    if settings.webhook_url and settings.webhook_secret is None:
        raise missing_webhook_settings()
    print(f"Einstellungen: in Ordnung ({mode})", file=out)
    content = load_checked_content(settings)
    print(
        f"Inhalte: {len(content.funding_areas)} Förderbereiche, {len(content.faq)} FAQ-Einträge",
        file=out,
    )
    db = await open_database(settings)
    try:
        print(f"Datenbank: {public_url(settings.database_url)} erreichbar", file=out)
        revision = await revision_of(db)
        if revision.pending:
            print(
                f"Migrationen: Revision {revision.current or '–'}, neueste {revision.head} – "
                "wird beim Start angewandt (oder: rakbot db upgrade)",
                file=out,
            )
        else:
            print(f"Migrationen: aktuell ({revision.current})", file=out)
    finally:
        await db.dispose()
    me = await bot_identity(settings)
    print(f"Token: gültig, Bot @{me.username} (getMe)", file=out)
    print("Alles in Ordnung.", file=out)
    return 0


def _backup(settings: Settings, file: Path) -> int:
    from storage.backup import BackupError, backup

    try:
        backup(settings.database_url, file)
    except BackupError as error:
        print(f"Fehler / Error: {error}", file=sys.stderr)
        return 1
    print(f"Sicherung geschrieben: {file} ({file.stat().st_size} Bytes)")
    return 0


def _restore(settings: Settings, file: Path, *, replace: bool) -> int:
    from storage.backup import BackupError, restore

    try:
        restore(file, settings.database_url, replace=replace)
    except BackupError as error:
        print(f"Fehler / Error: {error}", file=sys.stderr)
        return 1
    print(
        f"Sicherung {file} zurückgespielt nach {public_url(settings.database_url)}. "
        "Beim nächsten Start werden fehlende Migrationen angewandt."
    )
    return 0


def _export_votes(settings: Settings, file: Path | None) -> int:
    from rakbot.services.vote_export import votes_csv
    from storage.db import Database

    async def load() -> str:
        db = Database(settings.database_url)
        try:
            return await votes_csv(db)
        finally:
            await db.dispose()

    text = asyncio.run(load())
    if file is None:
        sys.stdout.write(text)
    else:
        file.write_text(text, encoding="utf-8")
    return 0


def _run(settings: Settings, *, webhook: bool) -> int:
    require_token(settings)
    from rakbot.bot import RakBot

    asyncio.run(RakBot(settings).run_until_stopped(webhook=webhook))
    return 0


def _demo(settings: Settings, script: Path | None) -> int:
    from rakbot.demo import run_demo

    if script is not None:
        with script.open(encoding="utf-8") as stream:
            return asyncio.run(run_demo(settings, stream, interactive=False))
    return asyncio.run(run_demo(settings, sys.stdin, interactive=sys.stdin.isatty()))


async def _db(settings: Settings, command: str) -> int:
    from storage.migrate import upgrade

    db = await open_database(settings)
    try:
        if command == "upgrade":
            await upgrade(db)
        revision = await revision_of(db)
        print(f"Datenbank: Revision {revision.current} (neueste: {revision.head})")
    finally:
        await db.dispose()
    return 0


async def _ics_feed(settings: Settings) -> tuple[bytes, int]:
    from rakbot.ics import calendar
    from storage.db import Database
    from storage.repositories.meetings import all_meetings

    db = Database(settings.database_url)
    try:
        feed = await db.run(all_meetings)
    finally:
        await db.dispose()
    return calendar(feed, f"Sitzungen: {settings.committee_name}"), len(feed)


def _write_ics(settings: Settings, target: Path | None) -> int:
    data, count = asyncio.run(_ics_feed(settings))
    if target is None:
        sys.stdout.buffer.write(data)
    else:
        target.write_bytes(data)
        print(f"{count} Sitzungen nach {target} geschrieben.")
    return 0


def _check_content(path: Path | None) -> int:
    from rakbot.content import ContentError, load_content

    try:
        content = load_content(path)
    except ContentError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 1
    print(
        f"Inhalte in Ordnung: {len(content.funding_areas)} Förderbereiche, "
        f"{len(content.faq)} FAQ-Einträge."
    )
    return 0


def _roster(settings: Settings, command: str, file: Path | None) -> int:
    """Import or export the default committee's roster (file I/O here, database in `_roster_db`)."""
    if command == "export":
        text = asyncio.run(_roster_db(settings, None))
        if file is None:
            sys.stdout.write(text)
        else:
            file.write_text(text, encoding="utf-8", newline="")
        return 0
    if file is None:
        raise AssertionError("argparse requires FILE for import")
    from rakbot.services.roster_transfer import ImportRejected

    try:
        print(asyncio.run(_roster_db(settings, file.read_bytes())))
    except ImportRejected as rejected:
        for error in rejected.errors:
            print(f"Zeile {error.line}: {error.message}", file=sys.stderr)
        print("Nichts wurde eingelesen.", file=sys.stderr)
        return 1
    return 0


async def _roster_db(settings: Settings, import_data: bytes | None) -> str:
    """Export (import_data None) or import the file's bytes; returns the CSV or a confirmation
    line."""
    from rakbot.bot import RakBot
    from rakbot.services import roster_transfer

    runtime = await RakBot(settings).prepare()
    try:
        if import_data is None:
            return await roster_transfer.export_csv(runtime, runtime.committee_id)
        count = await roster_transfer.import_csv(
            runtime, runtime.committee_id, import_data, actor_member_id=None
        )
        return f"{count} Zeilen eingelesen."
    finally:
        await runtime.db.dispose()
