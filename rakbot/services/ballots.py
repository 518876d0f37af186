"""Ballots: create, vote, declare a conflict, consent to a written procedure, close, archive.

Every rule comes from `rakbot.domain.voting` / `rakbot.domain.decision`; this module loads the
facts from the database, asks the rules, and writes the outcome in one unit of work. Closing is
a conditional UPDATE (open → closed), so it happens exactly once whoever tries it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from rakbot.domain.ballot_press import (
    Action,
    apply_press,
    from_stored,
    parse_press,
    to_stored,
)
from rakbot.domain.dates import language
from rakbot.domain.decision import (
    ConsentAnswer,
    ConsentState,
    Outcome,
    VotingRules,
    consent_outcome,
    consent_seats,
    decide,
)
from rakbot.domain.kinds.registry import RULES, rules_of
from rakbot.domain.majority import Majority
from rakbot.domain.voting import (
    BallotKind,
    Choice,
    ChoiceError,
    DecisionTally,
    InvalidChoice,
    Seat,
    Vote,
    VoteRefusal,
    VoterRole,
    can_vote,
    counted_votes,
    eligible_seats,
    missing_seats,
)
from rakbot.i18n import GROUP_LANGUAGE, translator
from rakbot.runtime import Runtime
from rakbot.services import competition_settle
from rakbot.services.ballot_completion import Completion, completion, own_options
from rakbot.services.ballot_render import BallotView, CastView, Counting, MeetingLink
from rakbot.services.ballot_render_kinds import date_option_label
from rakbot.services.ballot_results import tally_record, withhold_numbers
from rakbot.services.people import Person
from storage.models import Ballot, BallotVote, Committee, Meeting, Member, Proposal
from storage.repositories import audit, ballots, dialogs, entities, meetings, members, outbox
from storage.session import AsyncSession

DIALOG_KIND = "ballot"
#: Debounce of the live message; × open ballots in the chat keeps a group ≤ 20 edits/minute.
REFRESH_SLOT_SECONDS = 3
REMINDER_HOURS = (24, 1)
MAX_OPTIONS = 10
#: a competition round scores all its proposals; they are scored one at a time in private chat
MAX_SCORED_OPTIONS = 30
ARCHIVE_SIZE = 20
#: Only decisions may run as a written procedure (Umlaufverfahren): it ends in a resolution
#: with non-voters counted as abstentions, which only a Ja/Nein/Enthaltung vote defines.
WRITTEN_KINDS = frozenset(kind for kind, rules in RULES.items() if rules.written)


class Answer(StrEnum):
    RECORDED = "recorded"
    UNCHANGED = "unchanged"
    UNKNOWN_BALLOT = "unknown_ballot"
    REFUSED = "refused"
    CONSENT_FIRST = "consent_first"
    NOT_IN_CONSENT = "not_in_consent"
    ALREADY_VOTED = "already_voted"
    TOO_MANY = "too_many"
    OWN_PROPOSAL = "own_proposal"
    ALREADY_EXCLUDED = "already_excluded"
    NOT_COORDINATOR = "not_coordinator"
    CLOSED = "closed"
    REPRESENTATIVE_VOTED = "representative_voted"
    #: the checks passed; the person is asked to confirm before anything is stored
    CONFIRM = "confirm"
    NOT_EXCLUDED = "not_excluded"
    APPLICANT = "applicant"


@dataclass(frozen=True)
class Reply:
    """What happened to a press; `refusal` says why a vote was refused. For a vote, `choice`
    is the member's choice after the press (a domain `Choice`) and `kind`/`options` describe
    it."""

    answer: Answer
    ballot_id: int | None = None
    question: str = ""
    choice: Choice | None = None
    refusal: VoteRefusal | None = None
    closed_now: bool = False
    kind: BallotKind = BallotKind.DECISION
    options: tuple[tuple[str, str], ...] = ()
    limit: int | None = None
    #: the presser's role, and whose vote counts for their institution after the press
    role: VoterRole | None = None
    counting: Counting | None = None
    #: the vote (of someone else of the institution) that this press replaced as the counted one
    replaced: Counting | None = None


@dataclass(frozen=True)
class Created:
    ballot_id: int
    chat_id: int
    view: BallotView
    committee_id: int


@dataclass(frozen=True)
class Archived:
    id: int
    question: str
    closed_at: datetime | None
    result: dict[str, Any]


def _audit(
    session: AsyncSession, ballot: Ballot, action: str, *, actor: int | None, **details: Any
) -> None:
    """An entry about this ballot in the audit log."""
    audit.record(
        session,
        committee_id=ballot.committee_id,
        actor_member_id=actor,
        action=action,
        subject=f"ballot:{ballot.id}",
        **details,
    )


def kind_of(ballot: Ballot) -> BallotKind:
    return BallotKind(ballot.kind)


def option_keys(ballot: Ballot) -> list[str]:
    return [str(o["key"]) for o in ballot.options or []]


def option_pairs(ballot: Ballot, lang: str = GROUP_LANGUAGE) -> tuple[tuple[str, str], ...]:
    """(key, label) per option; a date poll's dates are written for a reader of `lang` (the
    stored labels are the group's German ones)."""
    return tuple((str(o["key"]), _option_label(o, lang)) for o in ballot.options or [])


