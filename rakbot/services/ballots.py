"""Ballots: create, vote, declare a conflict, consent to a written procedure, close, archive.

Every rule comes from `rakbot.domain.voting` / `rakbot.domain.decision`; this module loads the
facts from the database, asks the rules, and writes the outcome in one unit of work. Closing is
a conditional UPDATE (open → closed), so it happens exactly once whoever tries it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rakbot.domain.decision import (
    ConsentAnswer,
    ConsentState,
    Outcome,
    VotingRules,
    consent_outcome,
    decide,
)
from rakbot.domain.voting import (
    BallotKind,
    DecisionTally,
    Seat,
    Vote,
    VoteRefusal,
    VoterRole,
    can_vote,
    counted_votes,
    eligible_seats,
    missing_seats,
    validate_choice,
)
from rakbot.i18n import translator
from rakbot.minutes import Item, Minutes, render
from rakbot.runtime import Runtime
from rakbot.services.ballot_render import OPTION_KEYS, BallotView, CastView, result_line
from storage.models import Ballot, BallotVote, Committee, Member, Proposal
from storage.repositories import audit, ballots, dialogs, members, outbox

DIALOG_KIND = "ballot"
#: Debounce of the live message; × open ballots in the chat keeps a group ≤ 20 edits/minute.
REFRESH_SLOT_SECONDS = 3
REMINDER_HOURS = (24, 1)
ARCHIVE_SIZE = 20
_KIND = BallotKind.DECISION
_OPTIONS: tuple[str, ...] = ()


class Answer(StrEnum):
    RECORDED = "recorded"
    UNCHANGED = "unchanged"
    UNKNOWN_BALLOT = "unknown_ballot"
    REFUSED = "refused"
    CONSENT_FIRST = "consent_first"
    NOT_IN_CONSENT = "not_in_consent"
    ALREADY_VOTED = "already_voted"
    ALREADY_EXCLUDED = "already_excluded"
    NOT_COORDINATOR = "not_coordinator"
    CLOSED = "closed"


@dataclass(frozen=True)
class Reply:
    """What happened to a press; `refusal` says why a vote was refused."""

    answer: Answer
    ballot_id: int | None = None
    question: str = ""
    choice: str | None = None
    refusal: VoteRefusal | None = None
    closed_now: bool = False


@dataclass(frozen=True)
class Created:
    ballot_id: int
    chat_id: int
    view: BallotView


@dataclass(frozen=True)
class Archived:
    id: int
    question: str
    closed_at: datetime | None
    result: dict[str, Any]


@dataclass(frozen=True)
class _Facts:
    seats: list[Seat]
    names: dict[int, str]
    excluded: set[int]
    rows: list[tuple[BallotVote, Member]]
    consents: dict[int, ConsentAnswer]

    def votes(self) -> list[Vote]:
        return [
            Vote(
                institution_id=row.institution_id,
                member_id=row.member_id,
                role=VoterRole(row.role),
                choice=row.choice["value"],
                cast_at=row.cast_at,
            )
            for row, _member in self.rows
        ]

    def consent_state(self, ballot: Ballot) -> ConsentState | None:
        if not ballot.written:
            return None
        return consent_outcome(eligible_seats(self.seats, self.excluded), self.consents)


async def _facts(session: AsyncSession, ballot: Ballot) -> _Facts:
    institutions = await ballots.institutions(session, ballot.committee_id)
    seats = [Seat(i.id, i.name, i.has_vote) for i in institutions]
    conflicts = await ballots.conflicts(session, ballot.id)
    answers = {
        c.institution_id: ConsentAnswer.AGREE if c.consents else ConsentAnswer.OBJECT
        for c in await ballots.consents(session, ballot.id)
    }
    return _Facts(
        seats=seats,
        names={i.id: i.name for i in institutions},
        excluded={c.institution_id for c in conflicts},
        rows=await ballots.votes(session, ballot.id),
        consents=answers,
    )


def _rules(committee: Committee) -> VotingRules:
    quorum = committee.settings.get("quorum", [1, 2])
    return VotingRules(
        quorum_numerator=int(quorum[0]),
        quorum_denominator=int(quorum[1]),
        written_requires_all_votes=bool(committee.settings.get("written_requires_all_votes")),
    )


def _decide(ballot: Ballot, facts: _Facts, rules: VotingRules, *, final: bool) -> Outcome:
    return decide(
        _KIND,
        facts.seats,
        facts.excluded,
        facts.votes(),
        _OPTIONS,
        rules,
        written=ballot.written,
        final=final,
        consent=facts.consent_state(ballot),
    )


def _result_record(ballot: Ballot, facts: _Facts, outcome: Outcome) -> dict[str, Any]:
    tally = outcome.tally
    assert isinstance(tally, DecisionTally)
    objected = [
        facts.names[i] for i, answer in facts.consents.items() if answer is ConsentAnswer.OBJECT
    ]
    return {
        "status": outcome.status.value,
        "yes": tally.yes,
        "no": tally.no,
        "abstain": tally.abstain,
        "eligible": outcome.eligible_count,
        "participated": outcome.participated_count,
        "quorum_met": outcome.quorum_met,
        "quorum_needed": outcome.quorum_needed,
        "excluded": [seat.name for seat in outcome.excluded],
        "missing": [seat.name for seat in outcome.missing],
        "deemed": outcome.counted_as_abstention,
        "objected_by": objected,
        "written": ballot.written,
        "secret": ballot.secret,
    }


async def build_view(session: AsyncSession, ballot: Ballot) -> BallotView:
    committee = await session.get_one(Committee, ballot.committee_id)
    facts = await _facts(session, ballot)
    outcome = _decide(ballot, facts, _rules(committee), final=False)
    tally = outcome.tally
    assert isinstance(tally, DecisionTally)
    eligible = eligible_seats(facts.seats, facts.excluded)
    counted = counted_votes(facts.votes(), {s.institution_id for s in eligible})
    voters = {member.id: member for _row, member in facts.rows}
    proposal = await session.get(Proposal, ballot.proposal_id) if ballot.proposal_id else None
    return BallotView(
        id=ballot.id,
        question=ballot.question,
        proposal_title=proposal.title if proposal else None,
        secret=ballot.secret,
        written=ballot.written,
        status=ballot.status,
        closes_at=ballot.closes_at,
        yes=tally.yes,
        no=tally.no,
        abstain=tally.abstain,
        cast=[
            CastView(
                institution=facts.names[institution_id],
                choice=str(vote.choice),
                voter=voters[vote.member_id].display_name,
                deputy=vote.role is VoterRole.DEPUTY,
            )
            for institution_id, vote in counted.items()
        ],
        missing=[seat.name for seat in outcome.missing],
        excluded=[seat.name for seat in outcome.excluded],
        consent_missing=[s.name for s in missing_seats(eligible, facts.consents)],
        result=ballot.result,
    )


async def view(runtime: Runtime, ballot_id: int) -> BallotView | None:
    async def work(session: AsyncSession) -> BallotView | None:
        found = await ballots.ballot(session, runtime.committee_id, ballot_id)
        return None if found is None else await build_view(session, found)

    return await runtime.db.run(work)


async def schedule_refresh(session: AsyncSession, ballot: Ballot, now: datetime) -> None:
    """Plan one edit of the live message at the end of the current time slot: a click storm
    collapses into one edit per slot (the dedup key), whatever the number of presses."""
    if ballot.chat_id is None:
        return
    await ballots.bump_version(session, ballot.id)
    slot_length = REFRESH_SLOT_SECONDS * max(1, await ballots.open_in_chat(session, ballot.chat_id))
    slot = int(now.timestamp()) // slot_length
    await outbox.enqueue(
        session,
        dedup_key=f"ballot-refresh:{ballot.id}:{slot_length}:{slot}",
        kind="ballot_refresh",
        due_at=datetime.fromtimestamp((slot + 1) * slot_length, UTC),
        chat_id=ballot.chat_id,
        payload={},
        committee_id=ballot.committee_id,
        ballot_id=ballot.id,
    )


async def close_in(
    session: AsyncSession, ballot: Ballot, now: datetime, *, reason: str, actor: int | None
) -> bool:
    """Close with the final outcome if still open; True only for the one caller that closed it.
    The result message and the final edit go out through the outbox, each exactly once."""
    committee = await session.get_one(Committee, ballot.committee_id)
    facts = await _facts(session, ballot)
    outcome = _decide(ballot, facts, _rules(committee), final=True)
    result = _result_record(ballot, facts, outcome)
    if not await ballots.close_if_open(session, ballot.id, now=now, result=result):
        return False
    audit.record(
        session,
        committee_id=ballot.committee_id,
        actor_member_id=actor,
        action="ballot.closed",
        subject=f"ballot:{ballot.id}",
        reason=reason,
        result=result,
    )
    if ballot.proposal_id is not None:
        proposal = await session.get(Proposal, ballot.proposal_id)
        if proposal is not None:
            proposal.status = {"accepted": "approved", "rejected": "rejected"}.get(
                result["status"], "deferred"
            )
    for kind, key in (("ballot_result", "result"), ("ballot_refresh", "final")):
        await outbox.enqueue(
            session,
            dedup_key=f"ballot-{key}:{ballot.id}",
            kind=kind,
            due_at=now,
            chat_id=ballot.chat_id,
            payload={},
            committee_id=ballot.committee_id,
            ballot_id=ballot.id,
        )
    return True


async def create_from_dialog(
    runtime: Runtime, *, chat_id: int, user_id: int, member_id: int | None
) -> Created | None:
    """Store the ballot of the finished dialog, exclude an applicant institution, plan the
    deadline and the reminders. None when the dialog is gone or no group is bound."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> Created | None:
        dialog = await dialogs.get(session, chat_id, user_id)
        committee = await session.get_one(Committee, runtime.committee_id)
        if dialog is None or dialog.kind != DIALOG_KIND or dialog.step != "confirm":
            return None
        if committee.chat_id is None:
            return None
        data = dict(dialog.data)
        await dialogs.clear(session, chat_id, user_id)
        closes_at = datetime.fromisoformat(data["closes_at"])
        ballot = Ballot(
            committee_id=committee.id,
            proposal_id=data.get("proposal_id"),
            question=data["question"],
            kind=_KIND.value,
            options=[],
            secret=bool(data["secret"]),
            written=bool(data["written"]),
            close_when_all_voted=bool(data.get("close_when_all_voted")),
            rules={},
            status="consent" if data["written"] else "open",
            opens_at=now,
            closes_at=closes_at,
            chat_id=committee.chat_id,
            created_by_member_id=member_id,
            created_at=now,
        )
        session.add(ballot)
        await session.flush()
        audit.record(
            session,
            committee_id=committee.id,
            actor_member_id=member_id,
            action="ballot.created",
            subject=f"ballot:{ballot.id}",
            question=ballot.question,
            secret=ballot.secret,
            written=ballot.written,
        )
        if ballot.proposal_id is not None:
            proposal = await session.get_one(Proposal, ballot.proposal_id)
            proposal.status = "voting"
            if proposal.applicant_institution_id is not None:
                await ballots.add_conflict(
                    session,
                    ballot_id=ballot.id,
                    institution_id=proposal.applicant_institution_id,
                    reason="applicant",
                    member_id=None,
                    now=now,
                )
                audit.record(
                    session,
                    committee_id=committee.id,
                    actor_member_id=None,
                    action="ballot.conflict",
                    subject=f"ballot:{ballot.id}",
                    institution_id=proposal.applicant_institution_id,
                    reason="applicant",
                )
        await _plan_deadline(session, ballot, now)
        return Created(ballot.id, committee.chat_id, await build_view(session, ballot))

    return await runtime.db.run(work)


