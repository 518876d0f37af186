"""ballots.agenda_item: the agenda item a ballot was explicitly linked to

Revision ID: 0003_ballot_agenda_item
Revises: 0002_coordinator_from_settings
Create Date: 2026-12-04 17:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_ballot_agenda_item"
down_revision: str | None = "0002_coordinator_from_settings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Ballots linked to a meeting so far were linked by the day they were created, and to an
    # agenda item by matching their text: they keep their meeting and get no item.
    with op.batch_alter_table("ballots") as batch:
        batch.add_column(sa.Column("agenda_item", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ballots") as batch:
        batch.drop_column("agenda_item")
