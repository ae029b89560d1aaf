"""briefings and digests

The weekly briefing: its schedule, its meetings and the conclusions recorded at them; the daily
digest of each person (their address, their choice, and each day's digest kept once).

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 02:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('briefing_schedule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.SmallInteger(), nullable=False),
    sa.Column('at', sa.String(length=5), nullable=False),
    sa.Column('attending', sa.String(length=10), nullable=False),
    sa.Column('pack_hours', sa.SmallInteger(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("attending IN ('all', 'office', 'commune')", name=op.f('ck_briefing_schedule_attending')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_briefing_schedule_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_briefing_schedule'))
    )
    op.create_table('briefings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('held_at', sa.DateTime(), nullable=False),
    sa.Column('attending', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('pack_hours', sa.SmallInteger(), nullable=False),
    sa.Column('recurring', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("attending IN ('all', 'office', 'commune')", name=op.f('ck_briefings_attending')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_briefings_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_briefings')),
    sa.UniqueConstraint('held_at', name=op.f('uq_briefings_held_at'))
    )
    op.create_table('briefing_conclusions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('briefing_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('task_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('form_mark', sa.String(length=40), nullable=True),
    sa.CheckConstraint("kind IN ('directive', 'urge', 'direction', 'commendation', 'reprimand')", name=op.f('ck_briefing_conclusions_kind')),
    sa.ForeignKeyConstraint(['briefing_id'], ['briefings.id'], name=op.f('fk_briefing_conclusions_briefing_id_briefings')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_briefing_conclusions_created_by_id_users')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_briefing_conclusions_task_id_tasks')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_briefing_conclusions_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_briefing_conclusions')),
    sa.UniqueConstraint('form_mark', name=op.f('uq_briefing_conclusions_form_mark'))
    )
    op.create_index('ix_briefing_conclusions_briefing', 'briefing_conclusions', ['briefing_id', 'unit_id'], unique=False)
    op.create_index('ix_briefing_conclusions_unit', 'briefing_conclusions', ['unit_id', 'created_at'], unique=False)
    with op.batch_alter_table('displays') as batch_op:
        batch_op.add_column(sa.Column('briefing_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('briefing_unit_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_displays_briefing_id_briefings'), 'briefings', ['briefing_id'], ['id'])
        batch_op.create_foreign_key(op.f('fk_displays_briefing_unit_id_units'), 'units', ['briefing_unit_id'], ['id'])
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('digest_off', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table('digests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('mail_state', sa.String(length=10), nullable=False),
    sa.Column('mail_to', sa.String(length=254), nullable=True),
    sa.Column('mail_attempts', sa.SmallInteger(), nullable=False),
    sa.Column('mail_next_at', sa.DateTime(), nullable=True),
    sa.Column('mail_claim', sa.String(length=32), nullable=True),
    sa.Column('mail_error', sa.String(length=300), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("mail_state IN ('none', 'pending', 'sending', 'sent', 'failed')", name=op.f('ck_digests_mail_state')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_digests_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digests'))
    )
    op.create_index('uq_digests_user_day', 'digests', ['user_id', 'day'], unique=True)
    op.create_index('ix_digests_mail', 'digests', ['mail_state', 'mail_next_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_digests_mail', table_name='digests')
    op.drop_index('uq_digests_user_day', table_name='digests')
    op.drop_table('digests')
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('digest_off')
        batch_op.drop_column('email')
    with op.batch_alter_table('displays') as batch_op:
        batch_op.drop_column('briefing_unit_id')
        batch_op.drop_column('briefing_id')
    op.drop_index('ix_briefing_conclusions_unit', table_name='briefing_conclusions')
    op.drop_index('ix_briefing_conclusions_briefing', table_name='briefing_conclusions')
    op.drop_table('briefing_conclusions')
    op.drop_table('briefings')
    op.drop_table('briefing_schedule')
