"""members.calendar_token_hash: a personal calendar subscription per member

Revision ID: 0005_member_calendar
Revises: 0004_inbound_updates
Create Date: 2026-12-04 20:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_member_calendar"
down_revision: str | None = "0004_inbound_updates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("calendar_token_hash", sa.String(length=64), nullable=True))
        batch.create_unique_constraint(
            op.f("uq_members_calendar_token_hash"), ["calendar_token_hash"]
        )


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_constraint(op.f("uq_members_calendar_token_hash"), type_="unique")
        batch.drop_column("calendar_token_hash")
