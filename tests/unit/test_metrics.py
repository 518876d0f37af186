"""The metrics' kind lists name kinds the outbox dispatcher really delivers."""

from __future__ import annotations

from rakbot.metrics import REMINDER_KINDS, RESULT_KINDS, Metrics
from rakbot.outbox_kinds import RENDERERS


def test_reminder_and_result_kinds_are_outbox_kinds() -> None:
    assert set(RENDERERS) >= REMINDER_KINDS
    assert set(RENDERERS) >= RESULT_KINDS


def test_a_delivered_reminder_counts_as_reminder_and_by_kind() -> None:
    metrics = Metrics()
    metrics.delivered("meeting_reminder_private", "meeting:1:v0:r120:m2")
    metrics.delivered("notice", "ballot-remind:2:24:5")
    metrics.delivered("ballot_result", "ballot-result:2")
    metrics.delivered("notice", "appointment:1:900001")
    text = metrics.exposition().decode()
    assert "rakbot_reminders_delivered_total 2.0" in text
    assert "rakbot_results_delivered_total 1.0" in text
    assert 'rakbot_outbox_delivered_total{kind="notice"} 2.0' in text
