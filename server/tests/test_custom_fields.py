"""Custom fields: any name is data (never a placeholder or pattern), numbers that no client could
read are refused, and a field can be renamed or deleted, live for every member."""

import httpx
import pytest

from tests.support.processes import ApiProcess
from tests.support.sse import EventStream, data
from tests.support.tasks import create_task, create_workspace, join
from tests.support.users import signed_up_client

PLACEHOLDER_LIKE = ["x__ID__", "__ID__", "%1", "%%", "%s", "{0}", "$1", "%0 %d \\1", "cf_1"]


async def _add_field(client: httpx.AsyncClient, ws: str, name: str, type_: str = "text") -> httpx.Response:
    return await client.post(f"/api/workspaces/{ws}/fields", json={"name": name, "type": type_})


async def _readable(client: httpx.AsyncClient, ws: str) -> list[dict[str, object]]:
    fields = await client.get(f"/api/workspaces/{ws}/fields")
    assert fields.status_code == 200, fields.text
    assert (await client.get(f"/api/fields?workspaceId={ws}")).status_code == 200
    assert (await client.get(f"/api/tasks?workspaceId={ws}")).status_code == 200
    custom: list[dict[str, object]] = [field for field in fields.json()["fields"] if not field["builtin"]]
    return custom


@pytest.mark.parametrize("name", PLACEHOLDER_LIKE)
async def test_a_field_name_is_kept_as_written(api: ApiProcess, name: str) -> None:
    owner = await signed_up_client(api.url)
    ws = (await create_workspace(owner))["id"]
    created = await _add_field(owner, ws, name)
    assert created.status_code == 201, created.text
    field = created.json()
    assert field["name"] == name and field["id"].startswith("cf_")
    assert [(f["id"], f["name"]) for f in await _readable(owner, ws)] == [(field["id"], name)]

    task = await create_task(owner, ws, **{field["id"]: f"value {name}"})
    assert task["data"][field["id"]] == f"value {name}"
    patched = await owner.patch(f"/api/tasks/{task['id']}", json={"patch": {field["id"]: name}})
    assert patched.status_code == 200 and patched.json()["data"][field["id"]] == name
    second = await _add_field(owner, ws, f"second {name}")
    assert second.status_code == 201 and second.json()["name"] == f"second {name}"
    await owner.aclose()


async def test_numbers_no_client_could_read_are_refused(api: ApiProcess) -> None:
    owner = await signed_up_client(api.url)
    ws = (await create_workspace(owner))["id"]
    estimate = (await _add_field(owner, ws, "Estimate", "number")).json()["id"]
    huge = "9" * 400
    body = f'{{"workspaceId":"{ws}","data":{{"title":"t","{estimate}":{huge}}}}}'
    refused = await owner.post("/api/tasks", content=body, headers={"content-type": "application/json"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == estimate, refused.text
    task = await create_task(owner, ws)
    patch = f'{{"patch":{{"{estimate}":-{huge}}}}}'
    refused = await owner.patch(f"/api/tasks/{task['id']}", content=patch, headers={"content-type": "application/json"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == estimate, refused.text
    exact = await owner.patch(f"/api/tasks/{task['id']}", json={"patch": {estimate: 12345678901234567890}})
    assert exact.status_code == 200 and exact.json()["data"][estimate] == 12345678901234567890
    await _readable(owner, ws)
    await owner.aclose()


async def test_rename_and_delete_a_field_live_for_other_members(api: ApiProcess, api2: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    member = await signed_up_client(api2.url, "member")
    ws = (await create_workspace(owner))["id"]
    await join(owner, member, ws)
    size = (await _add_field(owner, ws, "Size")).json()["id"]
    keep = (await _add_field(owner, ws, "Keep", "number")).json()["id"]
    tasks = [await create_task(owner, ws, **{size: f"S{n}", keep: n}) for n in range(3)]
    await owner.delete(f"/api/tasks/{tasks[2]['id']}")  # in the trash: its value goes too

    async with EventStream(member, [f"workspace:{ws}"]) as stream:
        await stream.wait_for(lambda e: e.event == "ready")
        renamed = await member.patch(f"/api/workspaces/{ws}/fields/{size}", json={"name": "  T-shirt %1 __ID__ "})
        assert renamed.status_code == 200, renamed.text
        assert renamed.json() == {**renamed.json(), "id": size, "name": "T-shirt %1 __ID__", "type": "text"}
        event = await stream.wait_for(lambda e: e.event == "fields_updated")
        assert data(event)["change"] == "renamed" and data(event)["field"]["name"] == "T-shirt %1 __ID__"
        names = [f["name"] for f in await _readable(owner, ws)]
        assert names == ["T-shirt %1 __ID__", "Keep"]
        # Values are untouched by a rename.
        assert (await owner.get(f"/api/tasks/{tasks[0]['id']}")).json()["data"][size] == "S0"

        taken = await owner.patch(f"/api/workspaces/{ws}/fields/{size}", json={"name": "keep"})
        assert taken.status_code == 409 and taken.json()["errors"][0]["field"] == "name"
        builtin = await owner.patch(f"/api/workspaces/{ws}/fields/title", json={"name": "Name"})
        assert builtin.status_code == 404 and builtin.json()["errors"][0]["field"] == "field_id"
        empty = await owner.patch(f"/api/workspaces/{ws}/fields/{size}", json={"name": " "})
        assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "name"

        deleted = await owner.delete(f"/api/workspaces/{ws}/fields/{size}")
        assert deleted.status_code == 204, deleted.text
        event = await stream.wait_for(lambda e: e.event == "fields_updated" and data(e)["change"] == "deleted")
        assert data(event)["fieldId"] == size

    assert [f["id"] for f in await _readable(member, ws)] == [keep]
    for task in tasks[:2]:
        now = (await owner.get(f"/api/tasks/{task['id']}")).json()
        assert size not in now["data"] and now["data"][keep] == task["data"][keep]
    restored = await owner.post(f"/api/tasks/{tasks[2]['id']}/restore")
    assert restored.status_code == 200 and size not in restored.json()["data"]
    page = (await owner.get(f"/api/tasks?workspaceId={ws}")).json()
    assert all(size not in task["data"] for task in page["tasks"])

    # The field is gone: writing it is refused, deleting it again is a 404, and a new field of the
    # same name gets a new id, with no value of the old one.
    gone = await owner.patch(f"/api/tasks/{tasks[0]['id']}", json={"patch": {size: "x"}})
    assert gone.status_code == 422
    assert (await owner.delete(f"/api/workspaces/{ws}/fields/{size}")).status_code == 404
    again = (await _add_field(owner, ws, "T-shirt %1 __ID__")).json()
    assert again["id"] != size
    assert again["id"] not in (await owner.get(f"/api/tasks/{tasks[0]['id']}")).json()["data"]

    outsider = await signed_up_client(api.url, "outsider")
    assert (await outsider.patch(f"/api/workspaces/{ws}/fields/{keep}", json={"name": "Mine"})).status_code == 403
    assert (await outsider.delete(f"/api/workspaces/{ws}/fields/{keep}")).status_code == 403
    for client in (owner, member, outsider):
        await client.aclose()
