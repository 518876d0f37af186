"""Prometheus metrics of one bot process (prometheus-client), served at `/metrics`.

Each `Runtime` has its own registry, so several bots in one process (tests, benchmarks) never
count into each other. Counters are incremented where things happen (the application, the Bot
API transport, the outbox dispatcher, the database's unit of work); the outbox gauges are read
from the database when the endpoint is scraped.
"""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST as CONTENT_TYPE
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

__all__ = ["CONTENT_TYPE", "Metrics"]

#: Outbox kinds counted as reminders and as results (tests/unit/test_metrics.py checks that each
#: is a kind the dispatcher knows; named here because the renderers import the runtime).
REMINDER_KINDS = frozenset({"meeting_reminder", "meeting_reminder_private", "ballot_reminder"})
RESULT_KINDS = frozenset({"ballot_result"})
#: A ballot's private reminders are ready-made notices; their keys say what they are.
_BALLOT_REMINDER_KEY = "ballot-remind:"


def is_reminder(kind: str, dedup_key: str) -> bool:
    return kind in REMINDER_KINDS or dedup_key.startswith(_BALLOT_REMINDER_KEY)


#: Handler latency buckets (seconds): most updates take milliseconds, a slow one a second or more.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.updates = Counter("rakbot_updates", "Updates processed, by kind", ["kind"], registry=r)
        self.handler_seconds = Histogram(
            "rakbot_handler_seconds",
            "Time from the start of an update's processing to its end",
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.botapi_calls = Counter(
            "rakbot_botapi_calls", "Bot API requests, by method", ["method"], registry=r
        )
        self.botapi_errors = Counter(
            "rakbot_botapi_errors",
            "Bot API requests that failed, by method and error class",
            ["method", "error"],
            registry=r,
        )
        self.botapi_flood_waits = Counter(
            "rakbot_botapi_429",
            "Bot API answers 429 (flood control), by method",
            ["method"],
            registry=r,
        )
        self.outbox_depth = Gauge(
            "rakbot_outbox_due", "Outbox rows due now and not yet delivered", registry=r
        )
        self.outbox_oldest_due_age = Gauge(
            "rakbot_outbox_oldest_due_age_seconds",
            "How long the oldest undelivered due outbox row has been due",
            registry=r,
        )
        self.outbox_delivered = Counter(
            "rakbot_outbox_delivered", "Outbox rows delivered, by kind", ["kind"], registry=r
        )
        self.outbox_failed = Counter(
            "rakbot_outbox_failed",
            "Outbox deliveries that failed or were retried",
            ["kind"],
            registry=r,
        )
        self.reminders_delivered = Counter(
            "rakbot_reminders_delivered", "Meeting and ballot reminders delivered", registry=r
        )
        self.results_delivered = Counter(
            "rakbot_results_delivered", "Ballot results delivered", registry=r
        )
        self.db_retries = Counter(
            "rakbot_db_retries",
            "Units of work repeated because the database was busy",
            registry=r,
        )
        self.alerts = Counter(
            "rakbot_alerts",
            "Operational alerts sent to the coordinators, by state",
            ["state"],
            registry=r,
        )

    def delivered(self, kind: str, dedup_key: str) -> None:
        self.outbox_delivered.labels(kind).inc()
        if is_reminder(kind, dedup_key):
            self.reminders_delivered.inc()
        elif kind in RESULT_KINDS:
            self.results_delivered.inc()

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
