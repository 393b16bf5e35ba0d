import base64
from typing import Any

from pycrdt import Doc, Text

from tests.support.processes import ApiProcess
from tests.support.rooms import CrdtClient, create_room


async def test_bad_updates_are_refused_and_leave_the_document_unharmed(api: ApiProcess) -> None:
    room_id = await create_room(api.url)
    async with CrdtClient(api.url, room_id) as client:
        await client.edit(lambda text: text.insert(0, "safe"))
        cases = [
            ({"epoch": client.epoch, "update": base64.b64encode(b"\x01\x02garbage").decode()}, 400),
            ({"epoch": client.epoch, "update": "not base64!!"}, 400),
            ({"epoch": client.epoch, "update": ""}, 400),
            ({"epoch": client.epoch, "update": base64.b64encode(b"x" * 70_000).decode()}, 413),
            # Bigger than the schema's documented maxLength, still within the 1 MB body limit: 413 as well.
            ({"epoch": client.epoch, "update": base64.b64encode(b"x" * 300_000).decode()}, 413),
            ({"update": "AAA="}, 422),
        ]
        for body, status in cases:
            response = await client.http.post(f"/api/rooms/{room_id}/updates", json=body)
            assert response.status_code == status, (status, response.text)
        big: Doc[Any] = Doc()
        text: Text = big.get("code", type=Text)
        accepted = 0
        for _ in range(40):  # 40 updates of 45 kB: past the 1 MB document limit
            before = big.get_state()
            text.insert(0, "y" * 45_000)
            response = await client.send(big.get_update(before))
            if response.status_code == 413:
                break
            accepted += 1
        assert response.status_code == 413 and "at most" in response.json()["detail"]
        fresh = (await client.http.get(f"/api/rooms/{room_id}/document")).json()
        check: Doc[Any] = Doc()
        check.apply_update(base64.b64decode(fresh["update"]))
        stored = str(check.get("code", type=Text))
        # Nothing of a refused update is stored: only the accepted ones, and the text from before.
        assert "safe" in stored and stored.count("y") == 45_000 * accepted


async def test_unknown_rooms_and_ids(api: ApiProcess) -> None:
    room_id = await create_room(api.url)
    async with CrdtClient(api.url, room_id) as client:
        assert (await client.http.get("/api/rooms/abcdef/document")).status_code == 404
        assert (
            await client.http.post("/api/rooms/abcdef/updates", json={"epoch": "x", "update": "AAA="})
        ).status_code == 404
        assert (await client.http.get("/api/rooms/ABCDEFG/document")).status_code == 422
        assert (await client.http.get("/api/events", params={"topic": "room:abcdef"})).status_code == 404


async def test_updates_need_a_participant(api: ApiProcess) -> None:
    import httpx

    room_id = await create_room(api.url)
    async with httpx.AsyncClient(base_url=api.url) as stranger:
        response = await stranger.post(f"/api/rooms/{room_id}/updates", json={"epoch": "x", "update": "AAA="})
        assert response.status_code == 401
