"""What a render job describes, in plain JSON-able values (no drawing library imported here):
the bot process builds it, the worker process draws it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from rakbot.domain.dates import as_berlin


class Kind(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    #: an amount in cents, shown in euros
    EURO = "euro"
    DECIMAL = "decimal"
    DATETIME = "datetime"


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "columns": [[c.header, c.kind.value] for c in self.columns],
            "rows": [[_plain(v) for v in row] for row in self.rows],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Sheet:
        columns = [Column(header, Kind(kind)) for header, kind in data["columns"]]
        rows = [
            [_typed(c.kind, v) for c, v in zip(columns, row, strict=True)] for row in data["rows"]
        ]
        return cls(data["title"], columns, rows)


def _plain(value: Any) -> Any:
    """Times as the Berlin wall time (Excel has no time zones), in ISO form."""
    if isinstance(value, datetime):
        return as_berlin(value).replace(tzinfo=None).isoformat()
    return value


def _typed(kind: Kind, value: Any) -> Any:
    if kind is Kind.DATETIME and isinstance(value, str) and value:
        return datetime.fromisoformat(value)
    return value
