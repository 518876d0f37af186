"""documents on proposals and agenda items; the approval of a meeting's minutes

Revision ID: 0008_records
Revises: 0007_agenda_links
Create Date: 2026-12-04 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_records"
down_revision: str | None = "0007_agenda_links"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("agenda_item", sa.Integer(), nullable=True),
        sa.Column("file_id", sa.String(length=255), nullable=False),
        sa.Column("file_unique_id", sa.String(length=100), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("mime_type", sa.String(length=100), nullable=True),
        sa.Column("file_size", sa.BigInteger(), nullable=False),
        sa.Column("added_by_member_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"], ["committees.id"], name=op.f("fk_documents_committee_id_committees")
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposals.id"], name=op.f("fk_documents_proposal_id_proposals")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_documents_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["added_by_member_id"],
            ["members.id"],
            name=op.f("fk_documents_added_by_member_id_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    op.create_index("ix_documents_proposal", "documents", ["proposal_id"])
    op.create_index("ix_documents_meeting", "documents", ["meeting_id", "agenda_item"])
    op.create_table(
        "minutes_approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("approving_meeting_id", sa.Integer(), nullable=False),
        sa.Column("approved_on", sa.DateTime(), nullable=False),
        sa.Column("recorded_by_member_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committees.id"],
            name=op.f("fk_minutes_approvals_committee_id_committees"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_minutes_approvals_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["approving_meeting_id"],
            ["meetings.id"],
            name=op.f("fk_minutes_approvals_approving_meeting_id_meetings"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_member_id"],
            ["members.id"],
            name=op.f("fk_minutes_approvals_recorded_by_member_id_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_approvals")),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_minutes_approvals_meeting_id")),
    )


def downgrade() -> None:
    op.drop_table("minutes_approvals")
    op.drop_index("ix_documents_meeting", table_name="documents")
    op.drop_index("ix_documents_proposal", table_name="documents")
    op.drop_table("documents")
