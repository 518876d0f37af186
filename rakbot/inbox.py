"""Updates survive a crash: each one is stored before Telegram learns that it arrived.

Polling confirms the updates of one `getUpdates` answer with the offset of the next call, and the
webhook confirms an update with its HTTP 200. PTB puts every fetched update into the
application's update queue before either happens, so `DurableUpdateQueue.put` stores the update
first. If the database is away, the update is handled without a stored copy: nothing it asks
for can be done then, and the person is told at once to try again (see `handlers.errors`).

An update counts as done in the first transaction that changes anything for it (see
`storage.repositories.inbox`), or after its handlers ran when they changed nothing. At start-up
the bot queues every update that a crashed process stored but did not finish, before it fetches
new ones, so each person's presses are still handled in the order they were made.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from datetime import timedelta
from typing import Any

from telegram import Bot, Update

from rakbot.runtime import Runtime
from storage.db import DatabaseBusy
from storage.repositories import inbox
from storage.repositories.inbox import Handling

log = logging.getLogger(__name__)

#: How long a process holds an update it fetched before another may take it over (webhook
#: mode with several processes); a process that ended on this machine is noticed at once.
LEASE = timedelta(minutes=2)
#: Handled updates are kept this long (ids only) against late redeliveries, then deleted.
KEEP_DONE = timedelta(days=1)
#: Storing an update is tried this often before it is handled without a stored copy.
STORE_ATTEMPTS = 2


class DurableUpdateQueue(asyncio.Queue[object]):
    """The application's update queue: stores each update before it is queued."""

    def __init__(self) -> None:
        super().__init__()
        self.runtime: Runtime | None = None
        #: updates stored or taken over by this process and not handled yet
        self.held: set[int] = set()

    async def put(self, item: object) -> None:
        runtime = self.runtime
        if runtime is None or not isinstance(item, Update):
            await super().put(item)
            return
        now = runtime.clock.now()
        payload = item.to_dict()
        try:
            stored = await runtime.db.run(
                lambda s: inbox.store(
                    s,
                    update_id=item.update_id,
                    payload=payload,
                    worker=runtime.worker_id,
                    now=now,
                    lease=LEASE,
                ),
                attempts=STORE_ATTEMPTS,
            )
        except DatabaseBusy:
            # Handled all the same: with the database away it changes nothing, and the person
            # hears at once to try again (nothing is lost that they were not told about).
            log.warning("update %s not stored (database unavailable)", item.update_id)
            await super().put(item)
            return
        if not stored:
            log.info("update %s arrived again; it is stored already", item.update_id)
            return
        self.held.add(item.update_id)
        await super().put(item)

    def put_stored(self, update: Update) -> None:
        """Queue an update taken over from the database (stored already)."""
        self.held.add(update.update_id)
        self.put_nowait(update)


def begin_handling(queue: DurableUpdateQueue, update: object, runtime: Runtime) -> Handling | None:
    """Before the handlers run (set it as `HANDLING`): the update's done mark goes with its
    first change. None for an update that was not stored (nothing to mark)."""
    if not isinstance(update, Update) or update.update_id not in queue.held:
        return None
    return Handling(update.update_id, runtime.clock.now())


async def end_handling(queue: DurableUpdateQueue, handling: Handling, runtime: Runtime) -> None:
    """After the handlers ran: an update that changed nothing is done now."""
    queue.held.discard(handling.update_id)
    if handling.sealed:
        return
    try:
        await runtime.db.run(lambda s: inbox.mark_done(s, handling.update_id, handling.now))
    except DatabaseBusy:
        log.warning("update %s handled but not marked done; it may run again", handling.update_id)


def _dead_here(claimants: list[str]) -> list[str]:
    """Processes on this machine (worker id `host:pid`) that no longer run."""
    host = socket.gethostname()
    dead = []
    for worker in claimants:
        name, _, pid = worker.rpartition(":")
        if name != host or not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            dead.append(worker)
        except PermissionError:
            continue
    return dead


async def take_over(
    runtime: Runtime, queue: DurableUpdateQueue, bot: Bot, *, everything: bool
) -> int:
    """Queue the updates that a process which is gone stored but did not finish."""
    now = runtime.clock.now()

    async def work(session: Any) -> list[tuple[int, dict[str, Any]]]:
        dead = _dead_here(await inbox.claimants(session))
        return await inbox.take_over(
            session,
            worker=runtime.worker_id,
            now=now,
            lease=LEASE,
            everything=everything,
            dead=dead,
        )

    rows = await runtime.db.run(work)
    for update_id, payload in rows:
        update = Update.de_json(payload, bot)
        if update is None:
            log.error("stored update %s cannot be read; dropped", update_id)
            continue
        queue.put_stored(update)
    if rows:
        log.info("took over %d updates that were fetched but not handled", len(rows))
    return len(rows)


async def tidy(runtime: Runtime) -> None:
    """Delete handled updates older than `KEEP_DONE`."""
    before = runtime.clock.now() - KEEP_DONE
    await runtime.db.run(lambda s: inbox.purge(s, done_before=before))


async def release(runtime: Runtime) -> None:
    """A clean stop: what this process fetched but did not handle goes to the next process."""
    released = await runtime.db.run(lambda s: inbox.release(s, worker=runtime.worker_id))
    if released:
        log.info("released %d fetched updates for the next start", released)
