import asyncio
import base64
import json
import time

from huddle.rooms.awareness import encode_state
from tests.support.processes import ApiProcess, start_api
from tests.support.rooms import CrdtClient, SeedClient, create_room, ws_url
from tests.support.sse import data


def awareness_body(client: CrdtClient, clock: int, head: int) -> dict[str, object]:
    state = {"user": {"name": client.me["name"], "color": client.me["color"]}}
    return {
        "client_id": client.doc.client_id,
        "update": encode_state(client.doc.client_id, clock, state),
        "cursor": {"anchor": head, "head": head},
    }


async def test_cursors_and_presence_are_shared_and_a_leave_is_immediate(api: ApiProcess, api2: ApiProcess) -> None:
    room_id = await create_room(api.url)
    async with CrdtClient(api.url, room_id) as watcher, CrdtClient(api2.url, room_id) as visitor:
        assert (
            await visitor.http.post(f"/api/rooms/{room_id}/awareness", json=awareness_body(visitor, 1, 4))
        ).status_code == 204
        joined = await watcher.stream.wait_for(lambda e: e.event == "user_joined")  # type: ignore[union-attr]
        assert data(joined)["participant"]["id"] == visitor.me["id"]
        cursor = await watcher.stream.wait_for(lambda e: e.event == "awareness")  # type: ignore[union-attr]
        assert data(cursor)["cursor"] == {"anchor": 4, "head": 4} and data(cursor)["client_id"] == visitor.doc.client_id
        states = (await watcher.http.get(f"/api/rooms/{room_id}/awareness")).json()["updates"]
        assert len(states) == 1
        participants = (await watcher.http.get(f"/api/rooms/{room_id}")).json()["participants"]
        assert [p["id"] for p in participants] == [visitor.me["id"]] and participants[0]["guest"]

        assert (
            await visitor.http.post(f"/api/rooms/{room_id}/leave", json={"client_id": visitor.doc.client_id})
        ).status_code == 204
        left = await watcher.stream.wait_for(lambda e: e.event == "user_left", timeout=2)  # type: ignore[union-attr]
        assert data(left)["participant"]["id"] == visitor.me["id"]
        removal = [e for e in watcher.stream.events if e.event == "awareness"][-1]  # type: ignore[union-attr]
        raw = base64.b64decode(data(removal)["update"])
        assert raw.endswith(b"null")  # the y-protocols way to drop a cursor
        assert (await watcher.http.get(f"/api/rooms/{room_id}/awareness")).json()["updates"] == []


async def test_a_seed_clients_cursor_shows_for_crdt_clients(api: ApiProcess) -> None:
    room_id = await create_room(api.url)
    async with CrdtClient(api.url, room_id) as web, SeedClient(ws_url(api.url, room_id)) as seed:
        await seed.type_text("héllo wörld")
        await seed.send({"type": "cursor_move", "position": 6})
        event = await web.stream.wait_for(lambda e: e.event == "awareness" and data(e)["cursor"])  # type: ignore[union-attr]
        raw = base64.b64decode(data(event)["update"])
        state = json.loads(raw[raw.index(b"{") :])
        assert state["cursor"]["anchor"]["item"] is not None  # a Yjs relative position CodeMirror can draw
        assert state["user"]["name"] == seed.messages[0]["name"]


async def test_presence_of_a_killed_process_disappears_within_60_seconds(api: ApiProcess, redis_url: str) -> None:
    doomed = start_api(redis_url)
    room_id = await create_room(api.url)
    try:
        async with CrdtClient(api.url, room_id) as watcher:
            seed = SeedClient(ws_url(doomed.url, room_id))
            await seed.__aenter__()
            ghost = seed.messages[0]["user_id"]
            await watcher.stream.wait_for(lambda e: e.event == "user_joined" and data(e)["participant"]["id"] == ghost)  # type: ignore[union-attr]
            doomed.kill()
            killed = time.monotonic()
            clock = 1
            while True:
                # What a browser does anyway: renew its own awareness every few seconds.
                await watcher.http.post(f"/api/rooms/{room_id}/awareness", json=awareness_body(watcher, clock, 0))
                clock += 1
                participants = (await watcher.http.get(f"/api/rooms/{room_id}")).json()["participants"]
                if ghost not in [p["id"] for p in participants]:
                    break
                assert time.monotonic() - killed < 60, "a ghost stayed in the room for over 60 s"
                await asyncio.sleep(2)
            await watcher.stream.wait_for(lambda e: e.event == "user_left" and data(e)["participant"]["id"] == ghost)  # type: ignore[union-attr]
    finally:
        doomed.kill()
