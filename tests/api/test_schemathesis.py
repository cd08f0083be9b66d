"""Schemathesis against the API's own OpenAPI document, in-process over WSGI (no network, no server).

Every operation gets a bounded number of generated requests (valid and invalid ones); every answer must be
below 500 and match the documented status codes, content types and schemas. The archive holds the sample
article so reads return real rows, and POST carries a staff token so generated bodies reach the ingest
service.
"""

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings

from archive.api import api

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls"), pytest.mark.slow]

MAX_EXAMPLES = 50


# The document is taken from the app object itself (what /api/openapi.json serves); requests go through the
# whole Django stack in-process. (schemathesis.pytest.from_fixture needs a pytest private that 9.x dropped.)
DOCUMENT = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/")))  # as served: string keys
schema = schemathesis.openapi.from_dict(DOCUMENT)
schema.app = WSGIHandler()


@pytest.fixture(autouse=True)
def archive_with_the_sample(seed_article):
    return seed_article


@pytest.fixture(autouse=True)
def keep_the_test_transaction():
    """As Django's test client does: a finished request must not close the connection holding the test's
    transaction (a raw WSGIHandler would, through close_old_connections)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_served_document_is_the_one_tested(client):
    assert client.get("/api/openapi.json").json() == DOCUMENT


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_5xx_and_every_answer_matches_the_schema(case, staff_headers):
    with override_settings(HAWAL_API_SEARCH_RATE="off"):
        case.call_and_validate(headers=staff_headers)
