"""Telegram's rules for the content of a call, beyond what the method list says.

Each check returns ``Problem``s. ``enforced`` tells whether Telegram itself answers 400 for it;
problems it would let pass (a bare ``&``, MarkdownV2 in a bot that promises HTML, unknown
parameters) only fail the call in strict mode.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rakbot.sandbox.html_text import HtmlParseError, ParsedText, parse_html

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_BUTTONS = 100
MAX_CALLBACK_ANSWER = 200
MAX_INLINE_RESULTS = 50
MAX_INLINE_RESULT_ID_BYTES = 64
MAX_COMMANDS = 100
MAX_COMMAND_DESCRIPTION = 256
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
_BUTTON_ACTIONS = frozenset(
    {
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)


@dataclass(frozen=True, slots=True)
class Problem:
    rule: str
    """What the bot did wrong, for the violation line."""
    description: str
    """The error description Telegram answers (or would, were it strict)."""
    enforced: bool = True


def format_text(
    params: Mapping[str, Any], field: str, *, limit: int, required: bool
) -> tuple[ParsedText, list[Problem]]:
    """The plain text and entities of ``params[field]`` after applying ``parse_mode``."""
    raw = params.get(field)
    source = raw if isinstance(raw, str) else ""
    parse_mode = params.get("parse_mode")
    entities_field = "entities" if field == "text" else f"{field}_entities"
    parsed = ParsedText(source, list(params.get(entities_field) or []))
    problems: list[Problem] = []
    if parse_mode and str(parse_mode).lower() == "html":
        try:
            parsed = parse_html(source)
        except HtmlParseError as error:
            return parsed, [
                Problem(f"{field} is not valid HTML: {error}", f"can't parse entities: {error}")
            ]
        problems += [
            Problem(
                f"{field} has an {warning}; escape <, > and & as &lt; &gt; &amp;",
                f"can't parse entities: {warning}",
                enforced=False,
            )
            for warning in parsed.warnings
        ]
    elif parse_mode in ("MarkdownV2", "Markdown"):
        problems.append(
            Problem(
                f"parse_mode {parse_mode} used; the bot formats with HTML",
                f"parse_mode {parse_mode} is refused by this emulator; use HTML",
                enforced=False,
            )
        )
    elif parse_mode:
        problems.append(Problem(f"unsupported parse_mode {parse_mode!r}", "unsupported parse_mode"))
    length = len(parsed.text)
    if required and not parsed.text.strip():
        problems.append(Problem(f"{field} is empty after entity parsing", "message text is empty"))
    elif length > limit:
        what = "message is too long" if field == "text" else "message caption is too long"
        problems.append(
            Problem(f"{field} has {length} characters after entity parsing (max {limit})", what)
        )
    return parsed, problems


def check_reply_markup(markup: Any) -> list[Problem]:
    if not isinstance(markup, dict):
        return [
            Problem(
                "reply_markup is not a JSON object", "can't parse reply keyboard markup JSON object"
            )
        ]
    if "inline_keyboard" in markup:
        return _check_inline_keyboard(markup["inline_keyboard"])
    if "keyboard" in markup:
        return _check_reply_keyboard(markup["keyboard"])
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return []
    return [
        Problem(
            f"reply_markup {markup!r:.80} is no known keyboard type", "unsupported reply markup"
        )
    ]


def _check_inline_keyboard(rows: Any) -> list[Problem]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        return [
            Problem(
                "inline_keyboard must be an array of button rows", "can't parse inline keyboard"
            )
        ]
    buttons = [button for row in rows for button in row]
    problems: list[Problem] = []
    if len(buttons) > MAX_BUTTONS:
        problems.append(
            Problem(
                f"inline keyboard has {len(buttons)} buttons (max {MAX_BUTTONS})",
                "reply markup is too long",
            )
        )
    for button in buttons:
        problems += _check_inline_button(button)
    return problems


def _check_inline_button(button: Any) -> list[Problem]:
    if not isinstance(button, dict):
        return [
            Problem(
                f"inline button {button!r:.40} is not an object",
                "can't parse inline keyboard button",
            )
        ]
    problems: list[Problem] = []
    text = button.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(
            Problem(
                "inline button without text",
                "can't parse inline keyboard button: Text must be non-empty",
            )
        )
    actions = sorted(_BUTTON_ACTIONS & button.keys())
    if len(actions) != 1:
        problems.append(
            Problem(
                f"inline button {text!r} must have exactly one action field, has {actions}",
                "can't parse inline keyboard button: exactly one action field is required",
            )
        )
    data = button.get("callback_data")
    if "callback_data" in button and not (
        isinstance(data, str) and 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
    ):
        size = len(data.encode("utf-8")) if isinstance(data, str) else "?"
        problems.append(
            Problem(
                f"callback_data of button {text!r} has {size} bytes "
                f"(must be 1-{MAX_CALLBACK_DATA_BYTES})",
                "BUTTON_DATA_INVALID",
            )
        )
    return problems


def check_web_app_chat(params: Mapping[str, Any]) -> list[Problem]:
    """A `web_app` button under a message only works in a private chat (a user's id is
    positive; groups, supergroups and channels have negative ids)."""
    markup = params.get("reply_markup")
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if not isinstance(rows, list):
        return []
    web_app = any(
        isinstance(button, dict) and "web_app" in button
        for row in rows
        if isinstance(row, list)
        for button in row
    )
    chat = str(params.get("chat_id", ""))
    if web_app and chat.startswith("-"):
        return [
            Problem(
                f"web_app inline button in chat {chat}: allowed only in private chats",
                "BUTTON_TYPE_INVALID",
            )
        ]
    return []


def _check_reply_keyboard(rows: Any) -> list[Problem]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        return [Problem("keyboard must be an array of button rows", "can't parse reply keyboard")]
    for button in (b for row in rows for b in row):
        text = button.get("text") if isinstance(button, dict) else button
        if not isinstance(text, str) or not text.strip():
            return [
                Problem(
                    "keyboard button without text",
                    "can't parse keyboard button: Text must be non-empty",
                )
            ]
    return []


def check_callback_answer_text(text: Any) -> list[Problem]:
    if isinstance(text, str) and len(text) > MAX_CALLBACK_ANSWER:
        return [
            Problem(
                f"text has {len(text)} characters (max {MAX_CALLBACK_ANSWER})", "MESSAGE_TOO_LONG"
            )
        ]
    return []


def check_inline_results(results: Any) -> list[Problem]:
    if not isinstance(results, list):
        return [Problem("results must be an array", "can't parse results JSON object")]
    problems: list[Problem] = []
    if len(results) > MAX_INLINE_RESULTS:
        problems.append(
            Problem(f"{len(results)} results (max {MAX_INLINE_RESULTS})", "RESULTS_TOO_MUCH")
        )
    seen: set[str] = set()
    for result in results:
        result_id = result.get("id") if isinstance(result, dict) else None
        if not isinstance(result_id, str) or not result.get("type"):
            problems.append(
                Problem(f"result {result!r:.60} needs a type and a string id", "RESULT_ID_INVALID")
            )
            continue
        if not 1 <= len(result_id.encode("utf-8")) <= MAX_INLINE_RESULT_ID_BYTES:
            problems.append(
                Problem(
                    f"result id {result_id!r:.80} must be 1-{MAX_INLINE_RESULT_ID_BYTES} bytes",
                    "RESULT_ID_INVALID",
                )
            )
        if result_id in seen:
            problems.append(
                Problem(f"result id {result_id!r} is not unique", "RESULT_ID_DUPLICATE")
            )
        seen.add(result_id)
    return problems


def check_commands(commands: Any) -> list[Problem]:
    if not isinstance(commands, list):
        return [Problem("commands must be an array", "can't parse commands JSON object")]
    problems: list[Problem] = []
    if len(commands) > MAX_COMMANDS:
        problems.append(
            Problem(f"{len(commands)} commands (max {MAX_COMMANDS})", "BOT_COMMANDS_TOO_MUCH")
        )
    for entry in commands:
        command = entry.get("command") if isinstance(entry, dict) else None
        description = entry.get("description") if isinstance(entry, dict) else None
        if not isinstance(command, str) or not _COMMAND.fullmatch(command):
            problems.append(
                Problem(
                    f"command {command!r} must be 1-32 characters of a-z, 0-9 and _",
                    "BOT_COMMAND_INVALID",
                )
            )
        if not isinstance(description, str) or not 1 <= len(description) <= MAX_COMMAND_DESCRIPTION:
            problems.append(
                Problem(
                    f"description of command {command!r} must be "
                    f"1-{MAX_COMMAND_DESCRIPTION} characters",
                    "BOT_COMMAND_DESCRIPTION_INVALID",
                )
            )
    return problems


def check_secret_token(secret: Any) -> list[Problem]:
    if secret is None or (isinstance(secret, str) and _SECRET_TOKEN.fullmatch(secret)):
        return []
    return [
        Problem(
            "secret_token must be 1-256 characters of A-Z, a-z, 0-9, _ and -",
            "secret token contains unallowed characters",
        )
    ]


def check_non_empty(params: Mapping[str, Any], *fields: str) -> list[Problem]:
    """String fields that Telegram requires to be non-empty, not merely present."""
    return [
        Problem(f"{name} must not be empty", f"{name} must be non-empty")
        for name in fields
        if isinstance(params.get(name), str) and not params[name].strip()
    ]
