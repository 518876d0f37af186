"""Apply Alembic migrations from code (`rakbot db upgrade`, start-up of `rakbot run`, tests).

Alembic itself (about 100 ms and 15 MB to import) is loaded only when there is something to
migrate: which revisions exist is read from the migration files' `revision` and
`down_revision` lines, and which one a database is at from its `alembic_version` table, so a
restart on an up-to-date database never imports it. `tests/unit/test_migrations.py` checks that
this reading agrees with Alembic's own.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from storage.db import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: Arbitrary constant: two processes starting together on PostgreSQL migrate one after the other.
_PG_LOCK_ID = 7_240_2412
_VERSION_TABLE = "alembic_version"
_ASSIGNMENT = re.compile(
    r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(?:['\"]([^'\"]+)['\"]|None)\s*$", re.M
)


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@cache
def revisions() -> dict[str, str | None]:
    """Every revision of this version's migrations with the one it follows."""
    found: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        values = {name: value or None for name, value in _ASSIGNMENT.findall(path.read_text())}
        if "revision" in values and values["revision"] is not None:
            found[values["revision"]] = values.get("down_revision")
    return found


def head_revision() -> str | None:
    """The revision no other one follows (the migrations form one line)."""
    followed = set(revisions().values())
    heads = [revision for revision in revisions() if revision not in followed]
    return heads[0] if len(heads) == 1 else None


def is_known_revision(revision: str) -> bool:
    """Whether this version's migrations contain the revision (a newer version's do not)."""
    return revision in revisions()


def _upgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_LOCK_ID})
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def upgrade(db: Database, revision: str = "head") -> None:
    head = head_revision()
    if revision == "head" and head is not None and await current_revision(db) == head:
        return  # up to date: nothing to lock, nothing to import
    async with db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Alembic's batch mode re-creates a table on SQLite (copy, drop, rename); with
            # foreign keys enforced, dropping a table that other rows point to fails, so a
            # database with data could not be upgraded. Off for the migration (the PRAGMA only
            # works outside a transaction), checked afterwards, on again for normal use.
            await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            await connection.commit()
        try:
            async with connection.begin():
                await connection.run_sync(_upgrade, revision)
            if sqlite:
                broken = (await connection.exec_driver_sql("PRAGMA foreign_key_check")).all()
                await connection.commit()
                if broken:
                    raise RuntimeError(f"migration left broken references: {broken[:5]}")
        finally:
            if sqlite:
                await connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                await connection.commit()


async def current_revision(db: Database) -> str | None:
    """The revision the database is at (None: a new database)."""
    async with db.engine.connect() as connection:
        return await connection.run_sync(_read_revision)


def _read_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table(_VERSION_TABLE):
        return None
    versions = connection.execute(text(f"SELECT version_num FROM {_VERSION_TABLE}")).scalars()
    return next(iter(versions), None)
