"""The Bot API method list (``botapi_methods.json``) and the generic checks of a call against it.

Telegram accepts parameters as JSON, as a query string or as (multipart) form fields; in the last
two every value is a string and non-string values are JSON-encoded. ``decode_params`` turns such
strings back into typed values by looking at the field's declared types, so that one checker
(``check_params``) serves every encoding.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from rakbot.sandbox.models import UploadedFile

_SCALAR_TYPES = frozenset({"Integer", "Float", "String", "Boolean", "InputFile"})


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    types: tuple[str, ...]
    required: bool

    @property
    def is_json(self) -> bool:
        """True if the value is an array or object (JSON-encoded when sent as a form field)."""
        return any(t not in _SCALAR_TYPES for t in self.types)


@dataclass(frozen=True, slots=True)
class MethodSpec:
    name: str
    returns: tuple[str, ...]
    fields: Mapping[str, FieldSpec]

    @property
    def returns_message(self) -> bool:
        return "Message" in self.returns


@dataclass(frozen=True, slots=True)
class BotApiSpec:
    version: str
    methods: Mapping[str, MethodSpec]
    """Keyed by the lower-cased method name: Telegram matches method names case-insensitively."""
    types: Mapping[str, Mapping[str, FieldSpec]]
    """The objects the emulator builds itself (chat members, join requests, invite links)."""

    def method(self, name: str) -> MethodSpec | None:
        return self.methods.get(name.lower())

    def check_object(self, type_name: str, value: Mapping[str, Any]) -> list[str]:
        """Missing, unknown and mistyped fields of an object the emulator answers with, so
        that what it tells the bot is what Telegram would."""
        fields = self.types[type_name]
        problems = [f"{type_name}: unknown field {name!r}" for name in value if name not in fields]
        for spec in fields.values():
            if spec.name not in value:
                if spec.required:
                    problems.append(f"{type_name}: required field {spec.name!r} is missing")
            elif not any(_matches(t, value[spec.name]) for t in spec.types):
                problems.append(f"{type_name}: field {spec.name!r} has the wrong type")
        return problems


@cache
def load_spec() -> BotApiSpec:
    """Read the bundled method list once per process."""
    raw = json.loads(
        resources.files("rakbot.sandbox").joinpath("botapi_methods.json").read_text("utf-8")
    )
    methods = {
        entry["name"].lower(): MethodSpec(
            name=entry["name"],
            returns=tuple(entry["returns"]),
            fields={
                f["name"]: FieldSpec(f["name"], tuple(f["types"]), bool(f["required"]))
                for f in entry["fields"]
            },
        )
        for entry in raw["methods"]
    }
    types = {
        entry["name"]: {
            f["name"]: FieldSpec(f["name"], tuple(f["types"]), bool(f["required"]))
            for f in entry["fields"]
        }
        for entry in raw.get("types", [])
    }
    return BotApiSpec(version=raw["version"], methods=methods, types=types)


def decode_params(method: MethodSpec, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Type string values by the fields' declared types, as Telegram does for every encoding.

    Values that do not decode are kept as strings so that ``check_params`` reports them.
    """
    params: dict[str, Any] = {}
    for name, value in raw.items():
        spec = method.fields.get(name)
        params[name] = _decode(spec, value) if spec and isinstance(value, str) else value
    return params


def _decode(spec: FieldSpec, value: str) -> Any:
    if "Integer" in spec.types and _is_int(value):
        return int(value)
    if "Float" in spec.types:
        try:
            return float(value)
        except ValueError:
            return value
    if "Boolean" in spec.types and value in ("true", "false", "True", "False", "1", "0"):
        return value in ("true", "True", "1")
    if spec.is_json and value[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _is_int(value: str) -> bool:
    return value.lstrip("-").isdigit()


def check_params(method: MethodSpec, params: Mapping[str, Any]) -> list[str]:
    """Unknown, missing and mistyped parameters, one message per problem."""
    problems = [f"unknown parameter {name!r}" for name in params if name not in method.fields]
    for spec in method.fields.values():
        if spec.name not in params:
            if spec.required:
                problems.append(f"required parameter {spec.name!r} is missing")
            continue
        value = params[spec.name]
        if not any(_matches(t, value) for t in spec.types):
            expected = " or ".join(spec.types)
            problems.append(f"parameter {spec.name!r} must be {expected}, got {value!r:.60}")
    return problems


def _matches(type_name: str, value: Any) -> bool:
    if type_name == "Integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name == "Float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if type_name == "String":
        return isinstance(value, str)
    if type_name == "Boolean":
        return isinstance(value, bool)
    if type_name == "InputFile":
        return isinstance(value, UploadedFile)
    if type_name.startswith("Array of "):
        return isinstance(value, list)
    return isinstance(value, dict)
