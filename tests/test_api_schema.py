"""A schema-driven fuzz of the public API (schemathesis): generated from the OpenAPI document the API
publishes, valid and invalid requests alike, every answer must be no server error, a declared status
and content type, and a body matching the declared schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

EXAMPLES = 60  # per operation and generation mode (18 operations: about 2,000 requests)


@pytest.fixture
def wsgi_application(db):
    """The site's real WSGI application, keeping the test's database connection open between requests
    (as Django's test client does: closing it would end the test's transaction on PostgreSQL)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_the_api_answers_every_generated_request_as_its_schema_says(wsgi_application):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 2
    tried = 0
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,  # the same requests on every run: a failure can be re-run
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def answers_as_declared(case):
                nonlocal tried
                tried += 1
                case.call_and_validate()

            answers_as_declared()
    assert tried >= len(operations) * 2 * 20  # hypothesis may stop early when it runs out of new inputs
