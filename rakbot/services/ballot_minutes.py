"""The Niederschrift (minutes) of one ballot, for every kind."""

from __future__ import annotations

import html

from rakbot.domain.voting import BallotKind
from rakbot.i18n import Translator, translator
from rakbot.minutes import Item, Minutes, render
from rakbot.runtime import Runtime
from rakbot.services.ballot_render import procedure, result_line
from rakbot.services.ballot_render_kinds import votes_summary
from rakbot.services.ballots import Facts, hides_interim, kind_of, load_facts, majority_of
from storage.models import Ballot, Committee, Meeting, Proposal
from storage.repositories import audit, ballots, entities
from storage.repositories import proposals as proposal_repo
from storage.session import AsyncSession


async def proposal_title(session: AsyncSession, ballot: Ballot) -> str | None:
    proposal = (
        await entities.by_id(session, Proposal, ballot.proposal_id) if ballot.proposal_id else None
    )
    return proposal.title if proposal else None


async def item_of(session: AsyncSession, t: Translator, ballot: Ballot) -> Item:
    """Motion, procedure, result with numbers and exclusions of one ballot."""
    result = ballot.result
    return Item(
        number=ballot.id,
        question=ballot.question,
        proposal=await proposal_title(session, ballot),
        procedure=procedure(
            t,
            kind_of(ballot),
            written=ballot.written,
            secret=ballot.secret,
            hide_interim=hides_interim(ballot),
            majority=majority_of(ballot),
        ),
        result=result,
        result_line=html.unescape(result_line(t, result)) if result else "",
        votes=[html.unescape(line) for line in votes_summary(t, result)] if result else [],
        own_proposals=await _own_proposals(session, ballot),
    )


async def _own_proposals(session: AsyncSession, ballot: Ballot) -> list[str]:
    """Scoring over proposals: the applicant institutions, each with the proposal it did not
    score (its points for it never count)."""
    ids = [int(o["proposal_id"]) for o in ballot.options or [] if o.get("proposal_id")]
    if kind_of(ballot) is not BallotKind.SCORE or not ids:
        return []
    names = {i.id: i.name for i in await ballots.institutions(session, ballot.committee_id)}
    found = await proposal_repo.with_applicant_among(session, ids)
    return [f"{names.get(p.applicant_institution_id or 0, '–')} ({p.title})" for p in found]


def counted_voters(facts: Facts, secret_name: str | None) -> dict[int, list[str]]:
    """Per institution the one person whose vote counted (not everyone who pressed a button),
    or `secret_name` in place of the person for a secret ballot."""
    names = {member.id: member.display_name for _row, member in facts.rows}
    return {
        institution_id: [secret_name or names[vote.member_id]]
        for institution_id, vote in facts.counted()[1].items()
    }


async def minutes_of(
    runtime: Runtime, committee_id: int, ballot_id: int, lang: str, actor_member_id: int | None
) -> str | None:
    """The Niederschrift of one ballot as Markdown, or None if there is no such ballot.
    Producing it is recorded in the audit log."""
    t = translator(lang)

    async def work(session: AsyncSession) -> str | None:
        ballot = await ballots.ballot(session, committee_id, ballot_id)
        if ballot is None:
            return None
        committee = await entities.by_id_or_fail(session, Committee, ballot.committee_id)
        facts = await load_facts(session, ballot)
        voters = counted_voters(facts, t("anwesend") if ballot.secret else None)
        meeting = (
            await entities.by_id(session, Meeting, ballot.meeting_id) if ballot.meeting_id else None
        )
        if ballot.written:
            place = t("Telegram-Gruppe des RAK")
        else:
            place = (
                (meeting.place or t("Sitzung des RAK"))
                if meeting is not None
                else t("außerhalb einer Sitzung (Telegram-Gruppe des RAK)")
            )
        minutes = Minutes(
            committee=committee.name,
            place=place,
            held_at=ballot.closed_at or ballot.opens_at,
            chair=meeting.chair if meeting and meeting.chair else t("Regionale Koordination"),
            # who voted, and the institutions that could have voted but did not
            present=[
                (seat.name, voters.get(seat.institution_id, []))
                for seat in facts.seats
                if seat.institution_id in voters
                or (seat.has_vote and seat.institution_id not in facts.excluded)
            ],
            items=[await item_of(session, t, ballot)],
        )
        audit.record(
            session,
            committee_id=committee_id,
            actor_member_id=actor_member_id,
            action="minutes.produced",
            subject=f"ballot:{ballot.id}",
        )
        return render(t, minutes)

    return await runtime.db.run(work)
