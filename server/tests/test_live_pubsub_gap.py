"""The hub's pub/sub connection is cut while events keep coming: open streams miss none of them.

Redis drops a pub/sub client it finds too slow (client-output-buffer-limit) while staying up; the
hub reconnects and the streams must recover the events published meanwhile from history.
"""

import asyncio
import json
from pathlib import Path

import redis.asyncio as redis

from huddle.live.publish import PUBLISH_LUA, event_json
from huddle.live.topics import channel_name, stream_key
from tests.support.metrics import metric
from tests.support.processes import start_api
from tests.support.sse import EventStream
from tests.support.users import signed_up_client
from tests.support.valkey import start_valkey

PER_BURST = 25
CUTS = 6


async def test_events_published_across_pubsub_reconnects_all_arrive_in_order(tmp_path: Path) -> None:
    valkey = start_valkey(tmp_path / "valkey")
    api = start_api(valkey.url)
    admin = redis.Redis.from_url(valkey.url, decode_responses=True)
    # Bursts, as many writers make them: a burst lands in the same socket read as the
    # confirmation of the hub's new subscription.
    publish = admin.register_script(PUBLISH_LUA + "return huddle_publish(KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4])")
    try:
        reader = await signed_up_client(api.url, "reader")
        async with EventStream(reader, ["feed"]) as stream:
            await stream.wait_for(lambda e: e.event == "ready")

            cutting = asyncio.Event()

            async def publish_all() -> list[str]:
                ids: list[str] = []
                burst = 0
                while not cutting.is_set() or burst < 20:
                    burst += 1
                    async with admin.pipeline(transaction=False) as pipe:
                        for n in range(PER_BURST):
                            item_id = f"{burst}-{n}"
                            ids.append(item_id)
                            data = event_json("feed", {"item": {"id": item_id}})
                            await publish(
                                keys=[stream_key("feed")],
                                args=[channel_name("feed"), 10_000, "item_created", data],
                                client=pipe,
                            )
                        await pipe.execute()
                    await asyncio.sleep(0.005)
                return ids

            async def cut_pubsub() -> int:
                cuts = 0
                for _ in range(CUTS):
                    await asyncio.sleep(0.25)
                    cuts += int(await admin.client_kill_filter(_type="pubsub"))
                cutting.set()
                return cuts

            ids, cuts = await asyncio.gather(publish_all(), cut_pubsub())
            assert cuts >= 3, "the pub/sub connection was not cut"
            await stream.wait_for(
                lambda e: e.event == "item_created" and json.loads(e.data)["item"]["id"] == ids[-1], 15
            )

        assert not stream.of_type("resync"), "history covered the gap; no resync needed"
        received = [json.loads(e.data)["item"]["id"] for e in stream.of_type("item_created")]
        missing = [i for i in ids if i not in set(received)]
        assert received == ids, (
            f"{len(missing)} missing, e.g. {missing[:5]}; {len(received) - len(set(received))} duplicates"
        )

        metrics = (await reader.get("/metrics")).text
        assert metric(metrics, "huddle_pubsub_reconnects_total") >= 3
        assert metric(metrics, 'huddle_redis_errors_total{where="pubsub"}') >= 3
        assert metric(metrics, "huddle_events_published") >= len(ids)
    finally:
        await admin.aclose()
        api.stop()
        valkey.stop()
