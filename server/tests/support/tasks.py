from typing import Any

import httpx


async def create_workspace(client: httpx.AsyncClient, name: str = "Engineering", key: str = "ENG") -> dict[str, Any]:
    response = await client.post("/api/workspaces", json={"name": name, "key": key})
    assert response.status_code == 201, response.text
    workspace: dict[str, Any] = response.json()
    return workspace


async def join(owner: httpx.AsyncClient, joiner: httpx.AsyncClient, workspace_id: str) -> None:
    code = (await owner.get(f"/api/workspaces/{workspace_id}/invite")).json()["code"]
    response = await joiner.post("/api/workspaces/join", json={"code": code})
    assert response.status_code == 200, response.text


async def create_task(client: httpx.AsyncClient, workspace_id: str, **data: Any) -> dict[str, Any]:
    response = await client.post("/api/tasks", json={"workspaceId": workspace_id, "data": {"title": "A task", **data}})
    assert response.status_code == 201, response.text
    task: dict[str, Any] = response.json()
    return task
