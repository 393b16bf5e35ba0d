import json

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


async def test_the_seed_workspace_events_endpoint(api: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    workspace = await create_workspace(owner)
    async with owner.stream("GET", f"/api/tasks/{workspace['id']}/events") as response:
        assert response.status_code == 200
        await create_task(owner, workspace["id"], title="Via seed stream")
        text = ""
        async for chunk in response.aiter_text():
            text += chunk
            if "Via seed stream" in text:
                break
    assert "event: task_created" in text
    # Seed 002's clients read plain messages and tell events apart by data.type.
    line = next(line for line in text.splitlines() if line.startswith("data:") and "Via seed stream" in line)
    payload = json.loads(line.removeprefix("data:"))
    assert payload["type"] == "task_created" and payload["task"]["data"]["title"] == "Via seed stream"