async def _plan_deadline(session: AsyncSession, ballot: Ballot, now: datetime) -> None:
    assert ballot.closes_at is not None
    common: dict[str, Any] = {
        "chat_id": ballot.chat_id,
        "committee_id": ballot.committee_id,
        "ballot_id": ballot.id,
    }
    await outbox.enqueue(
        session,
        dedup_key=f"ballot-deadline:{ballot.id}",
        kind="ballot_deadline",
        due_at=ballot.closes_at,
        payload={},
        **common,
    )
    for hours in REMINDER_HOURS:
        due = ballot.closes_at - timedelta(hours=hours)
        if due > now:
            await outbox.enqueue(
                session,
                dedup_key=f"ballot-remind:{ballot.id}:{hours}",
                kind="ballot_reminder",
                due_at=due,
                payload={"hours": hours},
                **common,
            )


async def attach_message(runtime: Runtime, ballot_id: int, message_id: int) -> None:
    async def work(session: AsyncSession) -> None:
        found = await ballots.ballot(session, runtime.committee_id, ballot_id)
        if found is not None:
            found.message_id = message_id

    await runtime.db.run(work)


@dataclass(frozen=True)
class _Voter:
    member: Member
    role: VoterRole | None
    has_vote: bool


async def _voter(session: AsyncSession, committee_id: int, telegram_user_id: int) -> _Voter | None:
    member = await members.active_member(session, committee_id, telegram_user_id)
    if member is None:
        return None
    role = VoterRole(member.role) if member.role in set(VoterRole) else None
    institution = member.institution
    return _Voter(member, role, bool(institution and institution.has_vote and institution.active))