def _option_label(option: Mapping[str, Any], lang: str) -> str:
    label = str(option["label"])
    if "at" not in option or language(lang) == GROUP_LANGUAGE:
        return label
    # ballots from before "all_day" was stored say so in their German label
    all_day = bool(option.get("all_day", label.endswith("(ganztägig)")))
    return date_option_label(translator(lang), datetime.fromisoformat(option["at"]), all_day)


@dataclass(frozen=True)
class Facts:
    kind: BallotKind
    seats: list[Seat]
    names: dict[int, str]
    excluded: set[int]
    #: the excluded institutions that declared the conflict themselves (and may withdraw it)
    declared: set[int]
    rows: list[tuple[BallotVote, Member]]
    consents: dict[int, ConsentAnswer]
    #: institutions with someone who can answer (see `consent_seats`)
    answerable: set[int] = field(default_factory=set)

    def votes(self) -> list[Vote]:
        return [
            Vote(
                institution_id=row.institution_id,
                member_id=row.member_id,
                role=VoterRole(row.role),
                choice=from_stored(self.kind, row.choice["value"]),
                cast_at=row.cast_at,
            )
            for row, _member in self.rows
        ]

    def counted(self) -> tuple[list[Seat], dict[int, Vote]]:
        """The eligible seats and the one vote that counts for each of them."""
        eligible = eligible_seats(self.seats, self.excluded)
        return eligible, counted_votes(self.votes(), {s.institution_id for s in eligible})

    def counting_for(self, member: Seated, *, secret: bool) -> Counting | None:
        """Whose vote counts for `member`'s institution now, as `member` may learn it."""
        if member.institution_id is None:
            return None
        vote = self.counted()[1].get(member.institution_id)
        if vote is None:
            return None
        voter = next(m for _row, m in self.rows if m.id == vote.member_id)
        own = vote.member_id == member.id
        return Counting(
            voter.display_name, vote.role, vote.choice if own or not secret else None, own
        )

    def consent_state(self, ballot: Ballot) -> ConsentState | None:
        if not ballot.written:
            return None
        return consent_outcome(self.asked(), self.consents)

    def asked(self) -> list[Seat]:
        """The eligible seats asked to consent to a written procedure."""
        return consent_seats(eligible_seats(self.seats, self.excluded), self.answerable)


async def load_facts(session: AsyncSession, ballot: Ballot) -> Facts:
    institutions = await ballots.institutions(session, ballot.committee_id)
    seats = [Seat(i.id, i.name, i.has_vote) for i in institutions]
    conflicts = await ballots.conflicts(session, ballot.id)
    # Consent (and who can give it) only matters in a written procedure (Umlaufverfahren).
    answers = (
        {
            c.institution_id: ConsentAnswer.AGREE if c.consents else ConsentAnswer.OBJECT
            for c in await ballots.consents(session, ballot.id)
        }
        if ballot.written
        else {}
    )
    return Facts(
        kind=kind_of(ballot),
        seats=seats,
        names={i.id: i.name for i in institutions},
        excluded={c.institution_id for c in conflicts},
        declared={c.institution_id for c in conflicts if c.reason == "declared"},
        rows=await ballots.votes(session, ballot.id),
        consents=answers,
        answerable=(
            await ballots.answerable_institutions(session, ballot.committee_id)
            if ballot.written
            else set()
        ),
    )


def _rules(committee: Committee) -> VotingRules:
    quorum = committee.settings.get("quorum", [1, 2])
    return VotingRules(
        quorum_numerator=int(quorum[0]),
        quorum_denominator=int(quorum[1]),
        written_requires_all_votes=bool(committee.settings.get("written_requires_all_votes")),
    )


def _decide(ballot: Ballot, facts: Facts, rules: VotingRules, *, final: bool) -> Outcome:
    return decide(
        kind_of(ballot),
        facts.seats,
        facts.excluded,
        facts.votes(),
        option_keys(ballot),
        rules,
        written=ballot.written,
        final=final,
        consent=facts.consent_state(ballot),
        majority=majority_of(ballot),
    )


def _result_record(ballot: Ballot, facts: Facts, outcome: Outcome) -> dict[str, Any]:
    objected = [
        facts.names[i] for i, answer in facts.consents.items() if answer is ConsentAnswer.OBJECT
    ]
    return withhold_numbers(
        {
            "kind": ballot.kind,
            "status": outcome.status.value,
            **tally_record(outcome, list(ballot.options or [])),
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
            "hide_interim": hides_interim(ballot),
            **_majority_record(ballot),
        }
    )


