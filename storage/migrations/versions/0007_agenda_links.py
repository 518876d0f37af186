"""meetings.agenda_proposals: the proposals each agenda item concerns

Revision ID: 0007_agenda_links
Revises: 0006_reminder_choices
Create Date: 2026-12-04 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_agenda_links"
down_revision: str | None = "0006_reminder_choices"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meetings") as batch:
        batch.add_column(sa.Column("agenda_proposals", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meetings") as batch:
        batch.drop_column("agenda_proposals")
