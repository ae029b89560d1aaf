"""No text box cuts what is typed or pasted (issue #13, "No silent loss"): a maxLength would
cut a paste without a word, so every limited box shows a counter (assets/char_count.js) and the
server refuses a longer text with words."""
from __future__ import annotations

import pytest

from dashboard.domain.policy import Actor, rights_of
from dashboard.web.pages import PAGES


def _components(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if child is not None and hasattr(child, "to_plotly_json"):
            yield from _components(child)


@pytest.mark.parametrize("role", ["leader", "admin", "unit_head"])
def test_no_text_box_cuts_what_is_typed_or_pasted(app, role):
    """A maxLength would cut a paste without a word: every box counts instead (assets/char_count.js),
    and the server refuses a longer text with words (issue #13, "No silent loss")."""
    from dash import html
    boxes, counted = [], set()
    with app.test_request_context("/", headers={"Accept-Language": "vi"}):
        for _name, _path, layout, _title in PAGES:
            for component in _components(layout(rights=rights_of(Actor(1, role, 5 if role == "unit_head" else None)))):
                if getattr(component, "_type", "") in ("Input", "Textarea"):
                    boxes.append(component)
                if isinstance(component, html.Small) and "char-count" in (component.className or ""):
                    counted.add(getattr(component, "data-for"))
    assert boxes
    cut = [box.id for box in boxes if getattr(box, "maxLength", None) is not None]
    assert cut == [], f"these boxes cut long text: {cut}"
    assert {box.id for box in boxes if box._type == "Textarea"} <= counted  # every long text is counted
    if role == "leader":
        assert {"new-title", "new-source", "edit-title"} <= counted
    if role == "admin":
        assert {"new-user-full", "new-unit-name", "new-point-label", "change-unit-name"} <= counted


def test_a_refusal_for_a_long_text_says_the_limit_of_that_form(app):
    from layouts import forms
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        note = str(forms.problems({"note": "too_long"}).to_plotly_json())
        reason = str(forms.problems({"reason": "too_long"}, {"reason": 300}).to_plotly_json())
        name = str(forms.problems({"name": "too_long"}, {"name": 120}).to_plotly_json())
    assert "at most 1,000 characters" in note
    assert "at most 300 characters" in reason and "1,000" not in reason  # a hiding reason's own limit
    assert "at most 120 characters" in name