def _majority_record(ballot: Ballot) -> dict[str, str]:
    """The majority rule in the stored result, where it is not the simple one."""
    majority = majority_of(ballot)
    return {} if majority is Majority.SIMPLE else {"majority": majority.value}


def hides_interim(ballot: Ballot) -> bool:
    """ "Zwischenstand verbergen": an open ballot whose numbers and choices show only once it
    is closed (a secret ballot never shows choices and shows numbers only once closed)."""
    return bool((ballot.rules or {}).get("hide_interim"))


def majority_of(ballot: Ballot) -> Majority:
    """The majority the ballot's decision needs (chosen when it was created)."""
    return Majority((ballot.rules or {}).get("majority", Majority.SIMPLE))


async def build_view(
    session: AsyncSession, ballot: Ballot, lang: str = GROUP_LANGUAGE
) -> BallotView:
    committee = await entities.by_id_or_fail(session, Committee, ballot.committee_id)
    facts = await load_facts(session, ballot)
    outcome = _decide(ballot, facts, _rules(committee), final=False)
    tally = outcome.tally
    decision = tally if isinstance(tally, DecisionTally) else DecisionTally(0, 0, 0)
    eligible, counted = facts.counted()
    voters = {member.id: member for _row, member in facts.rows}
    proposal = (
        await entities.by_id(session, Proposal, ballot.proposal_id) if ballot.proposal_id else None
    )
    owed = await completion(session, ballot, facts.kind, eligible, counted, option_keys(ballot))
    meeting = (
        await entities.by_id(session, Meeting, ballot.meeting_id) if ballot.meeting_id else None
    )
    agenda = list(meeting.agenda or ()) if meeting else []
    item = ballot.agenda_item
    return BallotView(
        id=ballot.id,
        question=ballot.question,
        proposal_title=proposal.title if proposal else None,
        secret=ballot.secret,
        written=ballot.written,
        status=ballot.status,
        closes_at=ballot.closes_at,
        yes=decision.yes,
        no=decision.no,
        abstain=decision.abstain,
        cast=[
            CastView(
                institution=facts.names[institution_id],
                choice=vote.choice,
                voter=voters[vote.member_id].display_name,
                deputy=vote.role is VoterRole.DEPUTY,
            )
            for institution_id, vote in counted.items()
        ],
        missing=[seat.name for seat in owed.missing],
        incomplete=[seat.name for seat in owed.incomplete],
        excluded=[seat.name for seat in outcome.excluded],
        consent_missing=[s.name for s in missing_seats(facts.asked(), facts.consents)],
        not_asked=[s.name for s in eligible if s not in facts.asked()],
        result=ballot.result,
        kind=kind_of(ballot),
        options=list(option_pairs(ballot, lang)),
        max_choices=ballot.max_choices,
        tally=tally,
        hide_interim=hides_interim(ballot),
        majority=majority_of(ballot),
        eligible=len(eligible),
        meeting=(
            MeetingLink(
                meeting.id,
                meeting.starts_at,
                None if item is None or item >= len(agenda) else item + 1,
                None if item is None or item >= len(agenda) else str(agenda[item]),
            )
            if meeting is not None
            else None
        ),
    )


async def view(runtime: Runtime, committee_id: int, ballot_id: int) -> BallotView | None:
    async def work(session: AsyncSession) -> BallotView | None:
        found = await ballots.ballot(session, committee_id, ballot_id)
        return None if found is None else await build_view(session, found)

    return await runtime.db.run(work)


async def schedule_refresh(
    session: AsyncSession, ballot: Ballot, now: datetime, *, open_in_chat: int | None = None
) -> None:
    """Plan one edit of the live message at the end of the current time slot: a click storm
    collapses into one edit per slot (the dedup key), whatever the number of presses.
    `open_in_chat`: the number of running ballots in the chat, if the caller read it already."""
    if ballot.chat_id is None:
        return
    await ballots.bump_version(session, ballot.id)
    if open_in_chat is None:
        open_in_chat = await ballots.open_in_chat(session, ballot.chat_id)
    slot_length = REFRESH_SLOT_SECONDS * max(1, open_in_chat)
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
    committee = await entities.by_id_or_fail(session, Committee, ballot.committee_id)
    facts = await load_facts(session, ballot)
    outcome = _decide(ballot, facts, _rules(committee), final=True)
    result = _result_record(ballot, facts, outcome)
    if not await ballots.close_if_open(session, ballot.id, now=now, result=result):
        return False
    _audit(
        session,
        ballot,
        "ballot.closed",
        actor=actor,
        reason=reason,
        automatic=actor is None,
        result=result,
    )
    if ballot.round_id is not None:
        await competition_settle.settle(session, ballot, result)
    elif ballot.proposal_id is not None and kind_of(ballot) is BallotKind.DECISION:
        proposal = await entities.by_id(session, Proposal, ballot.proposal_id)
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


