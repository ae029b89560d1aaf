"""extensions by request time

The overview lists the extension requests that awaited a decision at the end of the day shown,
oldest first, a few of them. Without an index by request time PostgreSQL joined every task to
the requests to sort them (39 ms on a province); with it, it reads the oldest requests in order
and stops after the few it shows (4 ms). The index holds the state and the decision's moment
too: the requests decided by then are passed over in the index alone (SQLite read each one's
row, and took twice as long as its scan of the whole table).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 12:45:00
"""
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('extensions', schema=None) as batch_op:
        batch_op.create_index('ix_extensions_requested_at', ['requested_at', 'state', 'decided_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('extensions', schema=None) as batch_op:
        batch_op.drop_index('ix_extensions_requested_at')
