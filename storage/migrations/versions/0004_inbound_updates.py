"""inbound updates: fetched updates are stored before their receipt is confirmed

Revision ID: 0004_inbound_updates
Revises: 0003_ballot_agenda_item
Create Date: 2026-12-04 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0004_inbound_updates"
down_revision: str | None = "0003_ballot_agenda_item"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbound_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", storage.models.UTCDateTime(), nullable=False),
        sa.Column("claimed_by", sa.String(length=80), nullable=True),
        sa.Column("claimed_until", storage.models.UTCDateTime(), nullable=True),
        sa.Column("done_at", storage.models.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_inbound_updates")),
    )
    op.create_index(
        op.f("ix_inbound_updates_done_at"), "inbound_updates", ["done_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_inbound_updates_done_at"), table_name="inbound_updates")
    op.drop_table("inbound_updates")
