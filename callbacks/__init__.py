"""Thin callbacks: read inputs, check permission, call db + dashboard logic, return components.

Each module registers its callbacks on the app it is given (not Dash's global list), so
every app the factory builds, in tests or in workers, gets its own complete set.
"""
from dash import Dash

from . import (
    admin,
    my_tasks,
    overview,
    recommendations,
    satisfaction,
    shell,
    task_actions,
    task_import,
    task_page,
    unit_page,
    units,
)
from . import register as register_page


def register(app: Dash) -> None:
    shell.register(app)
    overview.register(app)
    units.register(app)
    unit_page.register(app)
    task_page.register(app)
    task_actions.register(app)
    my_tasks.register(app)
    register_page.register(app)
    task_import.register(app)
    admin.register(app)
    satisfaction.register(app)
    recommendations.register(app)
