"""Telegram glue: parse the update, check the role, call a service, render the reply."""
