import uuid

import httpx

PASSWORD = "correct horse battery"


def unique_username(prefix: str = "user") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


async def signed_up_client(base_url: str, prefix: str = "user") -> httpx.AsyncClient:
    """An HTTP client holding the session cookie of a freshly signed-up user."""
    client = httpx.AsyncClient(base_url=base_url, timeout=10)
    username = unique_username(prefix)
    response = await client.post("/api/auth/signup", json={"username": username, "password": PASSWORD})
    assert response.status_code == 201, response.text
    client.headers["x-test-username"] = username
    return client


def username_of(client: httpx.AsyncClient) -> str:
    return client.headers["x-test-username"]


def with_session_of(client: httpx.AsyncClient, base_url: str) -> httpx.AsyncClient:
    """Another client (e.g. on another API process) with the same session cookie."""
    other = httpx.AsyncClient(base_url=base_url, timeout=10, cookies=client.cookies)
    other.headers["x-test-username"] = username_of(client)
    return other
