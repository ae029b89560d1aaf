"""ratings held for review

Many ratings from one address at one point within an hour are stored but held: they count only
once a leader releases them. The address is kept as a keyed hash, like the device.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 00:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('held', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_index('ix_ratings_address_point_at', ['address_hash', 'point_id', 'created_at'],
                              unique=False)
        batch_op.create_index('ix_ratings_held_point_day', ['held', 'point_id', 'day'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.drop_index('ix_ratings_held_point_day')
        batch_op.drop_index('ix_ratings_address_point_at')
        batch_op.drop_column('held')
        batch_op.drop_column('address_hash')
