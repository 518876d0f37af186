"""Storage owns all SQL: no service calls its session directly.

The import contract (`lint-imports`, pyproject.toml) keeps `sqlalchemy` out of the services'
imports; this test closes the other door, a query run through the session a service hands on.
"""

from __future__ import annotations

import ast
import importlib
import tomllib
from pathlib import Path

import pytest

import handlers
import rakbot.services

SERVICES = Path(rakbot.services.__file__).parent
PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
#: handler modules that declare a FEATURE but are shared glue (the free-text router)
GLUE_FEATURES = {"handlers.router"}


def _session_calls(path: Path) -> list[tuple[str, int, str]]:
    """(enclosing top-level function, line, call) of every `session.<method>(...)`."""
    found: list[tuple[str, int, str]] = []
    for top in ast.parse(path.read_text(encoding="utf-8")).body:
        name = getattr(top, "name", "")
        for node in ast.walk(top):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "session"
            ):
                found.append((name, node.lineno, f"session.{node.func.attr}"))
    return found


@pytest.mark.parametrize("path", sorted(SERVICES.glob("*.py")), ids=lambda p: p.name)
def test_services_hand_the_session_to_repositories(path: Path) -> None:
    calls = [
        f"{path.name}:{line} {call} in {function}" for function, line, call in _session_calls(path)
    ]
    assert calls == [], "move these into storage/repositories: " + ", ".join(calls)


def test_the_check_finds_a_session_call(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "async def work(session):\n    return await session.execute(query)\n", encoding="utf-8"
    )
    assert _session_calls(sample) == [("work", 2, "session.execute")]


def test_every_feature_module_is_under_the_independence_contract() -> None:
    contracts = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    (features,) = [c for c in contracts["contracts"] if c["id"] == "features"]
    declared = {
        f"handlers.{path.stem}"
        for path in Path(handlers.__file__).parent.glob("*.py")
        if path.stem != "__init__"
        and hasattr(importlib.import_module(f"handlers.{path.stem}"), "FEATURE")
    }
    assert declared - GLUE_FEATURES <= set(features["modules"])
