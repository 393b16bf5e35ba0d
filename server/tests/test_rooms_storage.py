import asyncio
import base64
import time

from huddle.db import redis_client
from huddle.rooms import documents_repository
from tests.support.processes import ApiProcess, start_api
from tests.support.rooms import CrdtClient, create_room


async def stored_bytes(room_id: str) -> int:
    snapshot, log = await documents_repository.read_document(room_id)
    return len(snapshot or "") + sum(len(entry) for entry in log)


async def test_compaction_keeps_storage_near_the_document_size(api: ApiProcess) -> None:
    room_id = await create_room(api.url)
    async with CrdtClient(api.url, room_id) as client:
        for n in range(1200):
            # Typing and deleting: the text stays short while the history grows.
            await client.edit(lambda text, n=n: text.insert(len(str(text)), f"line {n}\n"))
            if n % 3 == 2:
                await client.edit(lambda text: text.__delitem__(slice(0, len(str(text)) // 2)))
        await asyncio.sleep(1)  # the last compaction runs in the background
        text_before = client.value
        _, log = await documents_repository.read_document(room_id)
        assert len(log) < 400, "the log was never compacted"
        size = await stored_bytes(room_id)
        uncompacted = sum(len(base64.b64encode(b"x" * 40)) for _ in range(1600))
        assert size < uncompacted / 4, f"{size} bytes stored"

    async with CrdtClient(api.url, room_id) as fresh:
        assert fresh.value == text_before  # compaction never changes the text


async def test_a_reset_changes_the_epoch_and_refuses_stale_updates(api: ApiProcess) -> None:
    room_id = await create_room(api.url)
    async with CrdtClient(api.url, room_id) as client:
        await client.edit(lambda text: text.insert(0, "old text"))
        old_epoch = client.epoch
        reset = await client.http.post(f"/api/rooms/{room_id}/reset")
        assert reset.status_code == 200
        new_epoch = reset.json()["epoch"]
        assert new_epoch != old_epoch
        await client.stream.wait_for(lambda e: e.event == "room_reset")  # type: ignore[union-attr]
        stale = await client.edit(lambda text: text.insert(0, "more "))
        assert stale.status_code == 409 and stale.json()["epoch"] == new_epoch
        state = (await client.http.get(f"/api/rooms/{room_id}/document")).json()
        assert state["epoch"] == new_epoch


async def test_rooms_expire_after_the_ttl_and_activity_refreshes_it(redis_url: str) -> None:
    api = start_api(redis_url, ROOM_TTL_SECONDS="3")
    try:
        idle = await create_room(api.url)
        busy = await create_room(api.url)
        async with CrdtClient(api.url, busy) as client:
            started = time.monotonic()
            while time.monotonic() - started < 4.5:
                await client.edit(lambda text: text.insert(0, "."))
                await asyncio.sleep(0.5)
            assert (await client.http.get(f"/rooms/{idle}/exists")).json()["exists"] is False
            assert (await client.http.get(f"/rooms/{busy}/exists")).json()["exists"] is True
            ttl = await redis_client.ttl(documents_repository.key(busy, "log"))
            assert 0 < ttl <= 3
            assert (await client.http.post(f"/api/rooms/{idle}/join")).status_code == 404
    finally:
        api.stop()
