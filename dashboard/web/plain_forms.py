"""What the plain (server-rendered) forms share: a form that only carries its CSRF token (the
domain checks the fields), and a refusal's problems as sentences in the reader's language."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_wtf import FlaskForm

from layouts.forms import field_name, field_problem


class CsrfOnlyForm(FlaskForm):
    """Only the CSRF token: the fields are read and checked by the domain's own checks."""


def problem_lines(errors: dict[str, str]) -> list[str]:
    """"Deadline cannot be before the meeting's day." — one line per field refused."""
    return [f"{field_name(field)} {field_problem(field, code)}" for field, code in errors.items()]


def expired() -> list[str]:
    return [_("The form expired or was incomplete. Please try again.")]
