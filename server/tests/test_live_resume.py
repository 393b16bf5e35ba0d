import asyncio
import uuid

from huddle.db import redis_client
from huddle.live.history import MAX_REPLAY, events_after
from huddle.live.publish import publish
from huddle.live.topics import stream_key
from tests.support.processes import ApiProcess
from tests.support.sse import EventStream, data
from tests.support.users import signed_up_client


async def test_a_reconnecting_client_gets_exactly_the_50_events_it_missed_in_order(
    api: ApiProcess, api2: ApiProcess
) -> None:
    client = await signed_up_client(api.url)
    async with EventStream(client, ["presence"]) as stream:
        ready = await stream.wait_for(lambda e: e.event == "ready")
    cursor = ready.id

    for n in range(50):
        await publish("presence", "test_tick", {"n": n})

    # Reconnect to the other process: the cursor is not tied to the process that issued it.
    resumed_client = await signed_up_client(api2.url)
    async with EventStream(resumed_client, ["presence"], last_event_id=cursor) as resumed:
        await resumed.wait_for(lambda e: e.event == "test_tick" and data(e)["n"] == 49)
        await asyncio.sleep(0.5)  # anything duplicated would arrive now
    ticks = [data(e)["n"] for e in resumed.of_type("test_tick")]
    assert ticks == list(range(50))
    assert resumed.events[0].event == "ready"
    assert not resumed.of_type("resync")


async def test_a_client_whose_gap_history_no_longer_covers_gets_resync(api: ApiProcess) -> None:
    client = await signed_up_client(api.url)
    async with EventStream(client, ["presence"]) as stream:
        ready = await stream.wait_for(lambda e: e.event == "ready")
    for n in range(20):
        await publish("presence", "test_tick", {"n": n})
    await redis_client.xtrim(stream_key("presence"), maxlen=5, approximate=False)

    async with EventStream(client, ["presence"], last_event_id=ready.id) as resumed:
        resync = await resumed.wait_for(lambda e: e.event == "resync")
        assert data(resync)["topic"] == "presence"
        # After a resync the stream carries on live.
        await publish("presence", "test_tick", {"n": "after"})
        await resumed.wait_for(lambda e: e.event == "test_tick" and data(e)["n"] == "after")
    assert not [e for e in resumed.of_type("test_tick") if data(e)["n"] != "after"]


async def test_a_resume_from_the_query_parameter_works_like_the_header(api: ApiProcess) -> None:
    client = await signed_up_client(api.url)
    async with EventStream(client, ["presence"]) as stream:
        ready = await stream.wait_for(lambda e: e.event == "ready")
    await publish("presence", "test_tick", {"n": "via-query"})
    async with client.stream("GET", "/api/events", params={"topic": "presence", "last_event_id": ready.id}) as response:
        text = ""
        async for chunk in response.aiter_text():
            text += chunk
            if "via-query" in text:
                break
    assert '"n":"via-query"' in text


async def test_a_replay_one_event_longer_than_the_limit_is_refused_not_cut_short() -> None:
    """A replay of MAX_REPLAY events is complete; one event more means resync, never a silent cut."""
    topic = f"replay-limit-{uuid.uuid4().hex[:8]}"
    async with redis_client.pipeline(transaction=False) as pipe:
        for n in range(MAX_REPLAY + 2):
            pipe.xadd(stream_key(topic), {"t": "tick", "d": str(n)})
        positions = await pipe.execute()
    exactly = await events_after(topic, positions[1])
    assert exactly.complete and len(exactly.events) == MAX_REPLAY
    assert exactly.events[-1].position == positions[-1]
    one_more = await events_after(topic, positions[0])
    assert not one_more.complete and one_more.events == []
