"""Pure committee rules: dates, voting, quorum, reminders, budgets. No Telegram, no SQL."""
