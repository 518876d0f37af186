"""SQLAlchemy models: the committee's roster, meetings, proposals, ballots, outbox and audit log.

Times are stored as UTC. Enumerations are stored as short strings (checked in Python), so that a
new value never needs an ALTER TYPE on PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from rakbot.domain.roles import Role as Role  # re-exported: the value of members.role

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, hands out aware UTC: the same on SQLite and PostgreSQL."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Committee(Base):
    __tablename__ = "committees"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    chat_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    coordinator_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Berlin")
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    institutions: Mapped[list[Institution]] = relationship(
        back_populates="committee", order_by="Institution.sort_order"
    )


class Institution(Base):
    __tablename__ = "institutions"
    __table_args__ = (UniqueConstraint("committee_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(60))
    has_vote: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    committee: Mapped[Committee] = relationship(back_populates="institutions")


class Member(Base):
    """A person on a committee's roster. Pseudonymised members keep their row for the record."""

    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("committee_id", "telegram_user_id"),
        Index(
            "uq_members_one_representative",
            "institution_id",
            unique=True,
            sqlite_where=text("role = 'representative' AND active"),
            postgresql_where=text("role = 'representative' AND active"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), index=True)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    display_name: Mapped[str] = mapped_column(String(200))
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    is_coordinator: Mapped[bool] = mapped_column(Boolean, default=False)
    #: the coordination comes from the COORDINATOR_IDS setting (and ends when the id leaves it),
    #: not from an invitation or the office
    coordinator_from_settings: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    phone: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8), default="de")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    bot_blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    deactivated_at: Mapped[datetime | None]
    pseudonymised_at: Mapped[datetime | None]
    #: SHA-256 of the secret in the person's calendar subscription URL (None: no subscription)
    calendar_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: the reminders this person turned off (`rakbot.domain.reminder_choices`; None: all on).
    #: On the member row, so that the reminder delivery reads it with the recipient.
    reminder_choices: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    institution: Mapped[Institution | None] = relationship()


class Invite(Base):
    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    is_coordinator: Mapped[bool] = mapped_column(Boolean, default=False)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))
    created_by_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_by_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    revoked_at: Mapped[datetime | None]


