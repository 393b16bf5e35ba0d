"""Property-based fuzzing of the whole HTTP API from its OpenAPI schema (schemathesis).

Every operation gets generated requests, valid and invalid, as a logged-in user against a real
API process. A response must never be a 5xx, must use a declared status, content type and body
schema, and an undeclared method must get 405. Not checked: that every schema-valid request is
accepted, because some rules (distinct poll options ignoring case, assignees who are members, ids
that exist) cannot be written in JSON Schema; those are covered by the domains' bad-input tests.
Streams (SSE, WebSocket) are excluded: they never end by design; their inputs are covered by
the live and rooms tests.
"""

from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from huddle.main import app
from tests.support.processes import ApiProcess
from tests.support.users import signed_up_client

schema = (
    schemathesis.openapi.from_dict(app.openapi())
    .exclude(path_regex=r"^/api/events$|/stream/|/events$")
    .exclude(path="/api/auth/logout")  # it would end the fuzzing user's session mid-run
)


@pytest.fixture(scope="module")
async def session_cookie(api: ApiProcess) -> str:
    client: httpx.AsyncClient = await signed_up_client(api.url, "fuzzer")
    return f"huddle_session={client.cookies['huddle_session']}"


@pytest.fixture(scope="module")
def base_url(api: ApiProcess) -> str:
    return api.url


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_errors_and_responses_match_the_schema(case: Any, base_url: str, session_cookie: str) -> None:
    case.call_and_validate(
        base_url=base_url, headers={"Cookie": session_cookie}, excluded_checks=[positive_data_acceptance]
    )
