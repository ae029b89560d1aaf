"""point period ratings by unit

A unit's twelve weeks of satisfaction (its own page) read every point's weeks and kept the
unit's: the unit's index now leads to its periods (unit, kind, start), a dozen rows instead of
thousands. It replaces the index of the unit alone, which it covers.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 12:00:00
"""
from alembic import op

revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('point_period_ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_point_period_ratings_unit_id'))
        batch_op.create_index('ix_point_period_ratings_unit_period', ['unit_id', 'kind', 'start'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('point_period_ratings', schema=None) as batch_op:
        batch_op.drop_index('ix_point_period_ratings_unit_period')
        batch_op.create_index(batch_op.f('ix_point_period_ratings_unit_id'), ['unit_id'], unique=False)
