"""The transcripts in docs/handbuch.md, produced by the scripted demo.

Each transcript is a demo script: the `setup` lines bring the demo to the starting point (their
output is not shown), the `task` lines are what the handbook explains. The demo's clock starts
at a fixed moment, so every run gives the same text; invitation tokens are random and shown as
`…`. `python -m tests.docs.handbook` rewrites the transcripts in the handbook;
tests/docs/test_handbook.py fails while one differs.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rakbot.config import Settings
from rakbot.demo import run_demo

HANDBOOK = Path(__file__).resolve().parents[2] / "docs" / "handbuch.md"
START = datetime.fromisoformat("2027-01-11T09:00:00+01:00")
_TOKEN = re.compile(r"start=[\w-]{8,64}")

PLAN_MEETING = [
    "@renate",
    "/sitzung_neu",
    "20.01.2027 10 Uhr",
    "#1",
    "Landratsamt Haldensleben, Raum 101",
    "Bericht der REKO",
    "12:30",
    "-",
    "#1",
]


START_BALLOT = [
    "@renate",
    "/abstimmung_neu",
    "#1",
    "Soll der RAK im Juni eine Klausur abhalten?",
    "#1",
    "#1",
    "15.01.2027 12:00",
    "#1",
]


NEW_PROPOSAL = [
    "@renate",
    "/antrag_neu",
    "Jobcoaching Börde",
    "#1",
    "Bildungswerk Nord",
    "#9",
    "120.000 €",
    "24 Monate",
    "Coaching für Langzeitarbeitslose",
    "#1",
]
ATTACH = ["@renate", "datei Projektskizze.pdf /anhang 1", "@aa", "privat", "/unterlagen 1"]


INVITE = ["@renate", "/einladen", "#2", "#4"]
JOIN = ["@jana", "link", "Jana Neumann", "#1", "#1", "#1"]


@dataclass(frozen=True)
class Transcript:
    name: str
    setup: list[str]
    task: list[str]


REQUEST = [
    "@anna",
    "/termin_anfragen",
    "Anna Schulz",
    "Beratung zu einem Projekt im Förderbereich B",
    "0391 1234567",
    "Dienstag vormittags",
    "#1",
]

TRANSCRIPTS = [
    Transcript("einladen", [], [*INVITE, *JOIN]),
    Transcript("protokoll", [*INVITE, *JOIN], ["@renate", "/protokoll"]),
    Transcript("sitzung-planen", [], PLAN_MEETING),
    Transcript("zusage", PLAN_MEETING, ["@aa", "gruppe", "#1", "@dgb", "gruppe", "#3"]),
    Transcript("abstimmung-starten", [], START_BALLOT),
    Transcript("abstimmen", START_BALLOT, ["@aa", "gruppe", "#1", "@dgb", "gruppe", "/befangen 1"]),
    Transcript("meine-daten", [], ["@aa", "privat", "/meine_daten"]),
    Transcript("einstellungen", [], ["@aa", "privat", "/einstellungen", "#2", "#5"]),
    Transcript("unterlagen", NEW_PROPOSAL, ATTACH),
    Transcript("termin-anfragen", [], REQUEST),
    Transcript(
        "anfrage-bearbeiten",
        REQUEST,
        [
            "@renate",
            "#1",
            "Gern, wir schlagen Ihnen gleich einen Termin vor.",
            "#2",
            "19.01.2027 10:00",
            "#1",
            # declined: one message to the office (a confirmation sends the .ics to the
            # applicant and the notice to the office at once, in no fixed order)
            "@anna",
            "#2",
            "/meine_anfragen",
            "@renate",
            "/anfragen",
        ],
    ),
]


async def produce(transcript: Transcript) -> str:
    """The console output of the task lines, as the demo prints it."""
    lines = [*transcript.setup, *transcript.task]
    script = "\n".join(lines) + "\n"
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        await run_demo(
            Settings(_env_file=None), io.StringIO(script), interactive=False, start=START
        )
    text = output.getvalue()
    echoes = [i for i, line in enumerate(text.splitlines()) if line.startswith("> ")]
    first_task_line = echoes[len(transcript.setup)]
    shown = "\n".join(text.splitlines()[first_task_line:])
    return _TOKEN.sub("start=…", shown).rstrip() + "\n"


def _block(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- transcript: {re.escape(name)} -->\n```text\n)(.*?)(```)", re.DOTALL)


def current(name: str, handbook: str) -> str | None:
    found = _block(name).search(handbook)
    return found.group(2) if found else None


def rewrite(handbook: str, produced: dict[str, str]) -> str:
    for name, text in produced.items():
        handbook = _block(name).sub(lambda m, text=text: m.group(1) + text + m.group(3), handbook)
    return handbook


async def produce_all() -> dict[str, str]:
    return {transcript.name: await produce(transcript) for transcript in TRANSCRIPTS}


def main() -> None:
    produced = asyncio.run(produce_all())
    HANDBOOK.write_text(rewrite(HANDBOOK.read_text(encoding="utf-8"), produced), encoding="utf-8")
    for name, text in produced.items():
        print(f"{name}: {len(text.splitlines())} lines")


if __name__ == "__main__":
    main()
