"""Seed clients' whole texts become exactly the edit their user made: every share of deletion,
clear, replace-all and delete-at-end, with another client editing elsewhere at the same time."""

import asyncio
import random
import string
import time
from collections.abc import Callable

import pytest

from tests.support.processes import ApiProcess
from tests.support.rooms import SeedClient, create_room, ws_url

HEAD = "# notes\n"


def body_text(seed: int, length: int = 900) -> str:
    rng = random.Random(seed)
    return "".join(rng.choices(string.ascii_lowercase + " \n", k=length))


async def converged(clients: list[SeedClient], expected: str) -> None:
    deadline = time.monotonic() + 10
    while any(client.code != expected for client in clients):
        assert time.monotonic() < deadline, f"{[len(c.code) for c in clients]} != {len(expected)}: {expected[:60]!r}"
        await asyncio.sleep(0.02)


@pytest.mark.parametrize("processes", ["one", "two"])
async def test_a_single_seed_client_deletes_clears_and_replaces_exactly(
    api: ApiProcess, api2: ApiProcess, processes: str
) -> None:
    room_id = await create_room(api.url)
    other = api2 if processes == "two" else api
    async with SeedClient(ws_url(api.url, room_id)) as author, SeedClient(ws_url(other.url, room_id)) as reader:
        document = body_text(0)
        await author.type_text(document)
        await converged([author, reader], document)
        # The cases: 51% deleted (was 1,341 characters), all but one (was 901), clear (ignored),
        # paste over everything (appended), then delete at the end.
        steps = [document[:441], document[:1], document, "", body_text(1), body_text(2), body_text(2)[:-300]]
        for text in steps:
            await author.type_text(text)
            await converged([author, reader], text)


@pytest.mark.parametrize("processes", ["one", "two"])
async def test_every_share_of_deletion_with_another_client_typing_elsewhere(
    api: ApiProcess, api2: ApiProcess, processes: str
) -> None:
    room_id = await create_room(api.url)
    other = api2 if processes == "two" else api
    async with SeedClient(ws_url(api.url, room_id)) as author, SeedClient(ws_url(other.url, room_id)) as typist:
        head = HEAD
        for percent in range(1, 101):
            body = body_text(percent)
            await author.type_text(head + body)  # replace-all of the previous round's body
            await converged([author, typist], head + body)
            cut = len(body) * percent // 100
            start = [0, (len(body) - cut) // 2, len(body) - cut][percent % 3]  # at the start, middle, end
            shorter = body[:start] + body[start + cut :]
            token = f"<{percent}>"
            # Each builds on the text it has; neither has seen the other's edit when sending it.
            await asyncio.gather(
                author.type_text(head + shorter),
                typist.type_text(head[:2] + token + head[2:] + body),
            )
            head = head[:2] + token + head[2:]
            await converged([author, typist], head + shorter)


async def test_a_second_client_deletes_what_it_just_received(api: ApiProcess, api2: ApiProcess) -> None:
    """Its previous text is still a possible base (the author's may have been on its way): deleting
    most of the author's text is no re-typing of the rest on that previous text."""
    room_id = await create_room(api.url)
    async with SeedClient(ws_url(api.url, room_id)) as author, SeedClient(ws_url(api2.url, room_id)) as editor:
        edits: list[Callable[[str], str]] = [
            lambda text: "",
            lambda text: text[:1],
            lambda text: text[:300],
            lambda text: text[:200] + text[800:],
            lambda text: text[450:],
        ]
        for number, edit in enumerate(edits):
            fresh = body_text(10 + number)
            await author.type_text(fresh)
            await converged([author, editor], fresh)
            await editor.type_text(edit(fresh))
            await converged([author, editor], edit(fresh))
