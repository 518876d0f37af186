"""All stateless checks of one call: the method list's fields plus Telegram's content rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rakbot.sandbox import rules
from rakbot.sandbox.html_text import ParsedText
from rakbot.sandbox.rules import Problem
from rakbot.sandbox.spec import MethodSpec, check_params

_TEXT_METHODS = frozenset({"sendMessage", "editMessageText"})
_NON_EMPTY = {
    "sendContact": ("phone_number", "first_name"),
    "sendVenue": ("title", "address"),
}


@dataclass
class Validation:
    problems: list[Problem] = field(default_factory=list)
    formatted: dict[str, ParsedText] = field(default_factory=dict)
    """``text`` or ``caption`` after ``parse_mode``, keyed by the field name."""


def validate_call(method: MethodSpec, params: Mapping[str, Any]) -> Validation:
    result = Validation()
    for message in check_params(method, params):
        unknown = message.startswith("unknown parameter")
        result.problems.append(Problem(message, message, enforced=not unknown))
    if "reply_markup" in params:
        result.problems += rules.check_reply_markup(params["reply_markup"])
        result.problems += rules.check_web_app_chat(params)
    if method.name in _TEXT_METHODS and "text" in params:
        _format(result, params, "text", rules.MAX_TEXT, required=True)
    if "caption" in method.fields and "caption" in params:
        _format(result, params, "caption", rules.MAX_CAPTION, required=False)
    result.problems += rules.check_non_empty(params, *_NON_EMPTY.get(method.name, ()))
    match method.name:
        case "answerCallbackQuery":
            result.problems += rules.check_callback_answer_text(params.get("text"))
        case "answerInlineQuery":
            result.problems += rules.check_inline_results(params.get("results"))
        case "setMyCommands":
            result.problems += rules.check_commands(params.get("commands"))
        case "setWebhook":
            result.problems += rules.check_secret_token(params.get("secret_token"))
    return result


def _format(
    result: Validation, params: Mapping[str, Any], name: str, limit: int, *, required: bool
) -> None:
    parsed, problems = rules.format_text(params, name, limit=limit, required=required)
    result.formatted[name] = parsed
    result.problems += problems