async def _eligibility(
    session: AsyncSession, ballot: Ballot, telegram_user_id: int
) -> tuple[_Voter | None, _Facts, VoteRefusal | None]:
    """Who presses, the ballot's seats and exclusions, and why this person may not vote (if so)."""
    voter = await _voter(session, ballot.committee_id, telegram_user_id)
    facts = await _facts(session, ballot)
    refusal = can_vote(
        voter.role if voter else None,
        voter.has_vote if voter else False,
        bool(voter and voter.member.institution_id in facts.excluded),
        ballot_open=ballot.status != "closed",
    )
    return voter, facts, refusal


async def cast(runtime: Runtime, ballot_id: int, telegram_user_id: int, option: str) -> Reply:
    """Record (or change) a vote after checking everything against the database."""
    now = runtime.clock.now()
    choice = OPTION_KEYS.get(option)

    async def work(session: AsyncSession) -> Reply:
        ballot = await ballots.ballot(session, runtime.committee_id, ballot_id, lock=True)
        if ballot is None or choice is None:
            return Reply(Answer.UNKNOWN_BALLOT)
        voter, facts, refusal = await _eligibility(session, ballot, telegram_user_id)
        base = Reply(Answer.REFUSED, ballot.id, ballot.question, choice, refusal)
        if refusal is not None or voter is None:
            return base
        if ballot.status == "consent":
            return Reply(Answer.CONSENT_FIRST, ballot.id, ballot.question)
        validate_choice(_KIND, choice, _OPTIONS)
        assert voter.member.institution_id is not None and voter.role is not None
        previous = next(
            (row.choice["value"] for row, m in facts.rows if m.id == voter.member.id), None
        )
        if previous == choice:
            return Reply(Answer.UNCHANGED, ballot.id, ballot.question, choice)
        await ballots.upsert_vote(
            session,
            ballot_id=ballot.id,
            institution_id=voter.member.institution_id,
            member_id=voter.member.id,
            role=voter.role.value,
            choice={"value": choice},
            now=now,
        )
        audit.record(
            session,
            committee_id=ballot.committee_id,
            actor_member_id=voter.member.id,
            action="ballot.vote_changed" if previous else "ballot.vote_cast",
            subject=f"ballot:{ballot.id}",
            institution_id=voter.member.institution_id,
            choice="secret" if ballot.secret else choice,
        )
        await schedule_refresh(session, ballot, now)
        closed = False
        if ballot.close_when_all_voted:
            voted = {row.institution_id for row, _m in facts.rows} | {voter.member.institution_id}
            eligible = eligible_seats(facts.seats, facts.excluded)
            if not missing_seats(eligible, voted):
                closed = await close_in(
                    session, ballot, now, reason="all_voted", actor=voter.member.id
                )
        return Reply(Answer.RECORDED, ballot.id, ballot.question, choice, closed_now=closed)

    return await runtime.db.run(work)


