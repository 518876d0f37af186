"""rakbot: Telegram-Bot des Regionalen Arbeitskreises (RAK) Landkreis Börde."""

__version__ = "0.1.0"