@dataclass(frozen=True)
class MeetingChoice:
    """A meeting a new ballot may belong to, with its agenda."""

    id: int
    starts_at: datetime
    agenda: tuple[str, ...]


#: how many meetings the ballot dialog offers, and how far back a meeting may have started
MEETING_CHOICES = 6
MEETING_LOOKBACK = timedelta(hours=12)


async def _meeting_choices(
    session: AsyncSession, committee_id: int, now: datetime
) -> list[MeetingChoice]:
    found = await meetings.starting_between(
        session, committee_id, now - MEETING_LOOKBACK, now + timedelta(days=400)
    )
    return [
        MeetingChoice(m.id, m.starts_at, tuple(str(line) for line in m.agenda or ()))
        for m in found
        if m.status != "cancelled"
    ][:MEETING_CHOICES]


async def meeting_choices(runtime: Runtime, committee_id: int) -> list[MeetingChoice]:
    """The meetings a ballot taken "in der Sitzung" can be linked to: those not cancelled that
    run now or come next."""
    now = runtime.clock.now()
    return await runtime.db.run(lambda session: _meeting_choices(session, committee_id, now))


class BallotSetupError(ValueError):
    """A ballot that the rules do not allow (e.g. a written procedure for a date poll)."""


def _check_setup(
    kind: BallotKind,
    options: list[dict[str, Any]],
    max_choices: int | None,
    written: bool,
    majority: Majority = Majority.SIMPLE,
) -> None:
    if written and kind not in WRITTEN_KINDS:
        raise BallotSetupError("written procedure only for decisions")
    if majority is not Majority.SIMPLE and not rules_of(kind).qualified:
        raise BallotSetupError("a qualified majority only for decisions")
    if kind is BallotKind.DECISION:
        if options:
            raise BallotSetupError("a decision has fixed options")
    else:
        keys = [o.get("key") for o in options]
        most = MAX_SCORED_OPTIONS if kind is BallotKind.SCORE else MAX_OPTIONS
        if not 2 <= len(keys) <= most or len(set(keys)) != len(keys):
            raise BallotSetupError(f"2 to {most} options with distinct keys")
        if not all(isinstance(o.get("key"), str) and o.get("label") for o in options):
            raise BallotSetupError("every option needs a key and a label")
    if max_choices is not None and (kind is not BallotKind.MULTI or max_choices < 1):
        raise BallotSetupError("max_choices only for multiple choice, at least 1")


async def new_ballot(
    session: AsyncSession,
    committee: Committee,
    *,
    kind: BallotKind,
    question: str,
    options: list[dict[str, Any]] | None = None,
    max_choices: int | None = None,
    secret: bool,
    written: bool,
    closes_at: datetime,
    hide_interim: bool = False,
    close_when_all_voted: bool = False,
    proposal_id: int | None = None,
    round_id: int | None = None,
    meeting_id: int | None = None,
    agenda_item: int | None = None,
    majority: Majority = Majority.SIMPLE,
    member_id: int | None,
    now: datetime,
) -> Ballot:
    """Store a ballot of any kind in the committee's group: audit, exclude the applicant of
    `proposal_id` (a decision on one proposal), plan the deadline and the reminders. A ballot
    that is not a written procedure may belong to `meeting_id` (a meeting of the committee that
    is not cancelled) and to its agenda item `agenda_item` (0-based): an explicit link chosen by
    the office, shown in the ballot message and used by the minutes.

    `options`: `{"key", "label"}` per option (plus `"proposal_id"` for scoring proposals);
    empty for decisions. Posting the message is up to the caller (see `attach_message`).
    Raises `BallotSetupError` for a combination the rules do not allow.
    """
    option_list = [dict(o) for o in options or []]
    _check_setup(kind, option_list, max_choices, written, majority)
    meeting_id, agenda_item = await _checked_link(
        session, committee.id, None if written else meeting_id, agenda_item
    )
    ballot = Ballot(
        committee_id=committee.id,
        proposal_id=proposal_id,
        round_id=round_id,
        meeting_id=meeting_id,
        agenda_item=agenda_item,
        question=question,
        kind=kind.value,
        options=option_list,
        max_choices=max_choices,
        secret=secret,
        written=written,
        close_when_all_voted=close_when_all_voted,
        rules={
            **({"hide_interim": True} if hide_interim and not secret else {}),
            **({} if majority is Majority.SIMPLE else {"majority": majority.value}),
        },
        status="consent" if written else "open",
        opens_at=now,
        closes_at=closes_at,
        chat_id=committee.chat_id,
        created_by_member_id=member_id,
        created_at=now,
    )
    await entities.insert(session, ballot)
    _audit(
        session,
        ballot,
        "ballot.created",
        actor=member_id,
        question=ballot.question,
        kind=ballot.kind,
        options=option_list,
        max_choices=max_choices,
        secret=ballot.secret,
        hide_interim=hides_interim(ballot),
        majority=majority.value,
        written=ballot.written,
        meeting_id=meeting_id,
        agenda_item=agenda_item,
    )
    if proposal_id is not None:
        proposal = await entities.by_id_or_fail(session, Proposal, proposal_id)
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
            _audit(
                session,
                ballot,
                "ballot.conflict",
                actor=None,
                institution_id=proposal.applicant_institution_id,
                reason="applicant",
            )
    await _plan_deadline(session, ballot, now)
    return ballot


