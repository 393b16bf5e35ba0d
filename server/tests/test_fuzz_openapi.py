"""Property-based fuzzing of the whole HTTP API from its OpenAPI schema (schemathesis).

Every operation gets generated requests, valid and invalid, as a logged-in user against a real
API process. A response must never be a 5xx, must use a declared status, content type and body
schema, and an undeclared method must get 405. Not checked: that every schema-valid request is
accepted, because some rules (distinct poll options ignoring case, assignees who are members, ids
that exist) cannot be written in JSON Schema; those are covered by the domains' bad-input tests.
Streams (SSE, WebSocket) are excluded: they never end by design; their inputs are covered by
the live and rooms tests (the seed WebSocket's by test_fuzz_seed_websocket.py).

The valid requests are then made hostile: some of their strings, keys and numbers are replaced or
extended from all of Unicode (lone surrogates and control characters included), placeholder-like
text (`__ID__`, `%s`, `{0}`, `$1`, `%1`) and numbers no double holds (tests/support/hostile_text.py);
query and path values get the same minus surrogates (a URL cannot carry them). Ids in paths and
bodies are often those of a real workspace, task, custom field, poll, post and room of the fuzzing
user, so writes land on real data. After every write, whatever it answered, the lists that would
show the data (feed, workspaces, fields, tasks, room) must still answer 2xx: a write that
"succeeds" but breaks a later read fails here.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import negative_data_rejection, positive_data_acceptance
from schemathesis.schemas import BaseSchema
from schemathesis.specs.openapi.checks import status_code_conformance

from huddle.main import app
from tests.support.feed import create_poll
from tests.support.hostile_text import spoiled, url_text
from tests.support.processes import ApiProcess
from tests.support.rooms import create_room
from tests.support.tasks import create_task, create_workspace
from tests.support.users import PASSWORD, signed_up_client, unique_username


def _schema(mode: schemathesis.GenerationMode) -> BaseSchema:
    loaded = (
        schemathesis.openapi.from_dict(app.openapi())
        .exclude(path_regex=r"^/api/events$|/stream/|/events$")
        .exclude(path="/api/auth/logout")  # it would end the fuzzing user's session mid-run
    )
    loaded.config.generation.update(modes=[mode])
    return loaded


invalid_requests = _schema(schemathesis.GenerationMode.NEGATIVE)
valid_requests = _schema(schemathesis.GenerationMode.POSITIVE)


# These end sessions (this one, or all of the user's): they get a fresh user of their own, so that
# the fuzzing user's session, which the read-backs use, outlives them (and a wrong current password,
# which counts as a failed login, never locks anyone the test needs out).
SESSION_ENDING = {"/api/auth/logout", "/api/auth/logout-everywhere", "/api/auth/password"}


@dataclass(frozen=True)
class FuzzWorld:
    base_url: str
    cookie: str
    ids: dict[str, str]  # path parameter name -> a real id of the fuzzing user's data

    def cookie_for(self, case: Any) -> str:
        if case.path not in SESSION_ENDING:
            return self.cookie
        signup = httpx.post(
            f"{self.base_url}/api/auth/signup",
            json={"username": unique_username("bystander"), "password": PASSWORD},
            timeout=20,
        )
        assert signup.status_code == 201, signup.text
        return f"huddle_session={signup.cookies['huddle_session']}"

    def read_backs(self) -> list[str]:
        ws, room = self.ids["workspace_id"], self.ids["room_id"]
        return [
            "/api/feed?limit=50",
            "/api/workspaces",
            f"/api/workspaces/{ws}/fields",
            f"/api/tasks?workspaceId={ws}&perPage=200",
            f"/api/rooms/{room}",
            f"/api/rooms/{room}/document",
        ]


@pytest.fixture(scope="module")
async def fuzz_world(api: ApiProcess) -> FuzzWorld:
    client: httpx.AsyncClient = await signed_up_client(api.url, "fuzzer")
    workspace = await create_workspace(client)
    field = await client.post(f"/api/workspaces/{workspace['id']}/fields", json={"name": "Notes", "type": "text"})
    poll = await create_poll(client)
    post = await client.post("/api/posts", json={"text": "fuzz me"})
    ids = {
        "workspace_id": workspace["id"],
        "task_id": (await create_task(client, workspace["id"]))["id"],
        "field_id": field.json()["id"],
        "poll_id": poll["id"],
        "post_id": post.json()["id"],
        "room_id": await create_room(api.url),
    }
    cookie = f"huddle_session={client.cookies['huddle_session']}"
    await client.aclose()
    return FuzzWorld(api.url, cookie, ids)


@pytest.fixture(scope="module")
def reader(fuzz_world: FuzzWorld) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fuzz_world.base_url, headers={"Cookie": fuzz_world.cookie}, timeout=20) as client:
        yield client


@invalid_requests.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_invalid_requests_are_refused_cleanly(case: Any, fuzz_world: FuzzWorld) -> None:
    response = case.call(base_url=fuzz_world.base_url, headers={"Cookie": fuzz_world.cookie_for(case)})
    # The 1 MB body limit (security_headers.py) answers 413 on every route (a refusal, though not
    # one of the statuses schemathesis expects); it is not repeated in each operation's documentation.
    over_limit = [status_code_conformance, negative_data_rejection] if response.status_code == 413 else []
    case.validate_response(response, excluded_checks=[positive_data_acceptance, *over_limit])


def _with_real_ids(data: Any, world: FuzzWorld, body: Any) -> Any:
    """Point a body at the fuzzing user's real data, sometimes."""
    if not isinstance(body, dict) or not data.draw(st.booleans(), label="real ids in body"):
        return body
    body = dict(body)
    if "workspaceId" in body:
        body["workspaceId"] = world.ids["workspace_id"]
    if "poll_id" in body:
        body["poll_id"] = world.ids["poll_id"]
    for values in ("data", "patch"):
        if isinstance(body.get(values), dict):
            body[values] = {**body[values], world.ids["field_id"]: "notes", "title": "a title"}
    return body


