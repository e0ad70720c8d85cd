"""The JSON API against its own OpenAPI schema (schemathesis): no generated input, valid or
not, makes a server error. Bounded: a fixed number of examples per operation."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from tests.progress.personas import build_world

# Per operation, for valid and invalid inputs, at random and at the world's own objects.
EXAMPLES = 15


@pytest.fixture
def api_schema(db: None) -> Iterator[Any]:
    """The schema as a logged-in inspector reads it (the schema may need a login)."""
    world = build_world()
    client = Client()
    client.force_login(world.inspector)
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = schemathesis.openapi.from_dict(response.json())
    schema.app = WSGIHandler()
    schema.location = "/api/openapi.json"
    session = client.cookies["sessionid"].value
    token = get_token(RequestFactory().get("/"))
    schema.test_headers = {"X-CSRFToken": token}  # type: ignore[attr-defined]
    schema.test_cookies = {"sessionid": session, "csrftoken": token}  # type: ignore[attr-defined]
    schema.world = world  # type: ignore[attr-defined]
    # As Django's test client does: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schema
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_input_makes_a_server_error(api_schema: Any) -> None:
    headers, cookies = api_schema.test_headers, api_schema.test_cookies
    checks = [not_a_server_error, content_type_conformance, response_schema_conformance]
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 12  # every route of the API is exercised
    statuses: Counter[int] = Counter()

    world = api_schema.world
    known = {"pk": world.item.pk, "unit_id": world.unit_a.pk, "code": world.round.code}
    for operation, mode, at_known in itertools.product(
        operations, list(GenerationMode), (False, True)
    ):
        names = {p.name for p in operation.path_parameters}
        if at_known and not names:
            continue
        fixed = {name: known[name] for name in names if name in known} if at_known else None

        @given(case=operation.as_strategy(mode, path_parameters=fixed))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case: Any) -> None:
            response = case.call_and_validate(headers=headers, cookies=cookies, checks=checks)
            statuses[response.status_code] += 1

        run()
    # The session and the CSRF token were accepted: inputs reached the services.
    assert statuses[200] > 0 and statuses[401] == 0, statuses
