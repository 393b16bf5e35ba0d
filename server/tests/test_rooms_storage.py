import asyncio
import base64
import threading
import time

import pytest

from huddle.db import redis_client
from huddle.rooms import documents, documents_repository, service
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


async def test_a_compaction_whose_lock_expired_cannot_undo_a_newer_one(
    api: ApiProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    room_id = await create_room(api.url)
    async with CrdtClient(api.url, room_id) as client:
        for n in range(30):
            await client.edit(lambda text, n=n: text.insert(len(str(text)), f"{n},"))
        # A slow compaction: it has read the log (30 entries) and is still merging them...
        read, release = threading.Event(), threading.Event()
        merge = documents.merged_state

        def slow_merge(snapshot: str | None, log: list[str]) -> bytes:
            if not read.is_set():
                read.set()
                release.wait(10)
            return merge(snapshot, log)

        monkeypatch.setattr(documents, "merged_state", slow_merge)
        slow = asyncio.create_task(service.compact(room_id))
        while not read.is_set():
            await asyncio.sleep(0.01)
        # ...its lock expires, more is typed, and another compaction runs to the end.
        await redis_client.delete(documents_repository.key(room_id, "compacting"))
        for n in range(30, 40):
            await client.edit(lambda text, n=n: text.insert(len(str(text)), f"{n},"))
        assert await service.compact(room_id)
        release.set()
        assert not await slow  # its snapshot is stale and its count would trim unmerged entries

        async with CrdtClient(api.url, room_id) as fresh:
            assert fresh.value == client.value == "".join(f"{n}," for n in range(40))


async def test_the_compaction_lock_is_released_only_by_its_holder(api: ApiProcess) -> None:
    room_id = await create_room(api.url)
    lock = documents_repository.key(room_id, "compacting")
    first = await documents_repository.try_lock_compaction(room_id)
    assert first is not None and await documents_repository.try_lock_compaction(room_id) is None
    await redis_client.delete(lock)  # expired
    second = await documents_repository.try_lock_compaction(room_id)
    assert second is not None
    await documents_repository.unlock_compaction(room_id, first)  # the first holder finishing late
    assert await redis_client.get(lock) == second
    await documents_repository.unlock_compaction(room_id, second)
    assert await redis_client.get(lock) is None
