"""Thin callbacks: read inputs, check permission, call db + dashboard logic, return components.

Each module registers its callbacks on the app it is given (not Dash's global list), so
every app the factory builds, in tests or in workers, gets its own complete set.
"""
from dash import Dash

from . import units


def register(app: Dash) -> None:
    units.register(app)
