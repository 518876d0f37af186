"""The Niederschrift (minutes) of one ballot, for every kind."""

from __future__ import annotations

import html

from sqlalchemy.ext.asyncio import AsyncSession

from rakbot.i18n import translator
from rakbot.minutes import Item, Minutes, render
from rakbot.runtime import Runtime
from rakbot.services.ballot_render import procedure, result_line
from rakbot.services.ballot_render_kinds import votes_summary
from rakbot.services.ballots import kind_of, load_facts
from storage.models import Committee, Proposal
from storage.repositories import ballots


async def minutes_of(runtime: Runtime, committee_id: int, ballot_id: int, lang: str) -> str | None:
    """The Niederschrift of one ballot as Markdown, or None if there is no such ballot."""
    t = translator(lang)

    async def work(session: AsyncSession) -> str | None:
        ballot = await ballots.ballot(session, committee_id, ballot_id)
        if ballot is None:
            return None
        committee = await session.get_one(Committee, ballot.committee_id)
        facts = await load_facts(session, ballot)
        voters: dict[int, list[str]] = {}
        for row, member in facts.rows:
            name = member.display_name if not ballot.secret else t("anwesend")
            voters.setdefault(row.institution_id, [])
            if name not in voters[row.institution_id]:
                voters[row.institution_id].append(name)
        proposal = await session.get(Proposal, ballot.proposal_id) if ballot.proposal_id else None
        result = ballot.result
        item = Item(
            number=ballot.id,
            question=ballot.question,
            proposal=proposal.title if proposal else None,
            procedure=procedure(t, kind_of(ballot), written=ballot.written, secret=ballot.secret),
            result=result,
            result_line=html.unescape(result_line(t, result)) if result else "",
            votes=[html.unescape(line) for line in votes_summary(t, result)] if result else [],
        )
        minutes = Minutes(
            committee=committee.name,
            place=t("Telegram-Gruppe des RAK") if ballot.written else t("Sitzung des RAK"),
            held_at=ballot.closed_at or ballot.opens_at,
            chair=t("Regionale Koordination"),
            present=[(seat.name, voters.get(seat.institution_id, [])) for seat in facts.seats],
            items=[item],
        )
        return render(t, minutes)

    return await runtime.db.run(work)
