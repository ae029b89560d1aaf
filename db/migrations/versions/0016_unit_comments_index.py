"""unit comments index

A unit's page shows its ten newest citizen comments; PostgreSQL read every rating of the unit
to find them (77 ms for a province's busiest commune). A partial index of the commented
ratings by unit and time finds them at once.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 05:45:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

COMMENTED = sa.text("comment IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.create_index('ix_ratings_unit_commented', ['unit_id', 'created_at'], unique=False,
                              sqlite_where=COMMENTED, postgresql_where=COMMENTED)


def downgrade() -> None:
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.drop_index('ix_ratings_unit_commented')
