"""The README's command table, rendered from the feature modules.

Regenerate with `python -m handlers.command_table`: it rewrites the command table and the access
matrix (handlers/access.py) in the README, each after its marker.
"""

from __future__ import annotations

from pathlib import Path

from handlers import ALL_COMMANDS
from handlers.commands import Audience, Command, Where

AUDIENCE = {
    Audience.PUBLIC: "everyone",
    Audience.MEMBER: "members",
    Audience.COORDINATOR: "coordinators",
    Audience.VOTER: "voters",
    Audience.SEAT_OR_OFFICE: "representatives, deputies, coordinators",
}
WHERE = {Where.PRIVATE: "private", Where.GROUP: "group", Where.BOTH: "private, group"}


def render(commands: tuple[Command, ...] = ALL_COMMANDS) -> str:
    lines = ["| Command | Who | Where | What it does |", "| --- | --- | --- | --- |"]
    for command in commands:
        names = " ".join(f"`/{name}`" for name in (command.name, *command.aliases))
        lines.append(
            f"| {names} | {AUDIENCE[command.audience]} | {WHERE[command.where]} "
            f"| {command.description} |"
        )
    return "\n".join(lines)


def rewrite_readme(path: Path) -> None:
    """Replace the command table and the access matrix in the README with the current ones."""
    from handlers.access import render_matrix

    text = path.read_text(encoding="utf-8")
    for marker, table in (("commands-table", render()), ("access-matrix", render_matrix())):
        start = text.index(f"<!-- {marker} -->\n") + len(f"<!-- {marker} -->\n")
        end = text.index("\n\n", start) if "\n\n" in text[start:] else len(text)
        text = text[:start] + table + text[end:]
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    rewrite_readme(Path(__file__).resolve().parents[1] / "README.md")
