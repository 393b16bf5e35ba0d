import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.support.processes import ApiProcess
from tests.support.users import PASSWORD, unique_username


@pytest.fixture
async def client(api: ApiProcess) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=api.url, timeout=10) as client:
        yield client


async def test_signup_sets_a_safe_session_cookie_and_returns_the_redacted_user(client: httpx.AsyncClient) -> None:
    username = unique_username("ada")
    response = await client.post(
        "/api/auth/signup", json={"username": username, "password": PASSWORD, "display_name": "  Ada   Lovelace "}
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "username", "display_name", "color", "created_at"}
    assert body["username"] == username and body["display_name"] == "Ada Lovelace"
    cookie = response.headers["set-cookie"]
    assert "huddle_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http on loopback

    me = await client.get("/api/auth/me")
    assert me.status_code == 200 and me.json() == body


async def test_behind_an_https_proxy_setting_and_clearing_the_cookie_are_secure(api: ApiProcess) -> None:
    async with httpx.AsyncClient(base_url=api.url, headers={"X-Forwarded-Proto": "https"}) as proxied:
        signup = await proxied.post("/api/auth/signup", json={"username": unique_username(), "password": PASSWORD})
        assert "Secure" in signup.headers["set-cookie"]
        token = signup.cookies["huddle_session"]
        logout = await proxied.post("/api/auth/logout", headers={"Cookie": f"huddle_session={token}"})
        cleared = logout.headers["set-cookie"]
        assert "huddle_session=" in cleared and "Max-Age=0" in cleared and "Secure" in cleared


async def test_usernames_are_normalised_to_lower_case(client: httpx.AsyncClient) -> None:
    username = unique_username("Grace").upper()
    response = await client.post("/api/auth/signup", json={"username": username, "password": PASSWORD})
    assert response.status_code == 201 and response.json()["username"] == username.lower()


async def test_login_and_logout(client: httpx.AsyncClient, api: ApiProcess) -> None:
    username = unique_username()
    await client.post("/api/auth/signup", json={"username": username, "password": PASSWORD})
    logout = await client.post("/api/auth/logout")
    assert logout.status_code == 204
    assert (await client.get("/api/auth/me")).status_code == 401

    login = await client.post("/api/auth/login", json={"username": username, "password": PASSWORD})
    assert login.status_code == 200 and login.json()["username"] == username
    assert (await client.get("/api/auth/me")).json()["username"] == username


async def test_a_taken_username_is_409(client: httpx.AsyncClient) -> None:
    username = unique_username()
    assert (await client.post("/api/auth/signup", json={"username": username, "password": PASSWORD})).status_code == 201
    again = await client.post("/api/auth/signup", json={"username": username, "password": "another password"})
    assert again.status_code == 409
    assert again.json()["errors"] == [{"field": "username", "message": f"the username '{username}' is taken"}]


async def test_concurrent_signups_for_one_name_have_one_winner(api: ApiProcess) -> None:
    username = unique_username()
    async with httpx.AsyncClient(base_url=api.url, timeout=30) as client:
        responses = await asyncio.gather(
            *[client.post("/api/auth/signup", json={"username": username, "password": PASSWORD}) for _ in range(8)]
        )
    assert sorted(r.status_code for r in responses) == [201] + [409] * 7


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"username": "ab", "password": PASSWORD}, "username", "must be 3-32 characters of a-z, 0-9 and _"),
        ({"username": "a" * 33, "password": PASSWORD}, "username", "must be 3-32 characters of a-z, 0-9 and _"),
        ({"username": "bad name!", "password": PASSWORD}, "username", "must be 3-32 characters of a-z, 0-9 and _"),
        ({"username": "shorty_pw", "password": "1234567"}, "password", "must be at least 8 characters"),
        ({"password": PASSWORD}, "username", "Field required"),
        ({"username": "no_password"}, "password", "Field required"),
    ],
)
async def test_bad_signup_input_is_422_naming_the_field(
    client: httpx.AsyncClient, payload: dict[str, str], field: str, message: str
) -> None:
    response = await client.post("/api/auth/signup", json=payload)
    assert response.status_code == 422
    assert {"field": field, "message": message} in response.json()["errors"]
    assert "set-cookie" not in response.headers


async def test_malformed_json_is_422(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/auth/signup", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body"


async def test_wrong_password_and_unknown_user_get_the_same_401(client: httpx.AsyncClient) -> None:
    username = unique_username()
    await client.post("/api/auth/signup", json={"username": username, "password": PASSWORD})
    client.cookies.clear()
    wrong = await client.post("/api/auth/login", json={"username": username, "password": "not the password"})
    unknown = await client.post("/api/auth/login", json={"username": unique_username(), "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": "wrong username or password", "errors": []}
    assert "set-cookie" not in wrong.headers


async def test_missing_and_tampered_cookies_are_401(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/auth/me")).status_code == 401
    await client.post("/api/auth/signup", json={"username": unique_username(), "password": PASSWORD})
    token = client.cookies["huddle_session"]
    header, payload, signature = token.split(".")
    forged_payload = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1]
    for tampered in (f"{header}.{forged_payload}.{signature}", token[:-3] + "abc", "garbage"):
        client.cookies.set("huddle_session", tampered)
        assert (await client.get("/api/auth/me")).status_code == 401


async def test_state_changing_requests_from_another_origin_are_403(client: httpx.AsyncClient, api: ApiProcess) -> None:
    payload = {"username": unique_username(), "password": PASSWORD}
    evil = await client.post("/api/auth/signup", json=payload, headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403
    cross_site = await client.post("/api/auth/signup", json=payload, headers={"Sec-Fetch-Site": "cross-site"})
    assert cross_site.status_code == 403
    own = await client.post("/api/auth/signup", json=payload, headers={"Origin": api.url})
    assert own.status_code == 201


async def test_repeated_failed_logins_are_slowed_across_processes(api: ApiProcess, api2: ApiProcess) -> None:
    username = unique_username()
    async with httpx.AsyncClient(base_url=api.url) as one, httpx.AsyncClient(base_url=api2.url) as two:
        await one.post("/api/auth/signup", json={"username": username, "password": PASSWORD})
        for attempt in range(5):
            client = one if attempt % 2 else two
            response = await client.post("/api/auth/login", json={"username": username, "password": "wrong password"})
            assert response.status_code == 401
        locked = await two.post("/api/auth/login", json={"username": username, "password": PASSWORD})
        assert locked.status_code == 429
        assert 0 < int(locked.headers["retry-after"]) <= 15 * 60
        assert "too many failed logins" in locked.json()["detail"]
