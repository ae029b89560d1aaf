"""silent flags, events to date and covering task indexes

The overview counted silent units with one correlated lookup per unit and day, summed a month
of daily events per unit for a closed month, and read open work and the tasks falling due
through indexes that left most columns in the table. Closed days now flag their silent units
and keep each unit's events of the week and month to date; open tasks have indexes of their
own, and tasks falling due are read from an index alone. Days already closed get their flags
and events here, and the tasks' statistics are refreshed so that the planner knows the new
indexes.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 04:20:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

COUNTERS = ['tasks_created', 'done_on_time', 'done_late', 'done_after_extension', 'cancelled',
            'progress_points', 'updates']
OPEN_ONLY = "status IN ('not_started', 'in_progress')"
STATE_COLUMNS = ['day', 'unit_id', 'open', 'not_started', 'overdue', 'due_soon', 'max_days_overdue', 'silent']
DUE_COLUMNS = ['due_date', 'lead_unit_id', 'status', 'created_on', 'done_on_time']


def upgrade() -> None:
    op.create_table(
        'unit_events_to_date',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=5), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in COUNTERS),
        sa.Column('first_update_at', sa.DateTime(), nullable=True),
        sa.Column('last_update_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_unit_events_to_date_unit_id_units')),
        sa.PrimaryKeyConstraint('day', 'kind', 'unit_id', name=op.f('pk_unit_events_to_date')),
    )
    with op.batch_alter_table('unit_day_states', schema=None) as batch_op:
        batch_op.add_column(sa.Column('silent', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.drop_index('ix_unit_day_states_day')
        batch_op.create_index('ix_unit_day_states_day_covering', STATE_COLUMNS, unique=False)
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_tasks_status_due')
        batch_op.create_index('ix_tasks_status_due', ['status', 'due_date', 'lead_unit_id'], unique=False)
        batch_op.drop_index('ix_tasks_unit_status_due')
        batch_op.drop_index('ix_tasks_open_work')
        batch_op.drop_index('ix_tasks_due_date')
        batch_op.create_index('ix_tasks_open_by_unit', ['lead_unit_id', 'due_date', 'status'], unique=False,
                              sqlite_where=sa.text(OPEN_ONLY), postgresql_where=sa.text(OPEN_ONLY))
        batch_op.create_index('ix_tasks_open_by_due', ['due_date', 'lead_unit_id', 'status'], unique=False,
                              sqlite_where=sa.text(OPEN_ONLY), postgresql_where=sa.text(OPEN_ONLY))
        batch_op.create_index('ix_tasks_unit_due_covering', ['lead_unit_id', 'due_date', 'status', 'created_on', 'done_on_time'],
                              unique=False)
        batch_op.create_index('ix_tasks_due_covering', DUE_COLUMNS, unique=False)
    _keep_closed_days()
    # Statistics for the new indexes, or SQLite's planner may keep reading through the table.
    op.execute("ANALYZE tasks")


def _keep_closed_days() -> None:
    from db.rollups import _insert_rows, events_to_date_rows, mark_silent
    from db.rollups_models import SnapshotDay, UnitEventsToDate

    session = Session(bind=op.get_bind())
    days = session.scalars(sa.select(SnapshotDay.day).order_by(SnapshotDay.day)).all()
    mark_silent(session, days)
    for day in days:
        _insert_rows(session, UnitEventsToDate, events_to_date_rows(session, day))
    session.flush()


def downgrade() -> None:
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_tasks_status_due')
        batch_op.create_index('ix_tasks_status_due', ['status', 'due_date'], unique=False)
        batch_op.drop_index('ix_tasks_due_covering')
        batch_op.drop_index('ix_tasks_unit_due_covering')
        batch_op.drop_index('ix_tasks_open_by_due')
        batch_op.drop_index('ix_tasks_open_by_unit')
        batch_op.create_index('ix_tasks_due_date', ['due_date'], unique=False)
        batch_op.create_index('ix_tasks_open_work', ['status', 'lead_unit_id', 'due_date'], unique=False)
        batch_op.create_index('ix_tasks_unit_status_due', ['lead_unit_id', 'status', 'due_date'], unique=False)
    with op.batch_alter_table('unit_day_states', schema=None) as batch_op:
        batch_op.drop_index('ix_unit_day_states_day_covering')
        batch_op.create_index('ix_unit_day_states_day', ['day'], unique=False)
        batch_op.drop_column('silent')
    op.drop_table('unit_events_to_date')
