"""appointment_requests: the office's work on a request (proposal, replies, done, retention)

Revision ID: 0009_appointment_desk
Revises: 0008_records
Create Date: 2026-12-04 21:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0009_appointment_desk"
down_revision: str | None = "0008_records"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("appointment_requests") as batch:
        batch.add_column(sa.Column("proposed_start", storage.models.UTCDateTime(), nullable=True))
        batch.add_column(
            sa.Column("proposal_number", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("replies", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("done_at", storage.models.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("anonymised_at", storage.models.UTCDateTime(), nullable=True))
        batch.create_index(batch.f("ix_appointment_requests_done_at"), ["done_at"], unique=False)
    # the server defaults only filled the rows already there; the model sets the values
    with op.batch_alter_table("appointment_requests") as batch:
        batch.alter_column("proposal_number", server_default=None)
        batch.alter_column("replies", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("appointment_requests") as batch:
        batch.drop_index(batch.f("ix_appointment_requests_done_at"))
        batch.drop_column("anonymised_at")
        batch.drop_column("done_at")
        batch.drop_column("replies")
        batch.drop_column("proposal_number")
        batch.drop_column("proposed_start")
