"""Pure domain logic: the definitions of docs/DESIGN.md "The numbers".

Nothing here imports Dash, Flask or SQLAlchemy. Every function takes plain data
(dates, dataclasses, numbers) and a fixed ``day`` so it can be tested alone.
"""