async def declare_conflict(runtime: Runtime, ballot_id: int, telegram_user_id: int) -> Reply:
    """A member declares their institution befangen; only before it has voted."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> Reply:
        ballot = await ballots.ballot(session, runtime.committee_id, ballot_id, lock=True)
        if ballot is None:
            return Reply(Answer.UNKNOWN_BALLOT)
        voter, facts, refusal = await _eligibility(session, ballot, telegram_user_id)
        if refusal is VoteRefusal.EXCLUDED_CONFLICT:
            return Reply(Answer.ALREADY_EXCLUDED, ballot.id, ballot.question)
        if refusal is not None or voter is None or voter.member.institution_id is None:
            return Reply(Answer.REFUSED, ballot.id, ballot.question, refusal=refusal)
        institution_id = voter.member.institution_id
        if any(row.institution_id == institution_id for row, _m in facts.rows):
            return Reply(Answer.ALREADY_VOTED, ballot.id, ballot.question)
        await ballots.add_conflict(
            session,
            ballot_id=ballot.id,
            institution_id=institution_id,
            reason="declared",
            member_id=voter.member.id,
            now=now,
        )
        audit.record(
            session,
            committee_id=ballot.committee_id,
            actor_member_id=voter.member.id,
            action="ballot.conflict",
            subject=f"ballot:{ballot.id}",
            institution_id=institution_id,
            reason="declared",
        )
        await schedule_refresh(session, ballot, now)
        return Reply(Answer.RECORDED, ballot.id, ballot.question)

    return await runtime.db.run(work)


async def answer_consent(
    runtime: Runtime, ballot_id: int, telegram_user_id: int, *, agree: bool
) -> Reply:
    """Consent to (or object to) the written procedure; one objection ends it at once."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> Reply:
        ballot = await ballots.ballot(session, runtime.committee_id, ballot_id, lock=True)
        if ballot is None:
            return Reply(Answer.UNKNOWN_BALLOT)
        voter, facts, refusal = await _eligibility(session, ballot, telegram_user_id)
        if refusal is not None or voter is None or voter.member.institution_id is None:
            return Reply(Answer.REFUSED, ballot.id, ballot.question, refusal=refusal)
        if ballot.status != "consent":
            return Reply(Answer.NOT_IN_CONSENT, ballot.id, ballot.question)
        await ballots.put_consent(
            session,
            ballot_id=ballot.id,
            institution_id=voter.member.institution_id,
            member_id=voter.member.id,
            consents=agree,
            now=now,
        )
        audit.record(
            session,
            committee_id=ballot.committee_id,
            actor_member_id=voter.member.id,
            action="ballot.consent" if agree else "ballot.objection",
            subject=f"ballot:{ballot.id}",
            institution_id=voter.member.institution_id,
        )
        await session.flush()
        facts = await _facts(session, ballot)
        state = facts.consent_state(ballot)
        closed = False
        if state is ConsentState.OBJECTED:
            closed = await close_in(session, ballot, now, reason="objection", actor=voter.member.id)
        elif state is ConsentState.AGREED and await ballots.start_voting(session, ballot.id):
            audit.record(
                session,
                committee_id=ballot.committee_id,
                actor_member_id=None,
                action="ballot.voting_started",
                subject=f"ballot:{ballot.id}",
            )
        await schedule_refresh(session, ballot, now)
        return Reply(Answer.RECORDED, ballot.id, ballot.question, closed_now=closed)

    return await runtime.db.run(work)


