"""Limits of the seed WebSocket (issue 11, item 7): message size, message rate, sockets per
address, and the memory of many sockets on one full room (shared, and returned on close)."""

import asyncio
import contextlib
import json
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from tests.support.processes import ApiProcess, start_api
from tests.support.rooms import CrdtClient, SeedClient, create_room, ws_url
from tests.support.valkey import start_valkey


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[str]:
    valkey = start_valkey(tmp_path / "valkey")
    yield valkey.url
    valkey.stop()


async def _closed_with(socket: ClientConnection, timeout: float = 10) -> int:
    """Read until the server closes the socket; its close code."""
    with pytest.raises(ConnectionClosed) as closed:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            await asyncio.wait_for(socket.recv(), deadline - time.monotonic())
    assert closed.value.rcvd is not None, "closed without a close frame"
    return closed.value.rcvd.code


async def test_a_message_above_the_size_limit_closes_the_socket(api: ApiProcess) -> None:
    room_id = await create_room(api.url)
    async with connect(ws_url(api.url, room_id), max_size=None) as socket:
        await socket.recv()  # init
        await socket.send(json.dumps({"type": "code_update", "code": "x" * (3 * 1024 * 1024)}))
        assert await _closed_with(socket) == 1009


async def test_a_flooding_socket_gets_an_error_and_is_closed_and_others_keep_editing(api: ApiProcess) -> None:
    room_id = await create_room(api.url)
    async with (
        SeedClient(ws_url(api.url, room_id)) as typist,
        SeedClient(ws_url(api.url, room_id)) as reader,
        connect(ws_url(api.url, room_id)) as flooder,
    ):
        await flooder.recv()  # init
        moves = [json.dumps({"type": "cursor_move", "position": n % 5}) for n in range(5000)]
        errors: list[str] = []

        async def flood() -> None:
            with contextlib.suppress(ConnectionClosed):
                for move in moves:
                    await flooder.send(move)

        async def read_errors() -> None:
            with contextlib.suppress(ConnectionClosed):
                async for raw in flooder:
                    if json.loads(raw)["type"] == "error":
                        errors.append(json.loads(raw)["message"])

        reading = asyncio.create_task(read_errors())
        latencies = []
        flooding = asyncio.create_task(flood())
        for n in range(10):
            started = time.monotonic()
            await typist.type_text(typist.code + str(n))
            await reader.wait_for(lambda m, n=n: m["type"] == "code_update" and m["code"].endswith(str(n)))
            latencies.append(time.monotonic() - started)
        await flooding
        await asyncio.wait_for(reading, 10)
        assert flooder.close_code == 1008
        assert any("too many messages" in message for message in errors), errors
        median, worst = statistics.median(latencies) * 1000, max(latencies) * 1000
        print(f"edit latency during a flood: median {median:.0f} ms, max {worst:.0f} ms")
        assert max(latencies) < 2.0


async def test_sockets_per_address_are_capped_across_processes(own_redis: str) -> None:
    one = start_api(own_redis, HUDDLE_WS_MAX_SOCKETS_PER_ADDRESS="3")
    two = start_api(own_redis, HUDDLE_WS_MAX_SOCKETS_PER_ADDRESS="3")
    try:
        room_id = await create_room(one.url)
        sockets = [await connect(ws_url(url, room_id)) for url in (one.url, two.url, one.url)]
        for socket in sockets:
            assert json.loads(await socket.recv())["type"] == "init"
        async with connect(ws_url(two.url, room_id)) as refused:
            assert await _closed_with(refused) == 4429
        await sockets[0].close()
        await asyncio.sleep(0.5)  # the server releases the place when it sees the close
        async with connect(ws_url(two.url, room_id)) as again:
            assert json.loads(await again.recv())["type"] == "init"
        for socket in sockets[1:]:
            await socket.close()
    finally:
        one.stop()
        two.stop()


def _rss_mb(api: ApiProcess) -> float:
    return psutil.Process(api.pid).memory_info().rss / 1024 / 1024


async def test_200_sockets_on_a_full_room_share_its_document_and_memory_returns(redis_url: str) -> None:
    api = start_api(redis_url)
    try:
        room_id = await create_room(api.url)
        async with CrdtClient(api.url, room_id) as writer:
            line = "print('a line of a full room, to be shared by two hundred sockets')\n"
            chunk = line * (60_000 // len(line))
            while True:
                response = await writer.edit(lambda text: text.insert(len(text), chunk))
                if response.status_code == 413:
                    break
                assert response.status_code == 204, response.text
        await asyncio.sleep(1)
        before = _rss_mb(api)
        sockets = []
        for _ in range(200):
            socket = await connect(ws_url(api.url, room_id), max_size=None)
            init = json.loads(await socket.recv())
            assert init["type"] == "init" and len(init["code"]) > 900_000
            sockets.append(socket)
        await asyncio.sleep(1)
        with_sockets = _rss_mb(api)
        for socket in sockets:
            await socket.close()
        await asyncio.sleep(3)
        after = _rss_mb(api)
        print(f"API RSS: {before:.0f} MB before, {with_sockets:.0f} MB with 200 sockets, {after:.0f} MB after close")
        assert with_sockets - before < 150, (before, with_sockets)
        assert after - before < 50, (before, with_sockets, after)
    finally:
        api.stop()
