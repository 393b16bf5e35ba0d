import asyncio
import contextlib
import json
from typing import Any

import httpx
from httpx_sse import aconnect_sse

from tests.support.processes import ApiProcess
from tests.support.sse import EventStream, data
from tests.support.tasks import create_task, create_workspace, join
from tests.support.users import signed_up_client


async def test_task_events_carry_the_full_task_and_its_version(api: ApiProcess, api2: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    member = await signed_up_client(api2.url, "member")
    workspace = await create_workspace(owner)
    await join(owner, member, workspace["id"])
    async with EventStream(owner, [f"workspace:{workspace['id']}"]) as stream:
        await stream.wait_for(lambda e: e.event == "ready")
        task = await create_task(member, workspace["id"], title="Live one")
        created = await stream.wait_for(lambda e: e.event == "task_created")
        assert data(created)["task"] == task and data(created)["type"] == "task_created"
        updated_task = (await member.patch(f"/api/tasks/{task['id']}", json={"patch": {"status": "done"}})).json()
        updated = await stream.wait_for(lambda e: e.event == "task_updated")
        assert data(updated)["task"] == updated_task and data(updated)["task"]["version"] == 2
        assert data(updated)["type"] == "task_updated"
        await member.delete(f"/api/tasks/{task['id']}")
        deleted = await stream.wait_for(lambda e: e.event == "task_deleted")
        assert data(deleted)["task"]["id"] == task["id"] and data(deleted)["type"] == "task_deleted"


class SeedEventSource:
    """Seed 002's client: `addEventListener("message", ...)` only, so named events never reach it."""

    def __init__(self, client: httpx.AsyncClient, workspace_id: str, last_event_id: str | None = None) -> None:
        self.client = client
        self.path = f"/api/tasks/{workspace_id}/events"
        self.headers = {"Last-Event-ID": last_event_id} if last_event_id else {}
        self.messages: list[dict[str, Any]] = []
        self.last_event_id: str | None = None
        self._task: asyncio.Task[None] | None = None
        self._open = asyncio.Event()

    async def __aenter__(self) -> "SeedEventSource":
        self._task = asyncio.create_task(self._read())
        await asyncio.wait_for(self._open.wait(), timeout=10)
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task

    async def _read(self) -> None:
        timeout = httpx.Timeout(10, read=None)
        async with aconnect_sse(self.client, "GET", self.path, headers=self.headers, timeout=timeout) as source:
            assert source.response.status_code == 200
            async for event in source.aiter_sse():
                self._open.set()  # the first event is Huddle's named `ready`, which a seed client skips
                if event.event == "message":
                    self.messages.append(json.loads(event.data))
                    self.last_event_id = event.id

    async def wait_for_count(self, count: int) -> None:
        deadline = asyncio.get_running_loop().time() + 5
        while len(self.messages) < count:
            assert asyncio.get_running_loop().time() < deadline, self.messages
            await asyncio.sleep(0.02)


async def test_a_seed_event_source_gets_every_change_in_the_seed_shape(api: ApiProcess, api2: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    member = await signed_up_client(api2.url, "member")
    workspace = await create_workspace(owner)
    await join(owner, member, workspace["id"])
    async with SeedEventSource(owner, workspace["id"]) as source:
        task = await create_task(member, workspace["id"], title="Via seed stream")
        patched = []
        for status in ("in_progress", "done", "todo"):
            response = await member.patch(f"/api/tasks/{task['id']}", json={"patch": {"status": status}})
            patched.append(response.json())
        await source.wait_for_count(4)
        assert source.messages[0] == {"type": "task_create", "task": task}
        assert source.messages[1:] == [{"type": "task_update", "task": updated} for updated in patched]
        assert set(patched[-1]) >= {"id", "workspaceId", "displayId", "sequenceNumber", "data", "version"}
        resume_from = source.last_event_id

    # Missed while disconnected: resumed from Last-Event-ID, as an EventSource reconnects.
    await member.patch(f"/api/tasks/{task['id']}", json={"patch": {"title": "Renamed"}})
    await member.delete(f"/api/tasks/{task['id']}")
    async with SeedEventSource(owner, workspace["id"], last_event_id=resume_from) as resumed:
        await resumed.wait_for_count(2)
        assert [m["type"] for m in resumed.messages] == ["task_update", "task_delete"]
        assert resumed.messages[0]["task"]["data"]["title"] == "Renamed"
