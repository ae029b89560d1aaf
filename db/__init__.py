"""Storage: SQLAlchemy models, engine and sessions, queries, migrations, demo data.

Nothing in this package imports Dash.
"""
