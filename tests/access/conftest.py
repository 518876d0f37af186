"""The access tests play in the fuzz tests' world: one person in every role."""

from __future__ import annotations

from tests.fuzz.conftest import emulator, harness, world

__all__ = ["emulator", "harness", "world"]
