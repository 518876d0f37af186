"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from storage.db import Database
from storage.migrate import current_revision, head_revision, upgrade
from storage.models import Base


async def test_migrated_database_matches_the_models(db: Database) -> None:
    await upgrade(db)
    assert await current_revision(db) == head_revision()
    async with db.engine.connect() as connection:
        diff = await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
        )
    assert diff == []


async def test_upgrade_twice_is_harmless(db: Database) -> None:
    await upgrade(db)
    await upgrade(db)
    assert await current_revision(db) == head_revision()
