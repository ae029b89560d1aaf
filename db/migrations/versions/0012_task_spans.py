"""task spans and to-date on-time figures

Each task's state from one change to the next, kept with every write: figures as of a closed
day or period are read from it, so a page never replays history nor writes. Closing a day now
also keeps the on-time figures of its day, week and month to date (every standard window is
one of these), replacing those computed per period on a page's first look. Existing histories
are spanned here and the closed days get their to-date figures.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 01:10:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('task_spans',
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('from_day', sa.Date(), nullable=False),
    sa.Column('to_day', sa.Date(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('on_time', sa.Boolean(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_spans_task_id_tasks')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_task_spans_unit_id_units')),
    sa.PrimaryKeyConstraint('task_id', 'from_day', name=op.f('pk_task_spans'))
    )
    with op.batch_alter_table('task_spans', schema=None) as batch_op:
        batch_op.create_index('ix_task_spans_due_covering',
                              ['due_date', 'from_day', 'to_day', 'status', 'unit_id', 'on_time'], unique=False)
        batch_op.create_index('ix_task_spans_status_to_day', ['status', 'to_day'], unique=False)
        batch_op.create_index('ix_task_spans_unit_to_day', ['unit_id', 'to_day'], unique=False)
    op.create_table('unit_on_time_to_date',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=5), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('due', sa.Integer(), nullable=False),
    sa.Column('on_time', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_unit_on_time_to_date_unit_id_units')),
    sa.PrimaryKeyConstraint('day', 'kind', 'unit_id', name=op.f('pk_unit_on_time_to_date'))
    )
    _span_existing_histories()
    op.drop_table('unit_period_on_time')
    op.drop_table('on_time_periods')


def _span_existing_histories() -> None:
    from dataclasses import replace

    from dashboard.domain.model import DueChange, UnitChange
    from db.history import load_histories
    from db.models import Task
    from db.rollups import _insert_rows, on_time_to_date_rows, span_rows
    from db.rollups_models import SnapshotDay, TaskSpan, UnitOnTimeToDate

    session = Session(bind=op.get_bind())
    tasks = {task_id: (unit_id, due) for task_id, unit_id, due in session.execute(
        sa.select(Task.id, Task.lead_unit_id, Task.due_date).order_by(Task.id))}
    task_ids = list(tasks)
    for start in range(0, len(task_ids), 5000):
        rows = []
        for history in load_histories(session, task_ids[start:start + 5000]).values():
            if not history.due_changes or not history.unit_changes:  # rows written by hand, no assignment
                unit_id, due = tasks[history.task_id]
                history = replace(history, due_changes=(DueChange(history.created_on, due),),
                                  unit_changes=(UnitChange(history.created_on, unit_id),))
            rows += span_rows(history)
        _insert_rows(session, TaskSpan, rows)
    closed = session.scalars(sa.select(SnapshotDay.day)).all()
    _insert_rows(session, UnitOnTimeToDate, [row for day in closed for row in on_time_to_date_rows(session, day)])
    session.flush()


def downgrade() -> None:
    op.drop_table('unit_on_time_to_date')
    op.create_table('on_time_periods',
    sa.Column('start_day', sa.Date(), nullable=False),
    sa.Column('end_day', sa.Date(), nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('start_day', 'end_day', name=op.f('pk_on_time_periods'))
    )
    op.create_table('unit_period_on_time',
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('start_day', sa.Date(), nullable=False),
    sa.Column('end_day', sa.Date(), nullable=False),
    sa.Column('due', sa.Integer(), nullable=False),
    sa.Column('on_time', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_unit_period_on_time_unit_id_units')),
    sa.PrimaryKeyConstraint('unit_id', 'start_day', 'end_day', name=op.f('pk_unit_period_on_time'))
    )
    with op.batch_alter_table('task_spans', schema=None) as batch_op:
        batch_op.drop_index('ix_task_spans_unit_to_day')
        batch_op.drop_index('ix_task_spans_status_to_day')
        batch_op.drop_index('ix_task_spans_due_covering')
    op.drop_table('task_spans')
