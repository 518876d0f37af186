"""Local Telegram Bot API emulator for the demo and the tests."""
