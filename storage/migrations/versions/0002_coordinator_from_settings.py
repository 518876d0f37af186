"""members.coordinator_from_settings: coordination granted by COORDINATOR_IDS

Revision ID: 0002_coordinator_from_settings
Revises: 0001
Create Date: 2026-12-04 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_coordinator_from_settings"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(
            sa.Column(
                "coordinator_from_settings",
                sa.Boolean(),
                server_default=sa.text("false"),
                nullable=False,
            )
        )
    # Rights end with the membership: rows deactivated or erased before this revision may
    # still carry the flag, which a later invitation used to bring back.
    op.execute("UPDATE members SET is_coordinator = false WHERE NOT active")


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("coordinator_from_settings")