# `given` cannot be combined with the documented examples (schemathesis' explicit phase), which
# test_invalid_requests_are_refused_cleanly runs.
@valid_requests.parametrize()
@valid_requests.given(data=st.data())
@settings(
    max_examples=25,
    phases=[Phase.generate],
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_hostile_text_never_breaks_a_write_or_a_later_read(
    case: Any, data: Any, fuzz_world: FuzzWorld, reader: httpx.Client
) -> None:
    for name in case.path_parameters or {}:
        if name in fuzz_world.ids and data.draw(st.booleans(), label=f"real {name}"):
            case.path_parameters[name] = fuzz_world.ids[name]
    generated = (dict(case.path_parameters or {}), dict(case.query or {}), case.body)
    if case.path_parameters:
        case.path_parameters = data.draw(spoiled(case.path_parameters, url_text, keys=False), label="path")
    if case.query:
        case.query = data.draw(spoiled(case.query, url_text, keys=False), label="query")
    body = case.body
    if isinstance(body, dict | list | str | int | float) and "json" in (case.media_type or ""):
        body = data.draw(spoiled(_with_real_ids(data, fuzz_world, body)), label="body")
    # A spoiled request may have turned from valid to invalid: then only the checks that hold for
    # any request apply.
    spoilt = (dict(case.path_parameters or {}), dict(case.query or {}), body) != generated
    if body != case.body:
        # Serialized here: schemathesis would encode the text as UTF-8 on the way, which a lone
        # surrogate cannot be; JSON escapes it (ensure_ascii), as a hostile client would.
        case.body = json.dumps(body).encode()
    case.call_and_validate(
        base_url=fuzz_world.base_url,
        headers={"Cookie": fuzz_world.cookie_for(case)},
        excluded_checks=[positive_data_acceptance, *([negative_data_rejection] if spoilt else [])],
    )
    if case.method.upper() in ("GET", "HEAD"):
        return
    for url in fuzz_world.read_backs():
        response = reader.get(url)
        assert response.is_success, f"after {case.method} {case.formatted_path}: GET {url} -> {response.status_code}"
