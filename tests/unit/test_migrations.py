"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import sys

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage.db import Database
from storage.migrate import alembic_config, current_revision, head_revision, revisions, upgrade
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


def test_the_revisions_read_from_the_files_are_alembics() -> None:
    """Start-up reads the revisions without Alembic; they must be exactly Alembic's."""
    scripts = ScriptDirectory.from_config(alembic_config())
    assert revisions() == {
        script.revision: script.down_revision for script in scripts.walk_revisions()
    }
    assert head_revision() == scripts.get_current_head()


async def test_an_up_to_date_database_is_checked_without_alembic(db: Database) -> None:
    await upgrade(db)
    probe = (
        "import asyncio, sys\n"
        "from storage.db import Database\n"
        "from storage.migrate import upgrade\n"
        f"db = Database({str(db.engine.url.render_as_string(hide_password=False))!r})\n"
        "asyncio.run(upgrade(db))\n"
        "print('alembic' in sys.modules)\n"
    )
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", probe, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await child.communicate()
    assert child.returncode == 0 and out.decode().strip() == "False"
