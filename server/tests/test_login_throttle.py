"""Issue 11 items 5 and 9: password guessing is throttled by address, by (address, username) and,
gently, by username, so nobody can lock an owner out; signups are throttled per address; only a
trusted proxy may say which address a request came from.

The API processes run on loopback, which is a trusted proxy by default, so X-Forwarded-For plays
the visitors' addresses (random ones: the counters live in the session's shared Valkey).
"""

import asyncio
import random
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from tests.support.processes import ApiProcess, start_api
from tests.support.users import PASSWORD, unique_username

LIMITS = {
    "HUDDLE_LOGIN_MAX_FAILURES": "5",
    "HUDDLE_LOGIN_MAX_FAILURES_PER_ADDRESS": "20",
    "HUDDLE_LOGIN_USERNAME_BACKOFF_AFTER": "10",
    "HUDDLE_LOGIN_USERNAME_BACKOFF_MAX_SECONDS": "30",
    "HUDDLE_SIGNUPS_PER_ADDRESS_PER_HOUR": "5",
}


@pytest.fixture(scope="module")
def limited_api(redis_url: str) -> Iterator[ApiProcess]:
    process = start_api(redis_url, **LIMITS)
    yield process
    process.stop()


@pytest.fixture
async def client(limited_api: ApiProcess) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=limited_api.url, timeout=30) as client:
        yield client


def an_address() -> str:
    return f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"


async def _signup(client: httpx.AsyncClient, address: str | None = None) -> str:
    username = unique_username()
    response = await client.post(
        "/api/auth/signup",
        json={"username": username, "password": PASSWORD},
        headers={"X-Forwarded-For": address or an_address()},
    )
    assert response.status_code == 201, response.text
    client.cookies.clear()
    return username


async def _login(client: httpx.AsyncClient, address: str, username: str, password: str) -> httpx.Response:
    response = await client.post(
        "/api/auth/login", json={"username": username, "password": password}, headers={"X-Forwarded-For": address}
    )
    client.cookies.clear()
    return response


async def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out_from_another(
    client: httpx.AsyncClient,
) -> None:
    username = await _signup(client)
    attacker = an_address()
    for _ in range(5):
        assert (await _login(client, attacker, username, "wrong password")).status_code == 401
    refused = await _login(client, attacker, username, PASSWORD)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["retry-after"]) <= 15 * 60
    assert (await _login(client, an_address(), username, PASSWORD)).status_code == 200


async def test_one_address_guessing_many_usernames_is_throttled(client: httpx.AsyncClient) -> None:
    sprayer = an_address()
    statuses = [(await _login(client, sprayer, unique_username(), PASSWORD)).status_code for _ in range(21)]
    assert statuses == [401] * 20 + [429]
    # Even a right password from that address waits out the window; others are unaffected.
    owner = await _signup(client)
    assert (await _login(client, sprayer, owner, PASSWORD)).status_code == 429
    assert (await _login(client, an_address(), owner, PASSWORD)).status_code == 200


async def test_many_addresses_guessing_one_username_only_slow_it_down(client: httpx.AsyncClient) -> None:
    username = await _signup(client)
    for _ in range(11):  # the 11th goes ahead on the username's first backoff slot
        assert (await _login(client, an_address(), username, "wrong password")).status_code == 401
    # Two at once: at most one takes the next slot, the other waits (one after the other would depend
    # on the machine: on a busy one the previous attempt's Argon2 hash outlasts its 1 s slot).
    racing = await asyncio.gather(*(_login(client, an_address(), username, "wrong password") for _ in range(2)))
    statuses = sorted(response.status_code for response in racing)
    assert statuses in ([401, 429], [429, 429]), statuses
    spaced = next(response for response in racing if response.status_code == 429)
    wait = int(spaced.headers["retry-after"])
    assert 1 <= wait <= 30
    await asyncio.sleep(wait + 0.2)
    assert (await _login(client, an_address(), username, PASSWORD)).status_code == 200


async def test_signups_are_throttled_per_address(client: httpx.AsyncClient) -> None:
    address = an_address()
    for _ in range(5):
        await _signup(client, address)
    refused = await client.post(
        "/api/auth/signup",
        json={"username": unique_username(), "password": PASSWORD},
        headers={"X-Forwarded-For": address},
    )
    assert refused.status_code == 429, refused.text
    assert int(refused.headers["retry-after"]) <= 3600
    await _signup(client, an_address())


async def test_a_visitor_cannot_pick_an_address_with_x_forwarded_for(redis_url: str) -> None:
    # Loopback (where the test runs) is not a trusted proxy here: the header must be ignored.
    api = start_api(redis_url, **LIMITS, HUDDLE_TRUSTED_PROXIES="10.255.255.1")
    try:
        async with httpx.AsyncClient(base_url=api.url, timeout=30) as client:
            statuses = [
                (await _login(client, an_address(), unique_username(), PASSWORD)).status_code for _ in range(21)
            ]
    finally:
        api.stop()
    assert 429 in statuses
