"""Text that is not valid Unicode (a lone surrogate, as a JSON escape or as raw bytes) or holds NUL
is refused with a 422 naming the field, on every route and on the seed WebSocket, and leaves
nothing behind: the lists that would show it still answer 200 afterwards."""

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect

from tests.support.processes import ApiProcess
from tests.support.rooms import create_room, ws_url
from tests.support.tasks import create_task, create_workspace
from tests.support.users import signed_up_client

LONE_SURROGATE = '"lone \\ud83d"'  # a JSON text: the escape of half a surrogate pair
LOW_SURROGATE_FIRST = '"\\ude00\\ud83d"'  # both halves, in the wrong order
NUL = '"a\\u0000b"'
BAD_TEXTS = [LONE_SURROGATE, LOW_SURROGATE_FIRST, NUL]


async def _post_raw(client: httpx.AsyncClient, method: str, url: str, body: str | bytes) -> httpx.Response:
    return await client.request(method, url, content=body, headers={"content-type": "application/json"})


@pytest.fixture
async def client(api: ApiProcess) -> AsyncIterator[httpx.AsyncClient]:
    signed_up = await signed_up_client(api.url)
    yield signed_up
    await signed_up.aclose()


def _assert_refused(response: httpx.Response, field: str) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["errors"][0]["field"] == field, body


@pytest.mark.parametrize("bad", BAD_TEXTS)
async def test_feed_texts_are_refused_and_the_feed_stays_readable(client: httpx.AsyncClient, bad: str) -> None:
    _assert_refused(await _post_raw(client, "POST", "/api/posts", f'{{"text":{bad}}}'), "text")
    question = f'{{"question":{bad},"options":["a","b"]}}'
    _assert_refused(await _post_raw(client, "POST", "/api/polls", question), "question")
    option = f'{{"question":"q?","options":["a",{bad}]}}'
    _assert_refused(await _post_raw(client, "POST", "/api/polls", option), "options[1]")
    feed = await client.get("/api/feed", params={"limit": 50})
    assert feed.status_code == 200, feed.text


async def test_a_surrogate_as_raw_bytes_is_refused_too(client: httpx.AsyncClient) -> None:
    # UTF-8 does not encode surrogates; Python's JSON parser would let these bytes through as one.
    raw = b'{"text":"lone \xed\xa0\xbd"}'
    response = await _post_raw(client, "POST", "/api/posts", raw)
    assert response.status_code == 422, response.text
    assert (await client.get("/api/feed")).status_code == 200


async def test_a_valid_pair_and_other_control_characters_are_kept(client: httpx.AsyncClient) -> None:
    text = "pair \U0001f600 tab\t bell\x07 esc\x1b line\nend"
    created = await _post_raw(client, "POST", "/api/posts", json.dumps({"text": text}))
    assert created.status_code == 201, created.text
    assert created.json()["text"] == text
    feed = (await client.get("/api/feed")).json()
    assert any(item.get("text") == text for item in feed["items"])
    deleted = await client.delete(f"/api/posts/{created.json()['id']}")
    assert deleted.status_code == 204


@pytest.mark.parametrize("bad", BAD_TEXTS)
async def test_task_texts_are_refused_and_the_workspace_stays_usable(client: httpx.AsyncClient, bad: str) -> None:
    _assert_refused(await _post_raw(client, "POST", "/api/workspaces", f'{{"name":{bad},"key":"ENG"}}'), "name")
    assert (await client.get("/api/workspaces")).status_code == 200

    workspace = await create_workspace(client)
    ws = workspace["id"]
    field = await _post_raw(client, "POST", f"/api/workspaces/{ws}/fields", f'{{"name":{bad},"type":"text"}}')
    _assert_refused(field, "name")
    notes = await client.post(f"/api/workspaces/{ws}/fields", json={"name": "Notes", "type": "text"})
    assert notes.status_code == 201
    notes_id = notes.json()["id"]

    task_body = f'{{"workspaceId":"{ws}","data":{{"title":{bad}}}}}'
    _assert_refused(await _post_raw(client, "POST", "/api/tasks", task_body), "data.title")
    value_body = f'{{"workspaceId":"{ws}","data":{{"title":"ok","{notes_id}":{bad}}}}}'
    _assert_refused(await _post_raw(client, "POST", "/api/tasks", value_body), f"data.{notes_id}")

    task = await create_task(client, ws)
    patch = f'{{"patch":{{"{notes_id}":{bad}}}}}'
    _assert_refused(await _post_raw(client, "PATCH", f"/api/tasks/{task['id']}", patch), f"patch.{notes_id}")
    # A key is text as well; the error cannot quote it, so it names the object holding it.
    key_patch = f'{{"patch":{{{bad}:"x"}}}}'
    _assert_refused(await _post_raw(client, "PATCH", f"/api/tasks/{task['id']}", key_patch), "patch")

    for url in (f"/api/workspaces/{ws}/fields", f"/api/tasks?workspaceId={ws}", f"/api/tasks/{task['id']}"):
        response = await client.get(url)
        assert response.status_code == 200, (url, response.text)


async def _messages_until_error(socket: Any) -> dict[str, Any]:
    while True:
        message: dict[str, Any] = json.loads(await asyncio.wait_for(socket.recv(), timeout=5))
        if message["type"] == "error":
            return message


@pytest.mark.parametrize("bad", BAD_TEXTS)
async def test_the_seed_websocket_refuses_bad_text_and_stays_open(api: ApiProcess, bad: str) -> None:
    room_id = await create_room(api.url)
    async with connect(ws_url(api.url, room_id)) as socket:
        init = json.loads(await socket.recv())
        assert init["type"] == "init"
        await socket.send(f'{{"type":"code_update","code":{bad}}}')
        error = await _messages_until_error(socket)
        assert "code" in error["message"] and "text" in error["message"]
        await socket.send(f'{{"type":{bad}}}')
        assert "type" in (await _messages_until_error(socket))["message"]
        # Still open, and the document is unharmed.
        await socket.send(json.dumps({"type": "code_update", "code": "print(1)\n"}))
    async with connect(ws_url(api.url, room_id)) as again:
        init = json.loads(await again.recv())
        assert init["code"] == "print(1)\n"
    async with httpx.AsyncClient(base_url=api.url) as client:
        assert (await client.get(f"/api/rooms/{room_id}/document")).status_code == 200
