"""members.reminder_choices: the reminders each member turned off for themselves

Revision ID: 0006_reminder_choices
Revises: 0005_member_calendar
Create Date: 2026-12-04 21:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_reminder_choices"
down_revision: str | None = "0005_member_calendar"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("reminder_choices", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("reminder_choices")
