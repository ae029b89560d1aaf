"""Callbacks with more than three outputs are declared by name (Dash's dict form), so their
answers and the tests' requests follow one declaration (callbacks/contract.py)."""
from __future__ import annotations


def test_every_wide_callback_answers_by_name(app):
    wide = {}
    for dash_app in (app.extensions["dash"], app.extensions["display_dash"]):
        for output, spec in dash_app.callback_map.items():
            if "callback" in spec and isinstance(spec.get("output"), list) and len(spec["output"]) > 3:
                wide[output] = spec.get("outputs_indices")
    assert len(wide) >= 10  # overview, unit, task, quick update, register (2), admin (2), satisfaction, screen
    positional = [output for output, names in wide.items() if not isinstance(names, dict)]
    assert positional == []
