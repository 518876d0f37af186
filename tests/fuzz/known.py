"""Findings in the ballot modules, which are being rewritten elsewhere right now.

The fuzz tests leave exactly these inputs out (`assume`), and `test_known_findings.py` keeps each
one as an expected failure, so they stay visible until the ballot handlers are fixed.
"""

from __future__ import annotations

from handlers.common import MAX_ID

BALLOT_COMMANDS = frozenset({"befangen", "abstimmung_schliessen", "niederschrift"})
BAD_NUMBER = (
    "handlers/ballots.py takes any str.isdigit() text for a number: '²' makes int() raise "
    "ValueError, and a number beyond the id column's range (> 2**31-1 on PostgreSQL, > 2**63-1 "
    "on SQLite) makes the database driver raise; both reach the error handler"
)


def _bad_number(text: str) -> bool:
    if not text.isdigit():
        return False
    try:
        return int(text) > MAX_ID
    except ValueError:
        return True


def known_ballot_finding(text: str) -> str | None:
    """The finding this command text or callback data runs into, if any."""
    if text.startswith("/"):
        words = text.split()
        name = words[0][1:].split("@")[0]
        if name in BALLOT_COMMANDS and len(words) == 2 and _bad_number(words[1]):
            return BAD_NUMBER
        return None
    parts = text.split(":")
    if parts[0] == "v" and len(parts) == 3 and _bad_number(parts[1]):
        return BAD_NUMBER
    if parts[0] == "bn" and len(parts) == 3 and _bad_number(parts[2]):
        return BAD_NUMBER
    return None