class MeetingSeries(Base):
    __tablename__ = "meeting_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), index=True)
    rrule: Mapped[str | None] = mapped_column(String(300))
    rdates: Mapped[list[Any]] = mapped_column(default=list)
    dtstart: Mapped[datetime]
    exdates: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_committee_start", "committee_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"))
    series_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_series.id"), index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime | None]
    place: Mapped[str | None] = mapped_column(String(300))
    video_url: Mapped[str | None] = mapped_column(String(500))
    agenda: Mapped[list[Any]] = mapped_column(default=list)
    #: the proposals an agenda item concerns: `[item, proposal_id]` pairs, the item 0-based
    #: in `agenda` (ballots carry their own link, `Ballot.agenda_item`); None is none
    agenda_proposals: Mapped[list[Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    #: what the group card shows (see rakbot.services.meeting_card), to skip edits to the same
    card_digest: Mapped[str | None] = mapped_column(String(64))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    chair: Mapped[str | None] = mapped_column(String(200))
    created_by_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Rsvp(Base):
    __tablename__ = "rsvps"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    answer: Mapped[str] = mapped_column(String(20))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


class Proposal(Base):
    __tablename__ = "proposals"
    __table_args__ = (Index("ix_proposals_committee_area", "committee_id", "funding_area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"))
    title: Mapped[str] = mapped_column(String(300))
    funding_area: Mapped[str] = mapped_column(String(2))
    applicant_name: Mapped[str] = mapped_column(String(300))
    applicant_institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    duration: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="submitted")
    round_id: Mapped[int | None] = mapped_column(ForeignKey("competition_rounds.id"), index=True)
    created_by_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Document(Base):
    """A file the office attached to a proposal or to an agenda item of a meeting. The file
    stays on Telegram: the bot keeps its identifiers and sends it by `file_id`. A replaced or
    removed version lives on in the audit log (`document.replaced`, `document.removed`)."""

    __tablename__ = "documents"
    __table_args__ = (
        Index("ix_documents_proposal", "proposal_id"),
        Index("ix_documents_meeting", "meeting_id", "agenda_item"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    #: the agenda item (0-based position in `Meeting.agenda`) of a meeting's document
    agenda_item: Mapped[int | None] = mapped_column(Integer)
    file_id: Mapped[str] = mapped_column(String(255))
    file_unique_id: Mapped[str] = mapped_column(String(100))
    file_name: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str | None] = mapped_column(String(100))
    file_size: Mapped[int] = mapped_column(BigInteger)
    added_by_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class MinutesApproval(Base):
    """The minutes of meeting `meeting_id` were approved at the later meeting
    `approving_meeting_id`, held on `approved_on`; without a row they are a draft."""

    __tablename__ = "minutes_approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"))
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), unique=True)
    approving_meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    approved_on: Mapped[datetime]
    recorded_by_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class CompetitionRound(Base):
    __tablename__ = "competition_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    budgets: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), default="open")
    #: proposal ids put to the vote on the selection; empty while the ranking is still live
    selection: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Ballot(Base):
    __tablename__ = "ballots"
    __table_args__ = (
        Index("ix_ballots_committee_status", "committee_id", "status"),
        Index("ix_ballots_status_closes", "status", "closes_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("competition_rounds.id"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    #: the agenda item (0-based position in `Meeting.agenda`) the office linked the ballot to
    agenda_item: Mapped[int | None] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(20))
    options: Mapped[list[Any]] = mapped_column(default=list)
    max_choices: Mapped[int | None] = mapped_column(Integer)
    secret: Mapped[bool] = mapped_column(Boolean, default=False)
    written: Mapped[bool] = mapped_column(Boolean, default=False)
    close_when_all_voted: Mapped[bool] = mapped_column(Boolean, default=False)
    rules: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), default="open")
    opens_at: Mapped[datetime] = mapped_column(default=utcnow)
    closes_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    message_version: Mapped[int] = mapped_column(Integer, default=0)
    rendered_version: Mapped[int] = mapped_column(Integer, default=0)
    created_by_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BallotVote(Base):
    """The latest vote of one member for one institution; changes overwrite, the audit log keeps
    the history."""

    __tablename__ = "ballot_votes"
    __table_args__ = (UniqueConstraint("ballot_id", "institution_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    choice: Mapped[dict[str, Any]] = mapped_column()
    cast_at: Mapped[datetime] = mapped_column(default=utcnow)
    changes: Mapped[int] = mapped_column(Integer, default=0)


class Conflict(Base):
    __tablename__ = "conflicts"
    __table_args__ = (UniqueConstraint("ballot_id", "institution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    reason: Mapped[str] = mapped_column(String(20))
    declared_by_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    declared_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProcedureConsent(Base):
    """Consent to a written procedure (Umlaufverfahren), one answer per institution."""

    __tablename__ = "procedure_consents"
    __table_args__ = (UniqueConstraint("ballot_id", "institution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    consents: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    SKIPPED = "skipped"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Outbox(Base):
    """A message that must go out exactly once: reminders, notices, deadline actions.

    `dedup_key` makes planning idempotent; `claimed_until` is a lease so that a crash between
    claim and send leads to a retry, and two processes never send the same row.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"))
    dedup_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    ballot_id: Mapped[int | None] = mapped_column(ForeignKey("ballots.id"), index=True)
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claimed_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_committee_at", "committee_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    action: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str | None] = mapped_column(String(200))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class AppointmentRequest(Base):
    """An applicant's request for an appointment with the Regionale Koordination."""

    __tablename__ = "appointment_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), index=True)
    #: "T-<year>-<id>", set once the id is known.
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    name: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(Text)
    contact: Mapped[str] = mapped_column(String(300))
    preferred_days: Mapped[str] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(8), default="de")
    #: new → answered/proposed → confirmed/declined → done (`rakbot.domain.appointment_desk`)
    status: Mapped[str] = mapped_column(String(20), default="new")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: the date the office proposed last; "confirmed"/"declined" answer this one
    proposed_start: Mapped[datetime | None]
    #: counts the proposals, so that the buttons of an older one are refused
    proposal_number: Mapped[int] = mapped_column(Integer, default=0)
    #: counts the office's replies (each goes out as an outbox row of its own)
    replies: Mapped[int] = mapped_column(Integer, default=0)
    done_at: Mapped[datetime | None] = mapped_column(index=True)
    #: set when the retention period after `done_at` ended and the personal fields were blanked
    anonymised_at: Mapped[datetime | None]


class Dialog(Base):
    """The state of a multi-step conversation, written at every step so a restart loses nothing."""

    __tablename__ = "dialogs"
    __table_args__ = (UniqueConstraint("chat_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(40))
    step: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class InboundUpdate(Base):
    """An update from Telegram, stored before Telegram is told it arrived (the next polling
    offset, or the webhook's 200), so that a crash between fetching and handling loses nothing.

    `claimed_by`/`claimed_until` name the process handling it; `done_at` is set in the first
    transaction that changes anything for the update (so a replay never applies it twice), or
    after handling when nothing was changed. The payload is emptied once done.
    """

    __tablename__ = "inbound_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    received_at: Mapped[datetime]
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claimed_until: Mapped[datetime | None]
    done_at: Mapped[datetime | None] = mapped_column(index=True)
