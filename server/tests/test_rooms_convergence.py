import asyncio
import base64
import random
import time

from pycrdt import Doc, Text

from huddle.rooms.documents import byte_index
from tests.support.processes import ApiProcess
from tests.support.rooms import CrdtClient, SeedClient, create_room, ws_url


def random_edit(rng: random.Random) -> object:
    def change(text: Text) -> None:
        content = str(text)
        length = len(content)
        if length > 5 and rng.random() < 0.35:
            start = rng.randrange(length)
            del text[byte_index(content, start) : byte_index(content, min(length, start + rng.randint(1, 3)))]
        else:
            text.insert(
                byte_index(content, rng.randint(0, length)), rng.choice(["a", "b", "c", "\n", "xyz", "é", "🙂"])
            )

    return change


async def server_text(client: CrdtClient) -> str:
    state = (await client.http.get(f"/api/rooms/{client.room_id}/document")).json()
    doc: Doc[object] = Doc()  # type: ignore[type-var]
    doc.apply_update(base64.b64decode(state["update"]))
    return str(doc.get("code", type=Text))


async def test_concurrent_random_edits_converge_on_every_client_and_the_server(
    api: ApiProcess, api2: ApiProcess
) -> None:
    room_id = await create_room(api.url)
    clients = [CrdtClient(api.url if n % 2 else api2.url, room_id) for n in range(4)]
    for client in clients:
        await client.__aenter__()
    seed = SeedClient(ws_url(api.url, room_id))
    await seed.__aenter__()
    try:

        async def crdt_typist(client: CrdtClient, seed_number: int) -> None:
            rng = random.Random(seed_number)
            for _ in range(60):
                response = await client.edit(random_edit(rng))
                assert response.status_code == 204, response.text
                await asyncio.sleep(rng.random() * 0.01)

        async def seed_typist() -> None:
            rng = random.Random(99)
            for _ in range(30):
                position = rng.randint(0, len(seed.code))
                await seed.type_text(seed.code[:position] + rng.choice("XYZ") + seed.code[position:])
                await asyncio.sleep(rng.random() * 0.02)

        await asyncio.gather(*[crdt_typist(c, n) for n, c in enumerate(clients)], seed_typist())

        deadline = time.monotonic() + 15
        while True:
            stored = await server_text(clients[0])
            for client in clients:
                client.apply_received()
            texts = {client.value for client in clients} | {stored, seed.code}
            if len(texts) == 1:
                break
            assert time.monotonic() < deadline, f"did not converge: {texts}"
            await asyncio.sleep(0.2)
        assert len(stored) > 20  # a real document, not an empty one (random deletes make the length vary)
        # Every CRDT client's insertions of "xyz" that were never deleted are there: nothing was overwritten.
        assert stored.count("X") + stored.count("Y") + stored.count("Z") > 0
    finally:
        await seed.__aexit__()
        for client in clients:
            await client.__aexit__()


async def test_a_seed_client_does_not_erase_concurrent_edits_it_has_not_seen(api: ApiProcess) -> None:
    room_id = await create_room(api.url)
    async with CrdtClient(api.url, room_id) as web, SeedClient(ws_url(api.url, room_id)) as seed:
        await seed.type_text("hello world")
        await web_wait(web, "hello world")
        # The web client inserts at the front while the seed client, not having seen it, appends.
        await web.edit(lambda text: text.insert(0, ">> "))
        await seed.send({"type": "code_update", "code": "hello world!"})
        await web_wait(web, ">> hello world!")


async def web_wait(client: CrdtClient, expected: str) -> None:
    deadline = time.monotonic() + 5
    while client.value != expected:
        assert time.monotonic() < deadline, f"{client.value!r} != {expected!r}"
        await asyncio.sleep(0.05)
