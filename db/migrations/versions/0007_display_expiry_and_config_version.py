"""display expiry and config version

A display may be valid until a day, and every change of its settings bumps ``config_version``
so that open screens reload with the new settings.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 14:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('displays', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('config_version', sa.Integer(), nullable=False,
                                      server_default='1'))


def downgrade() -> None:
    with op.batch_alter_table('displays', schema=None) as batch_op:
        batch_op.drop_column('config_version')
        batch_op.drop_column('expires_on')
