import asyncio
import base64
import random
import re
import string
import time

from pycrdt import Doc, Text

from huddle.rooms.documents import byte_index
from tests.support.processes import ApiProcess
from tests.support.rooms import CrdtClient, SeedClient, create_room, ws_url

# The document is a sequence of tokens, each written by one client: "[c<client>.<n>]" (with an
# accent or an emoji now and then) by CRDT clients, "«s<seed>.<n>~~~<random letters>»" by seed
# clients, who delete only "~". A whole text is ambiguous where it touches a spot others changed
# meanwhile, and the server takes the smallest edit that explains it. So the tokens leave no room
# for a second explanation, as with real typing: distinct delimiters (a seed client's diff never
# borrows a CRDT token's characters), no deletable character at a token's edge (an insert next to
# it never reuses one deleted meanwhile), and random letters ("replaced my previous token", on a
# text that lagged behind it, is never smaller than "inserted a new one").
DOCUMENT = re.compile(r"(?:\[c\d+\.\d+(?:é|🙂)?\]|«s\d+\.\d+~*[a-z]{12}»)*")


def seed_token(name: str) -> re.Pattern[str]:
    """A seed token by its name ("«s<seed>.<n>"); group 1: its "~"s."""
    return re.compile(re.escape(name) + "(~*)[a-z]{12}»")


def boundaries(text: str) -> list[int]:
    """Offsets between two tokens: an insert there never splits one."""
    return [0] + [i + 1 for i, char in enumerate(text) if char in "]»"]


class CrdtTypist:
    """Inserts its own tokens between tokens and deletes only whole tokens of its own."""

    def __init__(self, client: CrdtClient, number: int) -> None:
        self.client = client
        self.number = number
        self.rng = random.Random(number)
        self.live: list[str] = []
        self.deleted: list[str] = []

    async def step(self, n: int) -> None:
        content = self.client.value
        if self.live and self.rng.random() < 0.3:
            token = self.rng.choice(self.live)
            start = content.index(token)
            end = start + len(token)
            self.live.remove(token)
            self.deleted.append(token)

            def change(text: Text) -> None:
                del text[byte_index(content, start) : byte_index(content, end)]
        else:
            token = f"[c{self.number}.{n}{self.rng.choice(['', '', 'é', '🙂'])}]"
            at = self.rng.choice(boundaries(content))
            self.live.append(token)

            def change(text: Text) -> None:
                text.insert(byte_index(content, at), token)

        response = await self.client.edit(change)
        assert response.status_code == 204, response.text


class SeedTypist:
    """Sends whole texts: inserts its own tokens between tokens, deletes "~" only inside its own."""

    def __init__(self, seed: SeedClient, number: int) -> None:
        self.seed = seed
        self.number = number
        self.rng = random.Random(100 + number)
        self.deletes: dict[str, int] = {}

    async def step(self, n: int) -> None:
        code = self.seed.code
        # Its view can lag behind its own edits (a text sent before the server had them): work on what it sees.
        visible = [(name, m) for name in self.deletes if (m := seed_token(name).search(code)) and m.group(1)]
        if visible and self.rng.random() < 0.3:
            name, match = self.rng.choice(visible)
            self.deletes[name] += 1
            new = code[: match.start(1)] + code[match.start(1) + 1 :]
        else:
            name = f"«s{self.number}.{n}"
            self.deletes[name] = 0
            at = self.rng.choice(boundaries(code))
            new = code[:at] + name + "~~~" + "".join(self.rng.choices(string.ascii_lowercase, k=12)) + "»" + code[at:]
        await self.seed.type_text(new)


async def server_text(client: CrdtClient) -> str:
    state = (await client.http.get(f"/api/rooms/{client.room_id}/document")).json()
    doc: Doc[object] = Doc()  # type: ignore[type-var]
    doc.apply_update(base64.b64decode(state["update"]))
    return str(doc.get("code", type=Text))


