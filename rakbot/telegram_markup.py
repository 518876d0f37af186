"""Turns the plain keyboards of `rakbot.views.markup` into Bot API objects."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from rakbot.views.markup import Button, Keyboard


def inline_button(button: Button) -> InlineKeyboardButton:
    if button.url is not None:
        return InlineKeyboardButton(button.label, url=button.url)
    return InlineKeyboardButton(button.label, callback_data=button.callback)


def inline_keyboard(keyboard: Keyboard | None) -> InlineKeyboardMarkup | None:
    """The Telegram form of a keyboard; `None` (no buttons) stays `None`."""
    if keyboard is None:
        return None
    return InlineKeyboardMarkup([[inline_button(b) for b in row] for row in keyboard.rows])
