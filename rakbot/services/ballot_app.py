"""Ballots as the Mini App shows them: the running ones (read only: voting stays in the chat)
and the results of the closed ones, with the bars `/diagramm` draws."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rakbot.domain.voting import BallotKind
from rakbot.i18n import Translator
from rakbot.runtime import Runtime
from rakbot.services.ballot_render import procedure, result_line
from rakbot.services.ballots import ARCHIVE_SIZE, hides_interim, kind_of
from rakbot.services.charts import ballot_bars
from storage.models import Ballot
from storage.repositories import ballots as repo
from storage.session import AsyncSession


@dataclass(frozen=True)
class BallotItem:
    id: int
    question: str
    kind: BallotKind
    written: bool
    secret: bool
    hide_interim: bool
    status: str
    closes_at: datetime | None
    closed_at: datetime | None
    result: dict[str, Any] | None
    proposal_title: str | None

    def procedure(self, t: Translator) -> str:
        return procedure(
            t, self.kind, written=self.written, secret=self.secret, hide_interim=self.hide_interim
        )

    def outcome(self, t: Translator) -> str | None:
        """The result line as the chat words it, as plain text (None while running)."""
        return html.unescape(result_line(t, self.result)) if self.result else None

    def bars(self, t: Translator) -> tuple[list[dict[str, Any]], str]:
        """The published numbers as bars, none where they are withheld."""
        if not self.result or self.result.get("withheld") or "status" not in self.result:
            return [], ""
        if self.result["status"] in ("objected", "no_consent"):
            return [], ""
        return ballot_bars(t, self.result)


@dataclass(frozen=True)
class Board:
    running: list[BallotItem]
    closed: list[BallotItem]


async def _item(session: AsyncSession, ballot: Ballot) -> BallotItem:
    title = None
    if ballot.proposal_id is not None:
        proposal = await repo.proposal(session, ballot.committee_id, ballot.proposal_id)
        title = proposal.title if proposal is not None else None
    return BallotItem(
        id=ballot.id,
        question=ballot.question,
        kind=kind_of(ballot),
        written=ballot.written,
        secret=ballot.secret,
        hide_interim=hides_interim(ballot),
        status=ballot.status,
        closes_at=ballot.closes_at,
        closed_at=ballot.closed_at,
        result=dict(ballot.result) if ballot.result else None,
        proposal_title=title,
    )


async def board(runtime: Runtime, committee_id: int) -> Board:
    """Running ballots oldest first; the latest closed ones, newest first."""

    async def work(session: AsyncSession) -> Board:
        running = [await _item(session, b) for b in await repo.open_ballots(session, committee_id)]
        closed = await repo.closed_ballots(session, committee_id, ARCHIVE_SIZE)
        return Board(running, [await _item(session, b) for b in closed])

    return await runtime.db.run(work)
