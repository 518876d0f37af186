"""Tell the coordinators once when the outbox falls behind, and once when it has recovered.

"Behind" is a due message waiting longer than `OUTBOX_LAG_LIMIT_SECONDS`, or
`ALERT_AFTER_FAILURES` deliveries failing in a row (Telegram unreachable, the token revoked).
The alert goes straight to the office's chats, not through the outbox that is behind. The
state lives in the process: after a restart a lasting problem is reported once more, and with
several bot processes each of them reports what it sees.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from rakbot.i18n import GROUP_LANGUAGE, Translator
from rakbot.runtime import Runtime
from rakbot.services import health
from rakbot.services.appointments import office_chat_ids
from storage.models import Committee
from storage.repositories import entities
from storage.session import AsyncSession

#: Sends one text to one chat; True when Telegram accepted it.
Send = Callable[[int, str], Awaitable[bool]]


@dataclass
class OutboxAlerts:
    runtime: Runtime
    send: Send
    alerting: bool = False

    async def check(self, failures_in_a_row: int) -> None:
        pending = await health.backlog(self.runtime)
        settings = self.runtime.settings
        lag = pending.oldest_age_seconds
        behind = lag > settings.outbox_lag_limit_seconds
        failing = failures_in_a_row >= settings.alert_after_failures
        t = Translator(GROUP_LANGUAGE)
        if (behind or failing) and not self.alerting:
            text = t(
                "⚠️ Betriebshinweis: Der Bot kommt mit dem Versand nicht nach. {due} fällige "
                "Nachrichten warten, die älteste seit {minutes} Minuten; {failures} Zustellungen "
                "sind nacheinander fehlgeschlagen. Bitte die IT informieren (Protokoll, /metrics).",
                due=pending.due,
                minutes=int(lag // 60),
                failures=failures_in_a_row,
            )
            if await self._tell(text):
                self.alerting = True
                self.runtime.metrics.alerts.labels("behind").inc()
        elif self.alerting and not behind and not failing:
            text = t(
                "✅ Betriebshinweis: Der Versand läuft wieder. {due} fällige Nachrichten warten.",
                due=pending.due,
            )
            if await self._tell(text):
                self.alerting = False
                self.runtime.metrics.alerts.labels("recovered").inc()

    async def _tell(self, text: str) -> bool:
        chats = await self.runtime.db.run(self._office_chats)
        delivered = [await self.send(chat, text) for chat in chats]
        return any(delivered)

    async def _office_chats(self, session: AsyncSession) -> list[int]:
        committee = await entities.by_id_or_fail(session, Committee, self.runtime.committee_id)
        return await office_chat_ids(session, committee)
