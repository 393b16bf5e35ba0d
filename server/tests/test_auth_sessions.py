"""Issue 11 item 6: sessions end when their owner says so: logout, log out everywhere, password change."""

import asyncio
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.support.processes import ApiProcess, start_api
from tests.support.sse import EventStream
from tests.support.users import PASSWORD, signed_up_client, username_of, with_session_of

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture(scope="module")
def quick_check_api(redis_url: str) -> Iterator[ApiProcess]:
    """Caches session checks for 1 s and keeps at most 3 sessions per user."""
    process = start_api(redis_url, HUDDLE_SESSION_CHECK_CACHE_SECONDS="1", HUDDLE_MAX_SESSIONS_PER_USER="3")
    yield process
    process.stop()


async def _logged_in_again(base_url: str, username: str, password: str = PASSWORD) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base_url, timeout=10)
    response = await client.post("/api/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return client


async def test_a_copied_cookie_stops_working_after_logout(api: ApiProcess) -> None:
    owner = await signed_up_client(api.url)
    thief = with_session_of(owner, api.url)
    assert (await thief.get("/api/auth/me")).status_code == 200
    assert (await owner.post("/api/auth/logout")).status_code == 204
    assert (await thief.get("/api/auth/me")).status_code == 401


async def test_a_logout_on_one_process_holds_on_another_within_the_cache_bound(
    api: ApiProcess, api2: ApiProcess
) -> None:
    owner = await signed_up_client(api.url)
    copy_elsewhere = with_session_of(owner, api2.url)
    assert (await copy_elsewhere.get("/api/auth/me")).status_code == 200  # now cached as valid there
    await owner.post("/api/auth/logout")
    logged_out_at = time.monotonic()
    while (await copy_elsewhere.get("/api/auth/me")).status_code == 200:
        assert time.monotonic() - logged_out_at < 5 + 1, "HUDDLE_SESSION_CHECK_CACHE_SECONDS (5) exceeded"
        await asyncio.sleep(0.2)


async def test_log_out_everywhere_ends_every_session_of_the_user(api: ApiProcess, api2: ApiProcess) -> None:
    laptop = await signed_up_client(api.url)
    phone = await _logged_in_again(api2.url, username_of(laptop))
    someone_else = await signed_up_client(api.url)
    response = await laptop.post("/api/auth/logout-everywhere")
    assert response.status_code == 204
    assert "Max-Age=0" in response.headers["set-cookie"]
    assert (await with_session_of(laptop, api.url).get("/api/auth/me")).status_code == 401
    deadline = time.monotonic() + 6
    while (await phone.get("/api/auth/me")).status_code == 200:
        assert time.monotonic() < deadline
        await asyncio.sleep(0.2)
    assert (await someone_else.get("/api/auth/me")).status_code == 200
    # And the account still works: logging in again makes a new session.
    assert (await (await _logged_in_again(api.url, username_of(laptop))).get("/api/auth/me")).status_code == 200


async def test_log_out_everywhere_needs_a_session(api: ApiProcess) -> None:
    async with httpx.AsyncClient(base_url=api.url) as anonymous:
        assert (await anonymous.post("/api/auth/logout-everywhere")).status_code == 401


async def test_a_password_change_needs_the_current_password_and_ends_the_other_sessions(
    api: ApiProcess, api2: ApiProcess
) -> None:
    here = await signed_up_client(api.url)
    username = username_of(here)
    elsewhere = await _logged_in_again(api2.url, username)

    wrong = await here.post(
        "/api/auth/password", json={"current_password": "not it at all", "new_password": NEW_PASSWORD}
    )
    assert wrong.status_code == 403
    assert wrong.json()["errors"] == [{"field": "current_password", "message": "the current password is wrong"}]
    short = await here.post("/api/auth/password", json={"current_password": PASSWORD, "new_password": "short"})
    assert short.status_code == 422 and short.json()["errors"][0]["field"] == "new_password"

    changed = await here.post("/api/auth/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert changed.status_code == 204, changed.text
    assert (await here.get("/api/auth/me")).status_code == 200  # this session stays
    deadline = time.monotonic() + 6
    while (await elsewhere.get("/api/auth/me")).status_code == 200:
        assert time.monotonic() < deadline
        await asyncio.sleep(0.2)

    async with httpx.AsyncClient(base_url=api.url) as fresh:
        old = await fresh.post("/api/auth/login", json={"username": username, "password": PASSWORD})
        assert old.status_code == 401
    await _logged_in_again(api.url, username, NEW_PASSWORD)


async def test_a_password_change_needs_a_session(api: ApiProcess) -> None:
    async with httpx.AsyncClient(base_url=api.url) as anonymous:
        response = await anonymous.post(
            "/api/auth/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
        )
        assert response.status_code == 401


async def test_an_open_event_stream_ends_when_its_session_is_ended(quick_check_api: ApiProcess) -> None:
    owner = await signed_up_client(quick_check_api.url)
    other_tab = with_session_of(owner, quick_check_api.url)
    async with EventStream(owner, ["presence"]) as stream:
        await stream.wait_for(lambda e: e.event == "ready")
        await other_tab.post("/api/auth/logout-everywhere")
        ended_at = time.monotonic()
        assert stream._task is not None
        await asyncio.wait_for(asyncio.shield(stream._task), timeout=2 * 1 + 1.5)
        assert time.monotonic() - ended_at <= 3.5
        assert not stream.of_type("resync")  # ended quietly; the reconnect gets 401
    assert (await owner.get("/api/events", params={"topic": "presence"})).status_code == 401


async def test_a_user_has_a_bounded_number_of_sessions_the_oldest_ends_first(quick_check_api: ApiProcess) -> None:
    first = await signed_up_client(quick_check_api.url)
    later = [await _logged_in_again(quick_check_api.url, username_of(first)) for _ in range(3)]
    assert (await first.get("/api/auth/me")).status_code == 401
    assert [(await client.get("/api/auth/me")).status_code for client in later] == [200, 200, 200]
