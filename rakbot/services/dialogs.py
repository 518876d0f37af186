"""Multi-step input, saved at every step so that a restart in the middle loses nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rakbot.runtime import Runtime
from storage.repositories import dialogs
from storage.session import AsyncSession


@dataclass(frozen=True)
class DialogState:
    kind: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)


async def current(runtime: Runtime, chat_id: int, user_id: int) -> DialogState | None:
    async def work(session: AsyncSession) -> DialogState | None:
        row = await dialogs.get(session, chat_id, user_id)
        return None if row is None else DialogState(row.kind, row.step, dict(row.data))

    return await runtime.db.run(work)


async def save(runtime: Runtime, chat_id: int, user_id: int, state: DialogState) -> None:
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> None:
        await dialogs.put(
            session,
            chat_id=chat_id,
            user_id=user_id,
            kind=state.kind,
            step=state.step,
            data=state.data,
            now=now,
        )

    await runtime.db.run(work)


async def end(runtime: Runtime, chat_id: int, user_id: int) -> bool:
    return await runtime.db.run(lambda session: dialogs.clear(session, chat_id, user_id))
