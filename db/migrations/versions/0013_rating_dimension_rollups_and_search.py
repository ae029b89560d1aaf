"""rating dimension rollups and comment search

The satisfaction page read every rating of the period for the SIPAS dimensions and searched
only the newest twenty comments; periods' scores and events now come from indexes alone. Each point's day now counts the dimensions' scores with its
scores (one upsert per rating, as before), comments carry their folded text for searching, and
a time index finds the newest ones. Existing ratings are counted and folded here.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 01:40:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

DIMENSIONS = ("access", "procedure", "staff", "result", "feedback")
COLUMNS = [f"{d}_{n}" for d in DIMENSIONS for n in range(1, 6)]
EVENT_COLUMNS = ['day', 'unit_id', 'tasks_created', 'done_on_time', 'done_late', 'done_after_extension',
                 'cancelled', 'progress_points', 'updates', 'first_update_at', 'last_update_at']


def upgrade() -> None:
    with op.batch_alter_table('point_day_ratings', schema=None) as batch_op:
        for column in COLUMNS:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=False, server_default='0'))
        batch_op.drop_index('ix_point_day_ratings_day')
        batch_op.create_index('ix_point_day_ratings_day_scores',
                              ['day', 'unit_id', 'score_1', 'score_2', 'score_3', 'score_4', 'score_5'], unique=False)
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.String(length=1000), nullable=True))
        batch_op.create_index('ix_ratings_created_at', ['created_at'], unique=False)
    with op.batch_alter_table('unit_day_events', schema=None) as batch_op:
        batch_op.drop_index('ix_unit_day_events_day')
        batch_op.create_index('ix_unit_day_events_day_covering', EVENT_COLUMNS, unique=False)
    _count_and_fold_existing_ratings()


def _count_and_fold_existing_ratings() -> None:
    from db.models import Rating
    from db.rollups import count_ratings_per_day
    from db.search import fold

    session = Session(bind=op.get_bind())
    count_ratings_per_day(session)
    last = 0
    while True:
        rows = session.execute(sa.select(Rating.id, Rating.comment).where(
            Rating.comment.is_not(None), Rating.id > last).order_by(Rating.id).limit(5000)).all()
        if not rows:
            break
        session.execute(sa.update(Rating), [{"id": i, "search_text": fold(text) or None} for i, text in rows])
        last = rows[-1][0]
    session.flush()


def downgrade() -> None:
    with op.batch_alter_table('unit_day_events', schema=None) as batch_op:
        batch_op.drop_index('ix_unit_day_events_day_covering')
        batch_op.create_index('ix_unit_day_events_day', ['day'], unique=False)
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.drop_index('ix_ratings_created_at')
        batch_op.drop_column('search_text')
    with op.batch_alter_table('point_day_ratings', schema=None) as batch_op:
        batch_op.drop_index('ix_point_day_ratings_day_scores')
        batch_op.create_index('ix_point_day_ratings_day', ['day'], unique=False)
        for column in reversed(COLUMNS):
            batch_op.drop_column(column)
