import asyncio

import httpx

from tests.support.processes import start_api
from tests.support.rooms import create_room
from tests.support.sse import EventStream
from tests.support.users import signed_up_client


async def test_open_streams_per_user_are_capped_across_processes(redis_url: str) -> None:
    one = start_api(redis_url, HUDDLE_MAX_STREAMS_PER_USER="3", HUDDLE_PRESENCE_GRACE_SECONDS="0.5")
    two = start_api(redis_url, HUDDLE_MAX_STREAMS_PER_USER="3", HUDDLE_PRESENCE_GRACE_SECONDS="0.5")
    try:
        client = await signed_up_client(one.url)
        other_process = httpx.AsyncClient(base_url=two.url, cookies=client.cookies)
        streams = [
            EventStream(client, ["presence"]),
            EventStream(client, ["presence"]),
            EventStream(other_process, ["presence"]),
        ]
        for stream in streams:
            await stream.__aenter__()
            await stream.wait_for(lambda e: e.event == "ready")
        refused = await client.get("/api/events", params={"topic": "presence"})
        assert refused.status_code == 429 and refused.headers["retry-after"] == "5"
        assert "too many open event streams" in refused.json()["detail"]

        await streams[0].close()
        await asyncio.sleep(2.5)  # the grace period, then the sweep
        async with EventStream(client, ["presence"]) as again:
            await again.wait_for(lambda e: e.event == "ready")
        for stream in streams[1:]:
            await stream.close()
    finally:
        one.stop()
        two.stop()


async def test_a_visitor_who_is_not_logged_in_cannot_open_streams_without_end(redis_url: str) -> None:
    api = start_api(redis_url, HUDDLE_MAX_ANONYMOUS_STREAMS_PER_ADDRESS="3")
    try:
        room_id = await create_room(api.url)
        async with httpx.AsyncClient(base_url=api.url, timeout=10) as visitor:
            streams = [EventStream(visitor, [f"room:{room_id}"]) for _ in range(3)]
            for stream in streams:
                await stream.__aenter__()
                await stream.wait_for(lambda e: e.event == "ready")
            refused = await visitor.get("/api/events", params={"topic": f"room:{room_id}"})
            assert refused.status_code == 429, refused.text
            assert "too many open event streams" in refused.json()["detail"]

            await streams[0].close()
            deadline = asyncio.get_running_loop().time() + 5
            while True:  # the server notices the closed stream on its next write or ping
                again = EventStream(visitor, [f"room:{room_id}"])
                await again.__aenter__()
                if again.status_code == 200 or asyncio.get_running_loop().time() > deadline:
                    break
                await asyncio.sleep(0.2)
            assert again.status_code == 200
            await again.close()
            for stream in streams[1:]:
                await stream.close()
    finally:
        api.stop()


async def test_writes_are_rate_limited_per_user(redis_url: str) -> None:
    api = start_api(redis_url, HUDDLE_WRITE_RATE_PER_MINUTE="5")
    try:
        busy = await signed_up_client(api.url, "busy")
        calm = await signed_up_client(api.url, "calm")
        statuses = [(await busy.post("/api/posts", json={"text": f"post {n}"})).status_code for n in range(6)]
        assert statuses == [201] * 5 + [429]
        limited = await busy.post("/api/posts", json={"text": "one more"})
        assert 0 < int(limited.headers["retry-after"]) <= 60 and "at most 5 a minute" in limited.json()["detail"]
        assert (await busy.get("/api/feed")).status_code == 200  # reads are not limited
        assert (await calm.post("/api/posts", json={"text": "mine"})).status_code == 201  # per user
    finally:
        api.stop()
