"""`rakbot …`: run the bot, the offline demo, migrations and data tools."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from rakbot.config import Settings
from rakbot.logging_setup import configure_logging


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rakbot", description="Bot des RAK Landkreis Börde")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="den Bot starten (ohne Token: Offline-Demo)")
    run.add_argument("--webhook", action="store_true", help="Webhook statt Long Polling")
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings()
    secrets = [settings.token]
    if settings.webhook_secret is not None:
        secrets.append(settings.webhook_secret.get_secret_value())
    configure_logging(settings.log_level, secrets)
    if args.command == "run":
        return _run(settings, webhook=args.webhook)
    if args.command == "demo":
        return _demo(settings, args.script)
    if args.command == "db":
        return asyncio.run(_db(settings, args.db_command))
    if args.command == "content":
        return _check_content(args.path or settings.content_path)
    raise AssertionError(args.command)


def _run(settings: Settings, *, webhook: bool) -> int:
    if not settings.token:
        print(
            "Kein TELEGRAM_BOT_TOKEN gesetzt – der Bot startet offline als Demo "
            "(lokaler Bot-API-Emulator). / No token set: starting the offline demo.",
            file=sys.stderr,
        )
        return _demo(settings, None)
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
    from storage.db import Database
    from storage.migrate import current_revision, head_revision, upgrade

    db = Database(settings.database_url)
    try:
        if command == "upgrade":
            await upgrade(db)
        revision = await current_revision(db)
        print(f"Datenbank: Revision {revision} (neueste: {head_revision()})")
    finally:
        await db.dispose()
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
