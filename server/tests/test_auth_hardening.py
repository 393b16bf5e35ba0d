"""Issue 11 item 9 (auth's share): bounded Argon2 work, the guest name prefix reserved, operator
endpoints closed in production, HSTS over https."""

import asyncio
import threading
from collections.abc import Iterator

import httpx
import pytest

from huddle.auth import passwords
from huddle.config import get_settings
from tests.support.processes import ApiProcess, start_api
from tests.support.users import PASSWORD, unique_username

OPERATOR_PATHS = ["/metrics", "/docs", "/redoc", "/openapi.json"]
OPERATOR_TOKEN = "operator-token-for-the-tests"


class _CountingHasher:
    """The real hasher, counting how many hashes run at once."""

    def __init__(self, real: object) -> None:
        self.real = real
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()

    def _counted(self, name: str, *args: str) -> object:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            return getattr(self.real, name)(*args)
        finally:
            with self.lock:
                self.running -= 1

    def hash(self, password: str) -> object:
        return self._counted("hash", password)

    def verify(self, password: str, password_hash: str) -> object:
        return self._counted("verify", password, password_hash)


async def test_password_hashing_runs_at_most_the_configured_number_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    counting = _CountingHasher(passwords._hasher)
    monkeypatch.setattr(passwords, "_hasher", counting)
    stored = await passwords.hash_password(PASSWORD)
    results = await asyncio.gather(
        *[passwords.verify_password(PASSWORD, stored) for _ in range(6)],
        *[passwords.verify_password(PASSWORD, None) for _ in range(6)],  # unknown users hash too
    )
    assert results == [True] * 6 + [False] * 6
    assert counting.most == get_settings().password_hash_concurrency == 2


async def test_beyond_the_hashing_queue_logins_get_503_not_an_unbounded_wait(redis_url: str) -> None:
    api = start_api(redis_url, HUDDLE_PASSWORD_HASH_CONCURRENCY="1", HUDDLE_PASSWORD_HASH_QUEUE="2")
    try:
        async with httpx.AsyncClient(base_url=api.url, timeout=60) as client:
            responses = await asyncio.gather(
                *[
                    client.post("/api/auth/login", json={"username": unique_username(), "password": PASSWORD})
                    for _ in range(12)
                ]
            )
    finally:
        api.stop()
    statuses = sorted(response.status_code for response in responses)
    assert 401 in statuses and 503 in statuses and set(statuses) == {401, 503}, statuses
    busy = next(response for response in responses if response.status_code == 503)
    assert busy.headers["retry-after"] == "1"


@pytest.mark.parametrize("username", ["guest_1a2b3c4d", "guest_", "guestbook", "GUEST_ABCD"])
async def test_names_that_could_be_a_room_guest_are_reserved(api: ApiProcess, username: str) -> None:
    async with httpx.AsyncClient(base_url=api.url) as client:
        response = await client.post("/api/auth/signup", json={"username": username, "password": PASSWORD})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "username", "message": "may not start with 'guest' (reserved for room guests)"}
    ]


@pytest.fixture(scope="module")
def production_api(redis_url: str) -> Iterator[ApiProcess]:
    process = start_api(redis_url, HUDDLE_ENV="production")
    yield process
    process.stop()


@pytest.fixture(scope="module")
def token_api(redis_url: str) -> Iterator[ApiProcess]:
    process = start_api(
        redis_url, HUDDLE_ENV="production", HUDDLE_OPERATOR_ENDPOINTS="token", HUDDLE_OPERATOR_TOKEN=OPERATOR_TOKEN
    )
    yield process
    process.stop()


@pytest.mark.parametrize("path", OPERATOR_PATHS)
def test_operator_endpoints_are_off_in_production_by_default(production_api: ApiProcess, path: str) -> None:
    response = httpx.get(production_api.url + path)
    assert response.status_code == 404
    assert httpx.get(production_api.url + "/health").status_code == 200


@pytest.mark.parametrize("path", OPERATOR_PATHS)
def test_operator_endpoints_can_require_a_bearer_token(token_api: ApiProcess, path: str) -> None:
    assert httpx.get(token_api.url + path).status_code == 401
    wrong = httpx.get(token_api.url + path, headers={"Authorization": "Bearer not-the-token-at-all"})
    assert wrong.status_code == 401
    right = httpx.get(token_api.url + path, headers={"Authorization": f"Bearer {OPERATOR_TOKEN}"})
    assert right.status_code == 200


def test_operator_endpoints_are_public_in_development_and_tests(api: ApiProcess) -> None:
    for path in OPERATOR_PATHS:
        assert httpx.get(api.url + path).status_code == 200, path


def test_responses_over_https_carry_hsts_and_plain_http_ones_do_not(api: ApiProcess) -> None:
    over_https = httpx.get(api.url + "/health", headers={"X-Forwarded-Proto": "https"})
    assert over_https.headers["strict-transport-security"] == "max-age=31536000"
    assert "strict-transport-security" not in httpx.get(api.url + "/health").headers
