"""Injected failures: make the next matching calls fail the way Telegram or the network can.

Kinds:

- ``"429"``: answer 429 Too Many Requests with ``parameters.retry_after``.
- ``"500"``: answer 500 Internal Server Error (JSON, as Telegram's backend does).
- ``"502"``: answer 502 Bad Gateway with an HTML body, as Telegram's front proxy does.
- ``"timeout"``: hold the request ``delay`` seconds, then answer 504 Gateway Timeout. A client
  whose read timeout is shorter sees a timeout instead; either way nothing is sent.
- ``"drop"``: close the connection without an answer.
- ``"slow"``: hold the request ``delay`` seconds, then carry it out normally.
- ``"400"``: refuse the call for good with 400 Bad Request and ``description`` (what Telegram
  answers for a message it will never take, e.g. one deleted meanwhile).

A rule without ``method`` matches every method except ``getUpdates``, so that faults meant for the
bot's sends are not used up by its polling loop; name ``getUpdates`` explicitly to hit polling.
"""

from __future__ import annotations

from dataclasses import dataclass

FAULT_KINDS = frozenset({"400", "429", "500", "502", "timeout", "drop", "slow"})


@dataclass
class FaultRule:
    kind: str
    method: str | None = None
    chat_id: int | None = None
    times: int = 1
    retry_after: int = 1
    delay: float = 0.0
    description: str = "Bad Request: message can't be edited"

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; use one of {sorted(FAULT_KINDS)}")

    def matches(self, method: str, chat_id: object) -> bool:
        if self.method is None:
            method_ok = method.lower() != "getupdates"
        else:
            method_ok = self.method.lower() == method.lower()
        return method_ok and (self.chat_id is None or self.chat_id == chat_id)


class FaultBook:
    """The active rules, used up in the order they were added."""

    def __init__(self) -> None:
        self._rules: list[FaultRule] = []

    def add(self, rule: FaultRule) -> None:
        self._rules.append(rule)

    def clear(self) -> None:
        self._rules.clear()

    def take(self, method: str, chat_id: object) -> FaultRule | None:
        """The first rule matching this call, counting one use of it."""
        for rule in self._rules:
            if rule.matches(method, chat_id):
                rule.times -= 1
                if rule.times <= 0:
                    self._rules.remove(rule)
                return rule
        return None