async def _checked_link(
    session: AsyncSession, committee_id: int, meeting_id: int | None, agenda_item: int | None
) -> tuple[int | None, int | None]:
    """The meeting and agenda item to store: a meeting of this committee that is not cancelled,
    an item its agenda has; raises `BallotSetupError` for anything else."""
    if meeting_id is None:
        if agenda_item is not None:
            raise BallotSetupError("an agenda item needs its meeting")
        return None, None
    meeting = await meetings.get(session, committee_id, meeting_id)
    if meeting is None or meeting.status == "cancelled":
        raise BallotSetupError("no such meeting")
    if agenda_item is not None and not 0 <= agenda_item < len(meeting.agenda or ()):
        raise BallotSetupError("no such agenda item")
    return meeting_id, agenda_item


async def create_from_dialog(
    runtime: Runtime, committee_id: int, *, chat_id: int, user_id: int, member_id: int | None
) -> Created | None:
    """Store the ballot of the finished dialog. None when the dialog is gone or no group is
    bound."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> Created | None:
        dialog = await dialogs.get(session, chat_id, user_id)
        committee = await entities.by_id_or_fail(session, Committee, committee_id)
        if dialog is None or dialog.kind != DIALOG_KIND or dialog.step != "confirm":
            return None
        if committee.chat_id is None:
            return None
        data = dict(dialog.data)
        await dialogs.clear(session, chat_id, user_id)
        try:
            ballot = await _ballot_of_dialog(session, committee, data, member_id, now)
        except BallotSetupError:  # the chosen meeting was cancelled meanwhile
            return None
        return Created(
            ballot.id, committee.chat_id, await build_view(session, ballot), committee.id
        )

    return await runtime.db.run(work)


async def _ballot_of_dialog(
    session: AsyncSession,
    committee: Committee,
    data: dict[str, Any],
    member_id: int | None,
    now: datetime,
) -> Ballot:
    return await new_ballot(
        session,
        committee,
        kind=BallotKind(data.get("kind", BallotKind.DECISION)),
        question=data["question"],
        options=data.get("options") or [],
        max_choices=data.get("max_choices"),
        secret=bool(data["secret"]),
        hide_interim=bool(data.get("hide_interim")),
        written=bool(data.get("written")),
        closes_at=datetime.fromisoformat(data["closes_at"]),
        close_when_all_voted=bool(data.get("close_when_all_voted")),
        proposal_id=data.get("proposal_id"),
        meeting_id=data.get("meeting_id"),
        agenda_item=data.get("agenda_item"),
        majority=Majority(data.get("majority", Majority.SIMPLE)),
        member_id=member_id,
        now=now,
    )


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


async def attach_message(
    runtime: Runtime, committee_id: int, ballot_id: int, message_id: int
) -> None:
    async def work(session: AsyncSession) -> None:
        found = await ballots.ballot(session, committee_id, ballot_id)
        if found is not None:
            found.message_id = message_id

    await runtime.db.run(work)


async def posted_as(runtime: Runtime, committee_id: int, ballot_id: int, message_id: int) -> bool:
    """True if `message_id` is the group message of this ballot: a press in the group whose
    callback data names another ballot than the message it sits on is forged."""

    async def work(session: AsyncSession) -> bool:
        found = await ballots.ballot(session, committee_id, ballot_id)
        return found is not None and found.message_id == message_id

    return await runtime.db.run(work)


class Seated(Protocol):
    """A roster row as the vote needs it (a `Member`, or the sender of an update)."""

    @property
    def id(self) -> int: ...

    @property
    def institution_id(self) -> int | None: ...

    @property
    def display_name(self) -> str: ...


@dataclass(frozen=True)
class _Seat:
    id: int
    institution_id: int | None
    display_name: str


@dataclass(frozen=True)
class _Voter:
    member: Seated
    role: VoterRole | None
    has_vote: bool


def _voter_from(who: Person, seats: list[Seat]) -> _Voter | None:
    """The voter as the update's sender was read (in this update, see `people.Sender`): their
    institution votes if it is among the committee's active seats with a vote."""
    if who.member_id is None:
        return None
    role = VoterRole(who.role) if who.role in set(VoterRole) else None
    has_vote = any(s.institution_id == who.institution_id and s.has_vote for s in seats)
    seat = _Seat(who.member_id, who.institution_id, who.display_name or "")
    return _Voter(seat, role, has_vote)


