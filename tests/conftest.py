"""Shared fixtures: a migrated database per test, SQLite always and PostgreSQL when configured."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from storage.db import Database
from storage.migrate import upgrade
from storage.models import Base


def _worker_database(url: str) -> str:
    """The PostgreSQL database of this test process. Under pytest-xdist every worker empties
    its database before each test, so each gets one of its own beside the configured one
    (`test` → `test_gw0`, `test_gw1`), created on first use."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(hide_password=False)


POSTGRES_URL = _worker_database(os.environ.get("RAKBOT_TEST_POSTGRES_URL", ""))

# CI runs the property tests derandomized: the same examples every run, so a red build can be
# reproduced and a green one means the same thing each time. Locally they explore.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default")
)
BACKENDS = ["sqlite", "postgresql"]


async def _migrate(url: str) -> None:
    db = Database(url)
    try:
        await upgrade(db)
    finally:
        await db.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate once; each test gets a copy of the file (much faster than migrating each time)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def postgres_migrated() -> str:
    if not POSTGRES_URL:
        pytest.skip("RAKBOT_TEST_POSTGRES_URL is not set")

    async def reset() -> None:
        await _create_if_missing(POSTGRES_URL)
        db = Database(POSTGRES_URL)
        async with db.engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
        await db.dispose()
        await _migrate(POSTGRES_URL)

    asyncio.run(reset())
    return POSTGRES_URL


async def _create_if_missing(url: str) -> None:
    target = make_url(url)
    engine = create_async_engine(
        target.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool
    )
    try:
        async with engine.connect() as connection:
            found = await connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
            )
            if not found:
                quoted = connection.dialect.identifier_preparer.quote(str(target.database))
                await connection.execute(text(f"CREATE DATABASE {quoted}"))
    finally:
        await engine.dispose()


async def _truncate(url: str) -> None:
    db = Database(url)
    tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
    async with db.engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    await db.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[str]:
    """A clean, migrated database for one test."""
    if request.param == "sqlite":
        path = tmp_path / "rakbot.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    url = request.getfixturevalue("postgres_migrated")
    asyncio.run(_truncate(url))
    yield url


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    yield database
    await database.dispose()
