"""Back up and restore the whole database (`rakbot backup FILE`, `rakbot restore FILE`).

- SQLite: the online backup API of SQLite (`sqlite3.Connection.backup`), a consistent copy
  even while the bot writes; the backup file is itself a SQLite database.
- PostgreSQL: `pg_dump --format=custom` and `pg_restore` (the client tools of the server's
  major version or newer must be installed). The password goes to them in `PGPASSWORD`, never
  on the command line, where other users of the machine could read it.

A restore goes into an empty database unless `replace` is given: restoring over live data by
accident would lose everything since the backup.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import make_url
from sqlalchemy.engine import URL

from storage.db import is_sqlite


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why and what to do."""


def backup(url: str, target: Path) -> None:
    if is_sqlite(url):
        _sqlite_copy(_sqlite_file(url), target)
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target)], url)


def restore(source: Path, url: str, *, replace: bool = False) -> None:
    if not source.is_file():
        raise BackupError(f"{source}: keine Datei / not a file")
    if is_sqlite(url):
        _check_sqlite_backup(source)
        target = _sqlite_file(url)
        if not replace and _sqlite_has_data(target):
            raise _not_empty()
        _sqlite_copy(source, target)
    else:
        if not replace and _postgresql_has_data(url):
            raise _not_empty()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                str(source),
            ],
            url,
        )


def _not_empty() -> BackupError:
    return BackupError(
        "Die Zieldatenbank enthält schon Daten; mit --replace überschreiben (vorher sichern!) "
        "/ the target database already holds data; overwrite with --replace (back it up first!)"
    )


def _sqlite_file(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("DATABASE_URL nennt keine SQLite-Datei / names no SQLite file")
    return Path(database)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy with SQLite's online backup API (consistent while other connections write)."""
    if not source.is_file():
        raise BackupError(f"{source}: SQLite-Datei fehlt / SQLite file missing")
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def _check_sqlite_backup(source: Path) -> None:
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as connection:
            found = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
        connection.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            f"{source}: keine SQLite-Sicherung / not a SQLite backup ({exc})"
        ) from exc
    if found is None:
        raise BackupError(f"{source}: keine rakbot-Sicherung / not a rakbot backup")


def _sqlite_has_data(target: Path) -> bool:
    if not target.is_file() or target.stat().st_size == 0:
        return False
    with sqlite3.connect(target) as connection:
        tables = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'committees'"
        ).fetchone()
        rows = tables and connection.execute("SELECT count(*) FROM committees").fetchone()[0]
    connection.close()
    return bool(rows)


def _postgresql_has_data(url: str) -> bool:
    query = "SELECT to_regclass('public.committees') IS NOT NULL"
    exists = _run(["psql", "--no-psqlrc", "--tuples-only", "--command", query], url).strip()
    if exists != "t":
        return False
    count = _run(
        ["psql", "--no-psqlrc", "--tuples-only", "--command", "SELECT count(*) FROM committees"],
        url,
    )
    return int(count.strip() or 0) > 0


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """The SQLAlchemy URL as a libpq connection URI without password, and the environment."""
    parsed: URL = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(argv: list[str], url: str) -> str:
    tool = argv[0]
    if shutil.which(tool) is None:
        raise BackupError(
            f"{tool} nicht gefunden: PostgreSQL-Clientprogramme installieren "
            f"(Debian: apt install postgresql-client) / {tool} not found: install the "
            "PostgreSQL client tools"
        )
    dsn, env = _libpq(url)
    result = subprocess.run(
        [*argv, "--dbname", dsn], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(f"{tool}: {detail[-1] if detail else result.returncode}")
    return result.stdout