async def _voter(session: AsyncSession, committee_id: int, telegram_user_id: int) -> _Voter | None:
    member = await members.active_member(session, committee_id, telegram_user_id)
    if member is None:
        return None
    role = VoterRole(member.role) if member.role in set(VoterRole) else None
    institution = member.institution
    return _Voter(member, role, bool(institution and institution.has_vote and institution.active))


async def _eligibility(
    session: AsyncSession, ballot: Ballot, telegram_user_id: int, who: Person | None = None
) -> tuple[_Voter | None, Facts, VoteRefusal | None]:
    """Who presses, the ballot's seats and exclusions, and why this person may not vote (if so).
    `who`: the sender as read for this update already (else read here)."""
    facts = await load_facts(session, ballot)
    if who is not None and who.committee_id == ballot.committee_id:
        voter = _voter_from(who, facts.seats)
    else:
        voter = await _voter(session, ballot.committee_id, telegram_user_id)
    refusal = can_vote(
        voter.role if voter else None,
        voter.has_vote if voter else False,
        bool(voter and voter.member.institution_id in facts.excluded),
        ballot_open=ballot.status != "closed",
    )
    return voter, facts, refusal


_REFUSED_CHOICES = {
    ChoiceError.TOO_MANY_CHOICES: Answer.TOO_MANY,
}


def _previous_choice(kind: BallotKind, facts: Facts, member_id: int) -> Any:
    """The choice this member's stored vote holds, or None before their first press."""
    return next(
        (from_stored(kind, row.choice["value"]) for row, m in facts.rows if m.id == member_id),
        None,
    )


def _deputy_after_representative(role: VoterRole, before: Counting | None) -> bool:
    return (
        role is VoterRole.DEPUTY and before is not None and before.role is VoterRole.REPRESENTATIVE
    )


async def cast(
    runtime: Runtime,
    committee_id: int,
    ballot_id: int,
    telegram_user_id: int,
    code: str,
    lang: str = GROUP_LANGUAGE,
    *,
    who: Person | None = None,
    posted_as: int | None = None,
) -> Reply:
    """Record (or change) a vote after checking everything against the database. `code` is
    the press code of `rakbot.domain.ballot_press`; a code that does not fit the ballot's kind
    or options counts as a forged button. `who`: the sender as read for this update;
    `posted_as`: a press in the group sits on this message, which must be the ballot's own.
    One unit of work: the vote, its audit entry and the planned edit of the live message."""
    now = runtime.clock.now()
    press = parse_press(code)

    async def work(session: AsyncSession) -> Reply:
        found = await ballots.ballot_for_vote(session, committee_id, ballot_id)
        ballot, open_in_chat = found if found is not None else (None, 0)
        if ballot is None or press is None:
            return Reply(Answer.UNKNOWN_BALLOT)
        if posted_as is not None and ballot.message_id != posted_as:
            return Reply(Answer.UNKNOWN_BALLOT)
        kind, keys = kind_of(ballot), option_keys(ballot)
        described = {
            "kind": kind,
            "options": option_pairs(ballot, lang),
            "limit": ballot.max_choices,
        }
        voter, facts, refusal = await _eligibility(session, ballot, telegram_user_id, who)
        if refusal is not None or voter is None:
            return Reply(Answer.REFUSED, ballot.id, ballot.question, refusal=refusal)
        if ballot.status == "consent":
            return Reply(Answer.CONSENT_FIRST, ballot.id, ballot.question)
        assert voter.member.institution_id is not None and voter.role is not None
        before = facts.counting_for(voter.member, secret=ballot.secret)
        if _deputy_after_representative(voter.role, before):
            # The representative's vote always counts: a deputy's vote after it never would.
            return Reply(
                Answer.REPRESENTATIVE_VOTED,
                ballot.id,
                ballot.question,
                role=voter.role,
                counting=before,
                **described,
            )
        previous = _previous_choice(kind, facts, voter.member.id)
        try:
            choice = apply_press(kind, previous, press, keys, ballot.max_choices)
        except InvalidChoice as error:
            answer = _REFUSED_CHOICES.get(error.reason, Answer.UNKNOWN_BALLOT)
            return Reply(answer, ballot.id, ballot.question, previous, **described)
        if press.action is Action.SCORE and await _own_proposal(
            session, ballot, press.index, voter.member.institution_id
        ):
            return Reply(Answer.OWN_PROPOSAL, ballot.id, ballot.question, previous, **described)
        if previous == choice:
            return Reply(Answer.UNCHANGED, ballot.id, ballot.question, choice, **described)
        await ballots.upsert_vote(
            session,
            ballot_id=ballot.id,
            institution_id=voter.member.institution_id,
            member_id=voter.member.id,
            role=voter.role.value,
            choice={"value": to_stored(choice)},
            now=now,
        )
        _audit(
            session,
            ballot,
            "ballot.vote_changed" if previous is not None else "ballot.vote_cast",
            actor=voter.member.id,
            institution_id=voter.member.institution_id,
            choice="secret" if ballot.secret else to_stored(choice),
        )
        await schedule_refresh(session, ballot, now, open_in_chat=open_in_chat)
        closed = await _close_when_all_voted(session, ballot, now)
        return Reply(
            Answer.RECORDED,
            ballot.id,
            ballot.question,
            choice,
            closed_now=closed,
            role=voter.role,
            counting=Counting(voter.member.display_name, voter.role, choice, own=True),
            replaced=before if before is not None and not before.own else None,
            **described,
        )

    return await runtime.db.run(work)