async def close_early(runtime: Runtime, ballot_id: int, telegram_user_id: int) -> Reply:
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> Reply:
        ballot = await ballots.ballot(session, runtime.committee_id, ballot_id, lock=True)
        if ballot is None:
            return Reply(Answer.UNKNOWN_BALLOT)
        member = await members.active_member(session, runtime.committee_id, telegram_user_id)
        if member is None or not member.is_coordinator:
            return Reply(Answer.NOT_COORDINATOR, ballot.id, ballot.question)
        if not await close_in(session, ballot, now, reason="early", actor=member.id):
            return Reply(Answer.CLOSED, ballot.id, ballot.question)
        return Reply(Answer.RECORDED, ballot.id, ballot.question, closed_now=True)

    return await runtime.db.run(work)


async def archive(runtime: Runtime) -> list[Archived]:
    async def work(session: AsyncSession) -> list[Archived]:
        rows = await ballots.closed_ballots(session, runtime.committee_id, ARCHIVE_SIZE)
        return [Archived(b.id, b.question, b.closed_at, b.result or {}) for b in rows]

    return await runtime.db.run(work)


async def open_proposals(runtime: Runtime) -> list[tuple[int, str]]:
    async def work(session: AsyncSession) -> list[tuple[int, str]]:
        rows = await ballots.proposals(session, runtime.committee_id)
        return [(p.id, p.title) for p in rows if p.status == "submitted"]

    return await runtime.db.run(work)


