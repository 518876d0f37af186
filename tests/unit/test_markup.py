"""Plain keyboards turn into the Bot API's inline keyboards unchanged."""

import pytest

from rakbot.telegram_markup import inline_keyboard
from rakbot.views.markup import Button, Keyboard


def test_keyboard_keeps_rows_labels_and_targets() -> None:
    keyboard = Keyboard.of(
        [
            [Button("✅ Zusage", callback="mr:1:y"), Button("❌ Absage", callback="mr:1:n")],
            [Button("Karte", url="https://example.org/")],
        ]
    )
    assert inline_keyboard(keyboard).to_dict() == {
        "inline_keyboard": [
            [
                {"text": "✅ Zusage", "callback_data": "mr:1:y"},
                {"text": "❌ Absage", "callback_data": "mr:1:n"},
            ],
            [{"text": "Karte", "url": "https://example.org/"}],
        ]
    }
    assert inline_keyboard(None) is None


def test_a_button_has_exactly_one_target() -> None:
    with pytest.raises(ValueError):
        Button("leer")
    with pytest.raises(ValueError):
        Button("beides", callback="x", url="https://example.org/")


def test_plain_json_form_equals_the_bot_api_form() -> None:
    keyboard = Keyboard.of(
        [[Button("Ja", callback="v:1:y")], [Button("Karte", url="https://example.org/")]]
    )
    assert keyboard.to_dict() == inline_keyboard(keyboard).to_dict()
