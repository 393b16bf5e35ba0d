import asyncio
import time

from tests.support.processes import ApiProcess, start_api
from tests.support.sse import EventStream, is_offline_event, is_online_event
from tests.support.users import signed_up_client, username_of, with_session_of


async def online_usernames(client: object) -> list[str]:
    response = await client.get("/api/presence")  # type: ignore[attr-defined]
    assert response.status_code == 200
    return [user["username"] for user in response.json()["users"]]


async def test_join_and_leave_are_announced_and_listed(api: ApiProcess, api2: ApiProcess) -> None:
    watcher = await signed_up_client(api.url, "watcher")
    visitor = await signed_up_client(api2.url, "visitor")
    name = username_of(visitor)
    async with EventStream(watcher, ["presence"]) as stream:
        async with EventStream(visitor, ["presence"]):
            await stream.wait_for(is_online_event(name))
            assert name in await online_usernames(watcher)
            # A second tab of the same user is not a second join, and closing it is not a leave.
            async with EventStream(with_session_of(visitor, api.url), ["presence"]):
                await asyncio.sleep(0.3)
            await asyncio.sleep(4)  # past the reconnect grace period
            assert name in await online_usernames(watcher)
        await stream.wait_for(is_offline_event(name), timeout=10)
        assert name not in await online_usernames(watcher)
    assert len([e for e in stream.events if e.event == "user_online" and name in e.data]) == 1


async def test_presence_needs_a_login(api: ApiProcess) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=api.url) as anonymous:
        assert (await anonymous.get("/api/presence")).status_code == 401


async def test_users_of_a_killed_process_drop_out_within_60_seconds(api: ApiProcess, redis_url: str) -> None:
    doomed = start_api(redis_url)
    try:
        watcher = await signed_up_client(api.url, "watcher")
        ghost = await signed_up_client(doomed.url, "ghost")
        stream = EventStream(ghost, ["presence"])
        await stream.__aenter__()
        await stream.wait_for(lambda e: e.event == "ready")
        assert username_of(ghost) in await online_usernames(watcher)

        doomed.kill()
        killed_at = time.monotonic()
        while username_of(ghost) in await online_usernames(watcher):
            assert time.monotonic() - killed_at < 60, "a ghost stayed online for more than 60 s"
            await asyncio.sleep(1)
        await stream.close()
    finally:
        doomed.kill()
