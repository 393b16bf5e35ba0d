"""Each participant of a room gets the first colour nobody in the room uses, across processes."""

import asyncio
import contextlib

import httpx

from huddle.rooms.colors import PALETTE
from tests.support.processes import ApiProcess
from tests.support.rooms import SeedClient, create_room, ws_url


def contrast_with_white(hex_color: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def test_the_palette_is_large_distinct_and_readable_under_white_text() -> None:
    assert len(PALETTE) >= 12 and len(set(PALETTE)) == len(PALETTE)
    for color in PALETTE:
        assert contrast_with_white(color) >= 4.5, color


async def test_twelve_people_on_two_processes_get_twelve_colours_and_a_freed_one_is_reused(
    api: ApiProcess, api2: ApiProcess
) -> None:
    room_id = await create_room(api.url)
    async with contextlib.AsyncExitStack() as stack:
        # All join at once, alternating processes, so claims race in Redis.
        clients = await asyncio.gather(
            *[stack.enter_async_context(SeedClient(ws_url((api if n % 2 else api2).url, room_id))) for n in range(12)]
        )
        colors = [c.messages[0]["color"] for c in clients]
        assert len(set(colors)) == 12, colors
        assert set(colors) <= set(PALETTE)

        leaving = clients[5]
        freed = colors[5]
        await leaving.socket.close()  # type: ignore[union-attr]
        async with httpx.AsyncClient(base_url=api2.url) as http:
            for _ in range(100):
                present = (await http.get(f"/api/rooms/{room_id}")).json()["participants"]
                if len(present) == 11:
                    break
                await asyncio.sleep(0.1)
        assert freed not in [p["color"] for p in present]
        async with SeedClient(ws_url(api.url, room_id)) as newcomer:
            assert newcomer.messages[0]["color"] == freed
            users = newcomer.messages[0]["users"]
            assert len({u["color"] for u in users}) == len(users) == 12
