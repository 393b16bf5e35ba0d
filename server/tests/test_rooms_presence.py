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

        await seed.send({"type": "cursor_move", "position": len(seed.code)})  # at the very end
        event = await web.stream.wait_for(lambda e: e.event == "awareness" and data(e)["cursor"]["head"] == 11)  # type: ignore[union-attr]
        raw = base64.b64decode(data(event)["update"])
        assert json.loads(raw[raw.index(b"{") :])["cursor"]["anchor"] == {"tname": "code", "assoc": 0}


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


async def test_a_seed_client_stays_present_in_a_busy_room(redis_url: str) -> None:
    # Presence expires after 3 s here: a seed socket must refresh on time even while events keep coming.
    api = start_api(redis_url, HUDDLE_ROOM_CLIENT_TTL_SECONDS="3")
    try:
        room_id = await create_room(api.url)
        async with CrdtClient(api.url, room_id) as typist, SeedClient(ws_url(api.url, room_id)) as seed:
            seed_id = seed.messages[0]["user_id"]
            started = time.monotonic()
            clock = 1
            while time.monotonic() - started < 8:
                await typist.edit(lambda text: text.insert(0, "."))
                if time.monotonic() - started > clock:  # the typist's own heartbeat (and a sweep)
                    await typist.http.post(f"/api/rooms/{room_id}/awareness", json=awareness_body(typist, clock, 0))
                    clock += 1
                await asyncio.sleep(0.05)
            participants = (await typist.http.get(f"/api/rooms/{room_id}")).json()["participants"]
            assert seed_id in [p["id"] for p in participants]
            assert typist.stream is not None
            assert not [e for e in typist.stream.of_type("user_left") if data(e)["participant"]["id"] == seed_id]
    finally:
        api.stop()


async def test_nobody_can_set_another_clients_awareness(api: ApiProcess) -> None:
    room_id = await create_room(api.url)
    async with (
        CrdtClient(api.url, room_id) as victim,
        CrdtClient(api.url, room_id) as attacker,
        SeedClient(ws_url(api.url, room_id)) as seed,
    ):
        url = f"/api/rooms/{room_id}/awareness"
        assert (await victim.http.post(url, json=awareness_body(victim, 1, 2))).status_code == 204
        mine = (await attacker.http.get(url)).json()["updates"]

        # The update inside must be for the client_id it is sent as.
        mismatched = {**awareness_body(victim, 5, 9), "client_id": attacker.doc.client_id}
        response = await attacker.http.post(url, json=mismatched)
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "update"

        # Another participant's client id is theirs, whether a browser's or a seed socket's.
        forged = {**awareness_body(victim, 5, 9), "update": encode_state(victim.doc.client_id, 5, {"user": {}})}
        response = await attacker.http.post(url, json=forged)
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "client_id"
        await seed.send({"type": "cursor_move", "position": 0})
        assert victim.stream is not None
        seed_id = seed.messages[0]["user_id"]
        moved = await victim.stream.wait_for(
            lambda e: e.event == "awareness" and data(e)["participant"]["id"] == seed_id and data(e)["cursor"]
        )
        seed_client = data(moved)["client_id"]
        seed_body = {"client_id": seed_client, "update": encode_state(seed_client, 99, {"user": {}})}
        response = await attacker.http.post(url, json=seed_body)
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "client_id"

        updates = (await attacker.http.get(url)).json()["updates"]
        assert set(mine) <= set(updates) and len(updates) == 2  # the victim's and the seed's, untouched
        assert (await victim.http.post(url, json=awareness_body(victim, 2, 3))).status_code == 204

        # Once its owner has left, the id is free again.
        await victim.http.post(f"/api/rooms/{room_id}/leave", json={"client_id": victim.doc.client_id})
        assert (await attacker.http.post(url, json=forged)).status_code == 204
