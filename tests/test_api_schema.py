"""Schemathesis against the API's own OpenAPI description: every operation, with data that fits
the description and data that does not, called by a leader (every operation open to them) and
by a unit head. No answer may be a server error, and every answer must be one the description
lists, in the shape it gives (schemathesis' checks). Data the description allows may still be
refused by the domain's own rules (a day in the future, a due date before the start, a unit
code no unit has): "valid data accepted" is the one check left out. Driven through schemathesis' Python API
with Hypothesis (its pytest plugin does not run on pytest 9 yet)."""
from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from .test_api import token_for

# Per operation and mode: 640 requests per caller in make test; set more for a deeper look.
MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "20"))


@pytest.mark.parametrize("username", ["leader", "head.xa-thach-dai"])
def test_every_operation_answers_as_described(writable, username):
    app, database = writable
    # No compression: the test client hands schemathesis the bytes as sent, undecoded.
    headers = {"Authorization": f"Bearer {token_for(database, username)}", "Accept-Encoding": "identity"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14
    failures, calls = {}, 0
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
                      derandomize=not os.environ.get("API_FUZZ_EXAMPLES"),
                      suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(mode))
            def call(case):
                nonlocal calls
                calls += 1
                case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
            try:
                call()
            except (Exception, BaseExceptionGroup) as failure:  # every operation is tried, every failure told
                failures[f"{operation.label} ({mode.value})"] = str(failure)[:2000]
    print(f"schemathesis as {username}: {len(operations)} operations, {calls} calls, {len(failures)} failing")
    assert not failures, "\n\n".join(f"{label}: {text}" for label, text in failures.items())
