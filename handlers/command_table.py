"""The README's command table, rendered from the feature modules.

Regenerate with `python -m handlers.command_table`: it prints the command table and the access
matrix (handlers/access.py), each for the README section after its marker.
"""

from __future__ import annotations

from handlers import ALL_COMMANDS
from handlers.commands import Audience, Command, Where

AUDIENCE = {
    Audience.PUBLIC: "everyone",
    Audience.MEMBER: "members",
    Audience.COORDINATOR: "coordinators",
    Audience.VOTER: "voters",
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


if __name__ == "__main__":
    from handlers.access import render_matrix

    print("<!-- commands-table -->")
    print(render())
    print()
    print("<!-- access-matrix -->")
    print(render_matrix())
