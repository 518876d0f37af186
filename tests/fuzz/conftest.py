"""The fuzz tests share the e2e fixtures and build the world (every role, a bound group, a
meeting, a proposal and an open ballot) once per test."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from tests.e2e.conftest import emulator, harness
from tests.e2e.harness import Harness
from tests.fuzz.world import World, build_world

__all__ = ["emulator", "harness", "world"]


@pytest.fixture
async def world(harness: Harness) -> AsyncIterator[World]:
    built = await build_world(harness)
    root = logging.getLogger()
    root.addHandler(built.errors)
    try:
        yield built
    finally:
        root.removeHandler(built.errors)
