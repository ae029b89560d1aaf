"""rating follow-ups

A dissatisfied citizen's rating turned into a task for the unit, linked both ways. A table of
its own: the ratings table (millions of rows) is not rebuilt.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 17:05:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rating_follow_ups',
    sa.Column('rating_id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['rating_id'], ['ratings.id'], name=op.f('fk_rating_follow_ups_rating_id_ratings')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_rating_follow_ups_task_id_tasks')),
    sa.PrimaryKeyConstraint('rating_id', name=op.f('pk_rating_follow_ups')),
    sa.UniqueConstraint('task_id', name=op.f('uq_rating_follow_ups_task_id'))
    )
    with op.batch_alter_table('rating_follow_ups', schema=None) as batch_op:
        batch_op.create_index('ix_rating_follow_ups_at', ['at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('rating_follow_ups', schema=None) as batch_op:
        batch_op.drop_index('ix_rating_follow_ups_at')

    op.drop_table('rating_follow_ups')
