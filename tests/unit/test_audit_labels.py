"""Every action the code writes to the audit log reads in German in /protokoll."""

from __future__ import annotations

import re
from pathlib import Path

from handlers.roster import ACTIONS

ROOT = Path(__file__).resolve().parents[2]
ACTION = re.compile(
    r'"((?:ballot|meeting|round|proposal|minutes|appointment|committee|invite|member|'
    r'institution|roster|document)\.[a-z_]+)"'
)
#: written as f"meeting.{action}" by the meeting changes
MEETING_CHANGES = {"meeting.moved", "meeting.edited", "meeting.cancelled"}


def test_every_audited_action_has_a_label() -> None:
    written = {
        match
        for package in ("rakbot", "handlers")
        for path in (ROOT / package).rglob("*.py")
        for match in ACTION.findall(path.read_text(encoding="utf-8"))
    }
    assert len(written) > 30
    missing = sorted((written | MEETING_CHANGES) - set(ACTIONS))
    assert not missing, missing