async def _close_when_all_voted(session: AsyncSession, ballot: Ballot, now: datetime) -> bool:
    """A ballot set to close when everyone has voted closes with the last owed vote; the
    audit names the rule, not the last voter (actor None)."""
    if not ballot.close_when_all_voted:
        return False
    await entities.write_pending(session)
    if not (await completion_of(session, ballot, await load_facts(session, ballot))).done:
        return False
    return await close_in(session, ballot, now, reason="all_voted", actor=None)


async def _own_proposal(
    session: AsyncSession, ballot: Ballot, index: int, institution_id: int
) -> bool:
    """Scoring: an institution never scores the proposal it applied for."""
    key = option_keys(ballot)[index - 1]
    return key in (await own_options(session, ballot)).get(institution_id, set())


async def completion_of(session: AsyncSession, ballot: Ballot, facts: Facts) -> Completion:
    eligible, counted = facts.counted()
    return await completion(session, ballot, facts.kind, eligible, counted, option_keys(ballot))


@dataclass(frozen=True)
class Seen:
    """The ballot as one member sees it privately: the view, their own stored choice, why they
    may not vote (if so), their role and whose vote counts for their institution."""

    view: BallotView
    own: Choice | None
    refusal: VoteRefusal | None
    role: VoterRole | None = None
    counting: Counting | None = None
    #: the member's institution declared a conflict itself and may withdraw it
    declared: bool = False


async def own_choice(
    runtime: Runtime,
    committee_id: int,
    ballot_id: int,
    telegram_user_id: int,
    lang: str = GROUP_LANGUAGE,
) -> Seen | None:
    """The ballot as this member sees it privately (dates written for `lang`); None if there is
    no such ballot in the committee."""

    async def work(session: AsyncSession) -> Seen | None:
        ballot = await ballots.ballot(session, committee_id, ballot_id)
        if ballot is None:
            return None
        voter, facts, refusal = await _eligibility(session, ballot, telegram_user_id)
        view = await build_view(session, ballot, lang)
        if voter is None:
            return Seen(view, None, refusal)
        own = next(
            (
                from_stored(facts.kind, row.choice["value"])
                for row, m in facts.rows
                if m.id == voter.member.id
            ),
            None,
        )
        counting = facts.counting_for(voter.member, secret=ballot.secret)
        declared = voter.member.institution_id in facts.declared
        return Seen(view, own, refusal, voter.role, counting, declared)

    return await runtime.db.run(work)


async def open_ballots(runtime: Runtime, committee_id: int) -> list[tuple[int, str]]:
    """(id, question) of the ballots that are open or asking for consent, oldest first."""

    async def work(session: AsyncSession) -> list[tuple[int, str]]:
        return [(b.id, b.question) for b in await ballots.open_ballots(session, committee_id)]

    return await runtime.db.run(work)


