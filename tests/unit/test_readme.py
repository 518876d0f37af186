"""The README tells the same story as the code: commands and quick start."""

from __future__ import annotations

from pathlib import Path

from handlers.access import render_matrix
from handlers.command_table import render

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _section_after(marker: str) -> str:
    start = README.index(marker) + len(marker)
    return README[start:].split("\n## ", 1)[0].strip()


def test_command_table_matches_the_code() -> None:
    assert _section_after("<!-- commands-table -->") == render()


def test_access_matrix_matches_the_code() -> None:
    assert _section_after("<!-- access-matrix -->") == render_matrix()


def test_quick_start_commands_are_fenced_after_their_markers() -> None:
    for marker in ("<!-- demo-command -->", "<!-- test-command -->"):
        block = _section_after(marker)
        assert block.startswith("```sh\npython3 -m venv .venv && .venv/bin/pip install -e ")
