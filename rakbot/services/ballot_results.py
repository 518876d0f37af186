"""The stored result of a closed ballot (`Ballot.result`), per kind.

Pure: built from the domain `Outcome` and the ballot's options. Everything the result line,
the archive, the minutes and a later competition round need is in it, with labels, so the
record reads on its own.

Common keys: kind, status, eligible, participated, quorum_met, quorum_needed, excluded,
missing, deemed, objected_by, written, secret. Per kind:
decision: yes, no, abstain · single/multi: options [{key, label, count}], abstain, winners,
tied (labels) · date_poll: options [{key, label, yes, maybe, no}], best (label or None) ·
score: options [{key, label, total, count, mean}], ranking (keys, best first).
Options over proposals keep their `proposal_id`.

A secret ballot in which fewer than `SECRET_MIN_PARTICIPANTS` institutions took part keeps no
numbers at all (`withheld`): its outcome stands, but with two voters the totals would tell
each of them how the other voted (see docs/features.md, "Secret ballots").
"""

from __future__ import annotations

from typing import Any

from rakbot.domain.decision import Outcome
from rakbot.domain.kinds.registry import RULES, rules_of

#: below this many participating institutions a secret ballot publishes its outcome only
SECRET_MIN_PARTICIPANTS = 3
#: the per-option keys that carry numbers, over all kinds
_OPTION_NUMBERS = frozenset().union(*(rules.number_keys for rules in RULES.values()))


def tally_record(outcome: Outcome, options: list[dict[str, Any]]) -> dict[str, Any]:
    """The kind's numbers and winners of the outcome, with the options' labels."""
    rules = rules_of(outcome.kind)
    return rules.record(outcome.tally, outcome.winners, outcome.tied, options)


def withhold_numbers(result: dict[str, Any]) -> dict[str, Any]:
    """The record without any count when a secret ballot had too few participants to publish
    numbers; otherwise `result` unchanged. Outcome, winners, best date and ranking stay."""
    if not result.get("secret") or not 0 < result.get("participated", 0) < SECRET_MIN_PARTICIPANTS:
        return result
    kept = {k: v for k, v in result.items() if k not in ("yes", "no", "abstain")}
    if "options" in kept:
        kept["options"] = [
            {k: v for k, v in option.items() if k not in _OPTION_NUMBERS}
            for option in kept["options"]
        ]
    return {**kept, "withheld": True}