async def declare_conflict(
    runtime: Runtime,
    committee_id: int,
    ballot_id: int,
    telegram_user_id: int,
    *,
    confirmed: bool = True,
) -> Reply:
    """A member declares their institution befangen; only before it has voted. Unless
    `confirmed`, only the checks run and the answer is `CONFIRM` (the button asks first)."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> Reply:
        ballot = await ballots.ballot(session, committee_id, ballot_id, lock=True)
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
        if not confirmed:
            return Reply(Answer.CONFIRM, ballot.id, ballot.question)
        await ballots.add_conflict(
            session,
            ballot_id=ballot.id,
            institution_id=institution_id,
            reason="declared",
            member_id=voter.member.id,
            now=now,
        )
        _audit(
            session,
            ballot,
            "ballot.conflict",
            actor=voter.member.id,
            institution_id=institution_id,
            reason="declared",
        )
        await schedule_refresh(session, ballot, now)
        return Reply(Answer.RECORDED, ballot.id, ballot.question)

    return await runtime.db.run(work)


async def withdraw_conflict(
    runtime: Runtime, committee_id: int, ballot_id: int, telegram_user_id: int
) -> Reply:
    """A member takes back their institution's declared conflict while the ballot runs (it
    cannot have voted meanwhile: excluded institutions do not vote)."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> Reply:
        ballot = await ballots.ballot(session, committee_id, ballot_id, lock=True)
        if ballot is None:
            return Reply(Answer.UNKNOWN_BALLOT)
        voter, facts, refusal = await _eligibility(session, ballot, telegram_user_id)
        if voter is None or voter.member.institution_id is None:
            return Reply(Answer.REFUSED, ballot.id, ballot.question, refusal=refusal)
        if ballot.status == "closed":
            return Reply(Answer.CLOSED, ballot.id, ballot.question)
        institution_id = voter.member.institution_id
        if institution_id not in facts.excluded:
            return Reply(Answer.NOT_EXCLUDED, ballot.id, ballot.question)
        if not await ballots.withdraw_conflict(session, ballot.id, institution_id):
            return Reply(Answer.APPLICANT, ballot.id, ballot.question)
        _audit(
            session,
            ballot,
            "ballot.conflict_withdrawn",
            actor=voter.member.id,
            institution_id=institution_id,
        )
        await schedule_refresh(session, ballot, now)
        return Reply(Answer.RECORDED, ballot.id, ballot.question)

    return await runtime.db.run(work)


async def answer_consent(
    runtime: Runtime, committee_id: int, ballot_id: int, telegram_user_id: int, *, agree: bool
) -> Reply:
    """Consent to (or object to) the written procedure; one objection ends it at once."""
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> Reply:
        ballot = await ballots.ballot(session, committee_id, ballot_id, lock=True)
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
        _audit(
            session,
            ballot,
            "ballot.consent" if agree else "ballot.objection",
            actor=voter.member.id,
            institution_id=voter.member.institution_id,
        )
        await entities.write_pending(session)
        facts = await load_facts(session, ballot)
        state = facts.consent_state(ballot)
        closed = False
        if state is ConsentState.OBJECTED:
            closed = await close_in(session, ballot, now, reason="objection", actor=None)
        elif state is ConsentState.AGREED and await ballots.start_voting(session, ballot.id):
            _audit(session, ballot, "ballot.voting_started", actor=None)
        await schedule_refresh(session, ballot, now)
        return Reply(Answer.RECORDED, ballot.id, ballot.question, closed_now=closed)

    return await runtime.db.run(work)


async def close_early(
    runtime: Runtime, committee_id: int, ballot_id: int, telegram_user_id: int
) -> Reply:
    now = runtime.clock.now()

    async def work(session: AsyncSession) -> Reply:
        ballot = await ballots.ballot(session, committee_id, ballot_id, lock=True)
        if ballot is None:
            return Reply(Answer.UNKNOWN_BALLOT)
        member = await members.active_member(session, committee_id, telegram_user_id)
        if member is None or not member.is_coordinator:
            return Reply(Answer.NOT_COORDINATOR, ballot.id, ballot.question)
        if not await close_in(session, ballot, now, reason="early", actor=member.id):
            return Reply(Answer.CLOSED, ballot.id, ballot.question)
        return Reply(Answer.RECORDED, ballot.id, ballot.question, closed_now=True)

    return await runtime.db.run(work)


async def archive(runtime: Runtime, committee_id: int) -> list[Archived]:
    async def work(session: AsyncSession) -> list[Archived]:
        rows = await ballots.closed_ballots(session, committee_id, ARCHIVE_SIZE)
        return [Archived(b.id, b.question, b.closed_at, b.result or {}) for b in rows]

    return await runtime.db.run(work)


async def open_proposals(runtime: Runtime, committee_id: int) -> list[tuple[int, str]]:
    async def work(session: AsyncSession) -> list[tuple[int, str]]:
        rows = await ballots.proposals(session, committee_id)
        return [(p.id, p.title) for p in rows if p.status == "submitted"]

    return await runtime.db.run(work)


async def proposal_title(runtime: Runtime, committee_id: int, proposal_id: int) -> str | None:
    async def work(session: AsyncSession) -> str | None:
        found = await ballots.proposal(session, committee_id, proposal_id)
        return None if found is None or found.status != "submitted" else found.title

    return await runtime.db.run(work)


async def has_group(runtime: Runtime, committee_id: int) -> bool:
    async def work(session: AsyncSession) -> bool:
        committee = await entities.by_id_or_fail(session, Committee, committee_id)
        return committee.chat_id is not None

    return await runtime.db.run(work)
