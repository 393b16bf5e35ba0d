import asyncio
import socket
import time

import psutil
from sse_starlette import ServerSentEvent

from huddle.live.events import LiveEvent
from huddle.live.history import tail_position
from huddle.live.hub import Hub
from huddle.live.publish import publish
from huddle.live.session import StreamSession
from huddle.live.stream import TopicStream
from tests.support.processes import start_api
from tests.support.users import signed_up_client, username_of


async def test_a_stream_that_overflows_its_queue_ends_with_resync() -> None:
    hub = Hub()
    await hub.start()
    try:
        session = StreamSession(capacity=4)
        stream = TopicStream(hub, session, ["presence"], {}, retry_ms=1000)
        messages = stream.events()
        ready = await anext(messages)
        assert isinstance(ready, ServerSentEvent) and ready.event == "ready"
        position = await tail_position("presence")
        for n in range(10):  # more than the queue holds, while nobody reads
            session.deliver(LiveEvent("presence", f"{position.split('-')[0]}-{n + 100}", "test_tick", "{}"))
        last = await anext(messages)
        assert isinstance(last, ServerSentEvent) and last.event == "resync"
        assert len(session.items) <= 4
        try:
            await anext(messages)
            raise AssertionError("the stream should have ended after resync")
        except StopAsyncIteration:
            pass
    finally:
        await hub.stop()


async def test_a_client_that_never_reads_is_cut_off_and_memory_stays_bounded(redis_url: str) -> None:
    api = start_api(redis_url, HUDDLE_STREAM_SEND_TIMEOUT_SECONDS="2", HUDDLE_PRESENCE_GRACE_SECONDS="0.5")
    try:
        slow = await signed_up_client(api.url, "slow")
        token = slow.cookies["huddle_session"]
        sock = socket.create_connection(("127.0.0.1", api.port))
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.sendall(
            b"GET /api/events?topic=presence HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + f"Cookie: huddle_session={token}\r\n\r\n".encode()
        )
        online = await slow.get("/api/presence")
        deadline = time.monotonic() + 5
        while username_of(slow) not in [u["username"] for u in online.json()["users"]]:
            assert time.monotonic() < deadline
            await asyncio.sleep(0.1)
            online = await slow.get("/api/presence")

        server = psutil.Process(api.pid)
        rss_before = server.memory_info().rss
        payload = "x" * 20_000
        for n in range(1500):  # 30 MB of events to a client that reads none of them
            await publish("presence", "test_bulk", {"n": n, "pad": payload})
        rss_after = server.memory_info().rss

        deadline = time.monotonic() + 20
        while username_of(slow) in [u["username"] for u in (await slow.get("/api/presence")).json()["users"]]:
            assert time.monotonic() < deadline, "the server never cut the stalled stream off"
            await asyncio.sleep(0.25)
        growth_mb = (rss_after - rss_before) / 2**20
        assert growth_mb < 30, f"server memory grew by {growth_mb:.1f} MB"
        sock.close()
    finally:
        api.stop()
