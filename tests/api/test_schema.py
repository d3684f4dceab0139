"""The API answers as its OpenAPI schema says, for whatever schemathesis sends.

Schemathesis generates requests from /api/v1/openapi.json (valid and invalid
parameters alike) and calls the WSGI application in-process; every default check
runs: no 5xx, documented status codes, content types, headers and response bodies
matching their schemas (problem details included).
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from newsroom.middleware import strip_controls
from newsroom.publishing import Status
from pages.models import Page
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db


def load_schema():
    """The schema the API serves (the same object /api/v1/openapi.json renders), bound
    to the WSGI application, which every generated case calls in-process."""
    from api.views import api

    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema())
    loaded.app = get_wsgi_application()
    return loaded


schema = load_schema()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: the WSGI handler would otherwise close the test's
    database connection after each request (PostgreSQL would lose its transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def newsroom(settings, _keep_the_test_connection):
    settings.API_RATE_LIMIT = "100000/60"  # the checks, not the limit (tests/api/test_access.py)
    settings.PAGE_CACHE_ENABLED = False  # every case reaches the API
    section = make_section(slug="news")
    make_article(slug="harbour", section=section, tags=[make_tag(slug="port")],
                 authors=[make_author(slug="ana")])
    Page.objects.create(title="About", slug="about", body="<p>Us.</p>", status=Status.PUBLISHED)


def test_the_served_schema_is_the_one_tested(client):
    from api.views import api

    assert client.get("/api/v1/openapi.json").json() == api.get_openapi_schema()


@schema.parametrize()
@hypothesis_settings(max_examples=40, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow])
def test_the_api_conforms_to_its_schema(case):
    # A cursor is opaque: any string fits its schema, but only the API's own are accepted
    # (a 400 problem for the rest). Every other check runs on those cases too.
    excluded = [positive_data_acceptance] if (case.query or {}).get("cursor") else []
    # Plain bodies: the checks read the body as sent, and this in-process client does not
    # decompress what the site compresses for clients that accept it.
    response = case.call(headers={"Accept-Encoding": "identity"})
    if response.status_code == 414:
        # Refused (documented) by the site's address-length limit before the API sees it.
        excluded.append(negative_data_rejection)
    if has_control_characters(case.query):
        # The site strips control characters from every query parameter before any view
        # (newsroom/middleware.py): an over-long value may fit once they are gone, and
        # the API rightly accepts what it is given.
        excluded.append(negative_data_rejection)
    case.validate_response(response, excluded_checks=excluded)


def has_control_characters(query):
    values = []
    for value in (query or {}).values():
        values.extend(value if isinstance(value, list) else [value])
    return any(strip_controls(str(v)) != str(v) for v in values)
