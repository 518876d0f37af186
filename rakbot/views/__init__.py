"""What a message looks like – text and buttons – independent of Telegram.

Services build these view models; only the Telegram glue (handlers, the outbox dispatcher)
turns them into Bot API objects (`rakbot.telegram_markup`).
"""
