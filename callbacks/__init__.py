"""Thin callbacks: read inputs, check permission, call db + dashboard logic, return components."""


def register() -> None:
    """Import every callback module so its ``@callback`` decorators run once."""
    from . import units  # noqa: F401
