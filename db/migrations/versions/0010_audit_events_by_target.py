"""audit events by target

Failed sign-ins are counted per account (from any address) to slow guessing with growing
delays; this index finds an account's recent ones in one range scan.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 23:05:00
"""
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_target_at', ['target', 'at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_target_at')
