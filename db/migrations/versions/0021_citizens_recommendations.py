"""citizens' recommendations

A citizen's recommendation (kiến nghị) sent through a point's QR code, with its tracking code,
its working-day deadline, the unit's answer and when it was published.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 17:05:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('recommendations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('point_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('due_day', sa.Date(), nullable=False),
    sa.Column('text', sa.String(length=2000), nullable=False),
    sa.Column('contact', sa.String(length=120), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('answer', sa.String(length=2000), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('published_day', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('held', sa.Boolean(), nullable=False),
    sa.Column('device_hash', sa.String(length=64), nullable=True),
    sa.Column('address_hash', sa.String(length=64), nullable=True),
    sa.CheckConstraint("state IN ('received', 'awaiting_approval', 'answered')", name=op.f('ck_recommendations_state_known')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_recommendations_answered_by_id_users')),
    sa.ForeignKeyConstraint(['point_id'], ['feedback_points.id'], name=op.f('fk_recommendations_point_id_feedback_points')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_recommendations_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendations')),
    sa.UniqueConstraint('code', name=op.f('uq_recommendations_code'))
    )
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.create_index('ix_recommendations_address_at', ['address_hash', 'created_at'], unique=False)
        batch_op.create_index('ix_recommendations_device_at', ['device_hash', 'created_at'], unique=False)
        batch_op.create_index('ix_recommendations_state_due', ['state', 'due_day'], unique=False)
        batch_op.create_index('ix_recommendations_unit_state_due', ['unit_id', 'state', 'due_day'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.drop_index('ix_recommendations_unit_state_due')
        batch_op.drop_index('ix_recommendations_state_due')
        batch_op.drop_index('ix_recommendations_device_at')
        batch_op.drop_index('ix_recommendations_address_at')

    op.drop_table('recommendations')