async def test_concurrent_random_edits_converge_and_lose_nothing(api: ApiProcess, api2: ApiProcess) -> None:
    room_id = await create_room(api.url)
    clients = [CrdtClient(api.url if n % 2 else api2.url, room_id) for n in range(4)]
    for client in clients:
        await client.__aenter__()
    seeds = [SeedClient(ws_url(url, room_id)) for url in (api.url, api2.url)]
    for seed in seeds:
        await seed.__aenter__()
    try:
        typists = [CrdtTypist(client, n) for n, client in enumerate(clients)]
        seed_typists = [SeedTypist(seed, n) for n, seed in enumerate(seeds)]

        async def crdt_typing(typist: CrdtTypist) -> None:
            for n in range(60):
                await typist.step(n)
                await asyncio.sleep(typist.rng.random() * 0.01)

        async def seed_typing(typist: SeedTypist) -> None:
            for n in range(30):
                await typist.step(n)
                await asyncio.sleep(typist.rng.random() * 0.02)

        await asyncio.gather(*map(crdt_typing, typists), *map(seed_typing, seed_typists))

        deadline = time.monotonic() + 15
        while True:
            stored = await server_text(clients[0])
            for client in clients:
                client.apply_received()
            texts = {client.value for client in clients} | {stored} | {seed.code for seed in seeds}
            if len(texts) == 1:
                break
            assert time.monotonic() < deadline, f"did not converge: {texts}"
            await asyncio.sleep(0.2)

        assert DOCUMENT.fullmatch(stored), f"a token was split or mangled: {stored}"
        for typist in typists:
            for token in typist.live:
                assert stored.count(token) == 1, f"{token} lost or duplicated"
            for token in typist.deleted:
                assert token not in stored, f"{token} came back"
        for seed_typist in seed_typists:
            for name, deletes in seed_typist.deletes.items():
                found = seed_token(name).findall(stored)
                assert len(found) == 1, f"{name} lost or duplicated"
                # Deleting a "~" on a text that lagged behind its own delete can remove the same one twice.
                assert 3 - deletes <= len(found[0]) <= 3, (name, found, deletes)
    finally:
        for seed in seeds:
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


async def test_a_lagging_seed_client_keeps_many_edits_it_has_not_seen(api: ApiProcess) -> None:
    room_id = await create_room(api.url)
    async with CrdtClient(api.url, room_id) as web, SeedClient(ws_url(api.url, room_id)) as seed:
        await seed.type_text("hello")
        await web_wait(web, "hello")
        # Many texts reach the seed client before it sends one typed on the old "hello".
        tokens = [f"<{n}>" for n in range(30)]
        for token in tokens:
            await web.edit(lambda text, token=token: text.insert(0, token))
        await seed.wait_for(lambda m: m["type"] == "code_update" and m["code"].startswith(tokens[-1]))
        await seed.send({"type": "code_update", "code": "hello!"})
        await web_wait(web, "".join(reversed(tokens)) + "hello!")


async def test_a_refused_seed_edit_resyncs_the_client_and_leaves_no_trace(api: ApiProcess) -> None:
    room_id = await create_room(api.url)
    async with CrdtClient(api.url, room_id) as web, SeedClient(ws_url(api.url, room_id)) as seed:
        await seed.type_text("hello")
        await web_wait(web, "hello")
        await seed.type_text("hello" + "x" * 70_000)  # one update over the 64 kB limit
        error = await seed.wait_for(lambda m: m["type"] == "error")
        assert "at most" in error["message"]
        resync = await seed.wait_for(lambda m: m["type"] == "code_update" and m["code"] == "hello")
        assert seed.messages.index(resync) > seed.messages.index(error)
        await web.edit(lambda text: text.insert(0, "A"))
        await seed.wait_for(lambda m: m["type"] == "code_update" and m["code"] == "Ahello")
        await seed.type_text("Ahello!")
        await web_wait(web, "Ahello!")
        assert await server_text(web) == "Ahello!"


async def web_wait(client: CrdtClient, expected: str) -> None:
    deadline = time.monotonic() + 5
    while client.value != expected:
        assert time.monotonic() < deadline, f"{client.value!r} != {expected!r}"
        await asyncio.sleep(0.05)
