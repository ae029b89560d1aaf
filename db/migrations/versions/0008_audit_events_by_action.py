"""audit events by action

Moderation and unit changes alter the figures of closed periods; the cache keys of those
figures carry the id of the latest such event, found through this index in one seek.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 23:00:00
"""
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_action_id', ['action', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_action_id')
