"""What a visitor may do to rooms (issue 11, items 3, 8 and 9): signed guest identities only,
per-address limits counted in Redis, a total budget for anonymous rooms, a memory cap that refuses
writes with 507 instead of evicting, and room ids that cannot be found by guessing.

The limit tests run on their own Valkey: the suite's shared one holds every other test's rooms
and per-address counts (all tests connect from 127.0.0.1)."""

import asyncio
import base64
import json
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pycrdt import Doc, Text
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from huddle.rooms.awareness import encode_state
from tests.support.metrics import metric
from tests.support.processes import ApiProcess, start_api
from tests.support.rooms import create_room, ws_url
from tests.support.users import signed_up_client
from tests.support.valkey import start_valkey


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[str]:
    valkey = start_valkey(tmp_path / "valkey")
    yield valkey.url
    valkey.stop()


async def _early_in_the_minute() -> None:
    """Per-minute counters: start a test well inside one window, so it cannot straddle two."""
    if time.time() % 60 > 45:
        await asyncio.sleep(61 - time.time() % 60)


def _refusal(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["detail"] and isinstance(body["errors"], list)
    return body


async def test_a_session_token_or_garbage_in_the_guest_cookie_is_ignored(api: ApiProcess) -> None:
    user = await signed_up_client(api.url, "cookieswap")
    room_id = await create_room(api.url)
    forged = "eyJhbGciOiJIUzI1NiJ9.eyJ0eXAiOiJndWVzdCIsInN1YiI6Imd1ZXN0XzAwMDAwMDAwIn0.AAAA"
    async with httpx.AsyncClient(base_url=api.url, timeout=10) as visitor:
        for cookie in (user.cookies["huddle_session"], "garbage", forged, "x" * 3000):
            headers = {"Cookie": f"huddle_guest={cookie}"}
            joined = await visitor.post(f"/api/rooms/{room_id}/join", headers=headers)
            assert joined.status_code == 200, joined.text
            assert joined.json()["me"]["guest"] and joined.json()["me"]["id"].startswith("guest_")
            assert "huddle_guest=" in joined.headers["set-cookie"]  # a fresh, signed one
            visitor.cookies.clear()
            changed = await visitor.patch(f"/api/rooms/{room_id}", json={"language": "json"}, headers=headers)
            _refusal(changed, 401)
    await user.aclose()


async def test_guest_writes_are_counted_per_address_whatever_the_cookie(own_redis: str) -> None:
    api = start_api(own_redis, HUDDLE_GUEST_WRITE_RATE_PER_ADDRESS_PER_MINUTE="5")
    try:
        room_id = await create_room(api.url)  # write 1
        await _early_in_the_minute()
        statuses = []
        async with httpx.AsyncClient(base_url=api.url, timeout=10) as visitor:
            for _ in range(8):
                fresh_identity = {"Cookie": f"huddle_guest={secrets.token_urlsafe(24)}"}
                response = await visitor.post(f"/api/rooms/{room_id}/join", headers=fresh_identity)
                statuses.append(response.status_code)
                visitor.cookies.clear()
        assert 429 in statuses, statuses
        assert statuses[statuses.index(429) :] == [429] * (len(statuses) - statuses.index(429))
        # A logged-in user has a limit of their own.
        user = await signed_up_client(api.url, "member")
        assert (await user.post(f"/api/rooms/{room_id}/join")).status_code == 200
        await user.aclose()
    finally:
        api.stop()


async def test_room_creation_is_limited_per_address(own_redis: str) -> None:
    api = start_api(own_redis, HUDDLE_ROOM_CREATIONS_PER_ADDRESS_PER_HOUR="3")
    try:
        async with httpx.AsyncClient(base_url=api.url, timeout=10) as visitor:
            created = [(await visitor.post(path, json={})).status_code for path in ("/rooms", "/api/rooms", "/rooms")]
            assert created == [201, 201, 201]
            for path in ("/rooms", "/api/rooms"):
                refused = await visitor.post(path, json={})
                assert "at most 3 an hour" in _refusal(refused, 429)["detail"]
                assert 0 < int(refused.headers["retry-after"]) <= 3600
    finally:
        api.stop()


async def test_rooms_of_visitors_who_are_not_logged_in_have_a_total_budget(own_redis: str) -> None:
    api = start_api(own_redis, HUDDLE_ANONYMOUS_ROOM_BUDGET="2")
    try:
        async with httpx.AsyncClient(base_url=api.url, timeout=10) as visitor:
            assert (await visitor.post("/rooms", json={})).status_code == 201
            assert (await visitor.post("/api/rooms", json={})).status_code == 201
            full = await visitor.post("/rooms", json={})
            assert "used up the space for rooms" in _refusal(full, 507)["detail"]
            page = (await visitor.get("/metrics")).text
            assert metric(page, "huddle_anonymous_rooms") == 2 and metric(page, "huddle_anonymous_room_budget") == 2
        member = await signed_up_client(api.url, "creator")
        assert (await member.post("/api/rooms", json={})).status_code == 201  # accountable: not from the budget
        await member.aclose()
    finally:
        api.stop()


def _big_update(size: int) -> str:
    doc: Doc[Any] = Doc()
    doc.get("code", type=Text).insert(0, secrets.token_hex(size // 2))
    return base64.b64encode(doc.get_update()).decode()


async def test_a_full_valkey_refuses_writes_with_507_and_evicts_nothing(tmp_path: Path) -> None:
    api = start_api(
        "", HUDDLE_REDIS_URL="", HUDDLE_DATA_DIR=str(tmp_path / "data"), HUDDLE_VALKEY_MAXMEMORY="6mb"
    )  # its own embedded Valkey
    try:
        page = (await httpx.AsyncClient(base_url=api.url).get("/metrics")).text
        assert metric(page, "huddle_redis_maxmemory_bytes") == 6 * 1024 * 1024
        assert metric(page, "huddle_redis_used_memory_bytes") > 0
        async with httpx.AsyncClient(base_url=api.url, timeout=20) as visitor:
            first_room = (await visitor.post("/api/rooms", json={})).json()["room_id"]
            assert (await visitor.post(f"/api/rooms/{first_room}/join")).status_code == 200
            statuses: list[int] = []
            room_id = first_room
            for _ in range(200):
                response = await visitor.post(
                    f"/api/rooms/{room_id}/updates",
                    json={"epoch": await _epoch(visitor, room_id), "update": _big_update(40_000)},
                )
                statuses.append(response.status_code)
                if response.status_code == 413:  # this room is full: take another
                    created = await visitor.post("/api/rooms", json={})
                    if created.status_code == 507:
                        assert "storage is full" in _refusal(created, 507)["detail"]
                        statuses.append(507)
                        break
                    room_id = created.json()["room_id"]
                if response.status_code == 507:
                    assert "storage is full" in _refusal(response, 507)["detail"]
                    break
            assert statuses[-1] == 507 and set(statuses) <= {204, 413, 507}, statuses
            # Nothing was evicted to make room: the first room is still whole.
            assert (await visitor.get(f"/api/rooms/{first_room}/document")).status_code == 200
    finally:
        api.stop()


async def _epoch(client: httpx.AsyncClient, room_id: str) -> str:
    response = await client.get(f"/api/rooms/{room_id}")
    epoch: str = response.json()["epoch"]
    return epoch


async def test_guessing_room_ids_is_throttled_per_address(own_redis: str) -> None:
    api = start_api(own_redis, HUDDLE_ROOM_LOOKUP_MISSES_PER_ADDRESS_PER_MINUTE="5")
    try:
        room_id = await create_room(api.url)
        await _early_in_the_minute()
        async with httpx.AsyncClient(base_url=api.url, timeout=10) as guesser:
            assert (await guesser.get(f"/rooms/{room_id}/exists")).json()["exists"] is True  # known: not counted
            for _ in range(5):
                guess = await guesser.get(f"/rooms/{secrets.token_hex(3)}/exists")
                assert guess.status_code == 200 and guess.json()["exists"] is False
            # From now on every lookup is refused, known rooms included (else the refusal would answer).
            for path in (f"/rooms/{secrets.token_hex(3)}/exists", f"/rooms/{room_id}/exists", f"/api/rooms/{room_id}"):
                assert "too many lookups" in _refusal(await guesser.get(path), 429)["detail"]
            _refusal(await guesser.post(f"/api/rooms/{room_id}/join"), 429)
            _refusal(await guesser.get("/api/events", params={"topic": f"room:{room_id}"}), 429)
        async with connect(ws_url(api.url, room_id)) as socket:
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(socket.recv(), 5)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4429
    finally:
        api.stop()


async def test_rooms_made_by_the_web_app_have_96_bit_ids_and_seed_rooms_keep_6_hex(api: ApiProcess) -> None:
    async with httpx.AsyncClient(base_url=api.url, timeout=10) as client:
        private = await client.post("/api/rooms", json={"language": "python"})
        assert private.status_code == 201, private.text
        room_id = private.json()["room_id"]
        assert len(room_id) == 24 and int(room_id, 16) >= 0
        assert private.json()["join_url"].endswith(f"/code/{room_id}")
        assert (await client.get(f"/rooms/{room_id}/exists")).json() == {"exists": True, "room_id": room_id}
        assert (await client.post(f"/api/rooms/{room_id}/join")).status_code == 200
        seed_room = (await client.post("/rooms", json={})).json()["room_id"]
        assert len(seed_room) == 6
    async with connect(ws_url(api.url, room_id)) as socket:
        assert json.loads(await asyncio.wait_for(socket.recv(), 5))["type"] == "init"


async def test_a_cursor_label_comes_from_the_participant_record(api: ApiProcess) -> None:
    room_id = await create_room(api.url)
    async with httpx.AsyncClient(base_url=api.url, timeout=10) as mallory:
        me = (await mallory.post(f"/api/rooms/{room_id}/join")).json()["me"]
        state = {"user": {"name": "Alice (the admin)", "color": "#000000", "colorLight": "#00000033"}, "cursor": None}
        body = {"client_id": 4242, "update": encode_state(4242, 1, state)}
        assert (await mallory.post(f"/api/rooms/{room_id}/awareness", json=body)).status_code == 204
        stored = (await mallory.get(f"/api/rooms/{room_id}/awareness")).json()["updates"]
    raw = base64.b64decode(stored[0])
    label = json.loads(raw[raw.index(b"{") :])["user"]
    assert label["name"] == me["name"] and label["color"] == me["color"] and b"Alice" not in raw
