"""ratings per point and week, and per point and month

The satisfaction page's month, its twelve weeks of trend and the overview's ratings summed the
daily rows of every point (a province's month: 18,000 rows; its trend: 44,000), 20 ms of a
30 ms budget. Each point's week and month are now kept beside its days, by the same writes,
so a period reads one row per point. Existing days are summed into them here.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 12:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

COUNTED = [f"score_{n}" for n in range(1, 6)] + [
    f"{d}_{n}" for d in ("access", "procedure", "staff", "result", "feedback") for n in range(1, 6)]
STARTS = {  # the Monday of a day's ISO week, and the first day of its month
    "sqlite": {"week": "date(day, '-' || ((CAST(strftime('%w', day) AS INTEGER) + 6) % 7) || ' days')",
               "month": "date(day, 'start of month')"},
    "postgresql": {"week": "CAST(date_trunc('week', CAST(day AS TIMESTAMP)) AS DATE)",  # not the session's zone
                   "month": "CAST(date_trunc('month', CAST(day AS TIMESTAMP)) AS DATE)"},
}


def upgrade() -> None:
    op.create_table(
        'point_period_ratings',
        sa.Column('kind', sa.String(length=5), nullable=False),
        sa.Column('start', sa.Date(), nullable=False),
        sa.Column('point_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        *[sa.Column(column, sa.Integer(), nullable=False) for column in COUNTED],
        sa.ForeignKeyConstraint(['point_id'], ['feedback_points.id'],
                                name=op.f('fk_point_period_ratings_point_id_feedback_points')),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_point_period_ratings_unit_id_units')),
        sa.PrimaryKeyConstraint('kind', 'start', 'point_id', name=op.f('pk_point_period_ratings')))
    with op.batch_alter_table('point_period_ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_point_period_ratings_unit_id'), ['unit_id'], unique=False)
    bind = op.get_bind()
    columns = ", ".join(COUNTED)
    sums = ", ".join(f"SUM({column})" for column in COUNTED)
    for kind, start in STARTS[bind.dialect.name].items():
        bind.exec_driver_sql(
            f"INSERT INTO point_period_ratings (kind, start, point_id, unit_id, {columns}) "
            f"SELECT '{kind}', {start}, point_id, MAX(unit_id), {sums} FROM point_day_ratings "
            f"GROUP BY point_id, {start}")


def downgrade() -> None:
    with op.batch_alter_table('point_period_ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_point_period_ratings_unit_id'))
    op.drop_table('point_period_ratings')