async def proposal_title(runtime: Runtime, proposal_id: int) -> str | None:
    async def work(session: AsyncSession) -> str | None:
        found = await ballots.proposal(session, runtime.committee_id, proposal_id)
        return None if found is None or found.status != "submitted" else found.title

    return await runtime.db.run(work)


async def has_group(runtime: Runtime) -> bool:
    async def work(session: AsyncSession) -> bool:
        committee = await session.get_one(Committee, runtime.committee_id)
        return committee.chat_id is not None

    return await runtime.db.run(work)


async def missing_institution_ids(session: AsyncSession, ballot: Ballot) -> list[int]:
    """Eligible institutions without a counted vote (for reminders)."""
    facts = await _facts(session, ballot)
    eligible = eligible_seats(facts.seats, facts.excluded)
    voted = {row.institution_id for row, _member in facts.rows}
    return [seat.institution_id for seat in missing_seats(eligible, voted)]


async def minutes_of(runtime: Runtime, ballot_id: int, lang: str) -> str | None:
    """The Niederschrift of one ballot as Markdown, or None if there is no such ballot."""
    t = translator(lang)

    async def work(session: AsyncSession) -> str | None:
        ballot = await ballots.ballot(session, runtime.committee_id, ballot_id)
        if ballot is None:
            return None
        committee = await session.get_one(Committee, ballot.committee_id)
        facts = await _facts(session, ballot)
        voters: dict[int, list[str]] = {}
        for row, member in facts.rows:
            name = member.display_name if not ballot.secret else t("anwesend")
            voters.setdefault(row.institution_id, [])
            if name not in voters[row.institution_id]:
                voters[row.institution_id].append(name)
        proposal = await session.get(Proposal, ballot.proposal_id) if ballot.proposal_id else None
        procedure = t("Umlaufverfahren") if ballot.written else t("Abstimmung in der Sitzung")
        secrecy = t("geheim") if ballot.secret else t("offen")
        item = Item(
            number=ballot.id,
            question=ballot.question,
            proposal=proposal.title if proposal else None,
            procedure=f"{procedure}, {secrecy}",
            result=ballot.result,
            result_line=html.unescape(result_line(t, ballot.result)) if ballot.result else "",
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
