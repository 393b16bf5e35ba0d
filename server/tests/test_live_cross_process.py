import asyncio
import time

import httpx
import pytest
from pydantic import ValidationError

from huddle.config import Settings
from tests.support.processes import ApiProcess, start_api
from tests.support.sse import EventStream, is_online_event
from tests.support.users import signed_up_client, username_of


async def test_an_event_caused_on_process_2_reaches_a_stream_on_process_1_within_a_second(
    api: ApiProcess, api2: ApiProcess
) -> None:
    watcher = await signed_up_client(api.url, "watcher")
    newcomer = await signed_up_client(api2.url, "newcomer")
    async with EventStream(watcher, ["presence"]) as stream:
        await stream.wait_for(lambda e: e.event == "ready")
        started = time.monotonic()
        # Opening a stream on process 2 is what publishes `user_online` there.
        async with EventStream(newcomer, ["presence"]):
            await stream.wait_for(is_online_event(username_of(newcomer)), timeout=1.0)
            assert time.monotonic() - started < 1.0


async def test_events_need_a_known_topic_and_permission(api: ApiProcess) -> None:
    async with httpx.AsyncClient(base_url=api.url) as anonymous:
        response = await anonymous.get("/api/events", params={"topic": "presence"})
        assert response.status_code == 401
    member = await signed_up_client(api.url)
    for params, field in (({"topic": "nonsense"}, "topic"), ({"topic": "Bad Name"}, "topic"), ({}, "topic")):
        response = await member.get("/api/events", params=params)
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["field"] == field


async def test_the_stream_is_sse_done_right(api: ApiProcess) -> None:
    member = await signed_up_client(api.url)
    async with member.stream("GET", "/api/events", params={"topic": "presence"}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["x-accel-buffering"] == "no"
        assert "no-cache" in response.headers["cache-control"]
        assert "content-encoding" not in response.headers
        first = b""
        async for chunk in response.aiter_bytes():
            first += chunk
            if b"\r\n\r\n" in first:
                break
    text = first.decode()
    assert "event: ready" in text and "retry: " in text and "id: presence=" in text


async def test_a_quiet_stream_sends_heartbeat_comments(redis_url: str) -> None:
    """Proxies and browsers drop a silent connection; the ping interval is at most 15 s (here 1 s)."""
    quick = start_api(redis_url, HUDDLE_STREAM_PING_SECONDS="1")
    try:
        member = await signed_up_client(quick.url)
        received = b""
        async with member.stream("GET", "/api/events", params={"topic": "presence"}) as response:
            async with asyncio.timeout(5):
                async for chunk in response.aiter_bytes():
                    received += chunk
                    if b": ping" in received:
                        break
        assert b": ping" in received
    finally:
        quick.stop()


def test_the_heartbeat_interval_cannot_be_set_above_15_seconds() -> None:
    with pytest.raises(ValidationError, match="stream_ping_seconds"):
        Settings(stream_ping_seconds=30)
