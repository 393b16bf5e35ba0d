import asyncio

import pytest

from huddle.db import redis_client
from huddle.tasks.custom_fields_service import FREE_FORM_RULE
from tests.support.processes import ApiProcess
from tests.support.tasks import create_task, create_workspace, join
from tests.support.users import signed_up_client, username_of, with_session_of


async def test_a_task_has_the_seed_shape(api: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    workspace = await create_workspace(owner)
    task = await create_task(owner, workspace["id"], title="  Write the launch post ", labels=[])
    assert set(task) == {
        "id",
        "workspaceId",
        "displayId",
        "sequenceNumber",
        "data",
        "version",
        "createdAt",
        "updatedAt",
    }
    assert task["displayId"] == "ENG-1" and task["sequenceNumber"] == 1 and task["version"] == 1
    assert task["data"] == {"title": "Write the launch post", "status": "todo", "priority": "none"}
    assert (await owner.get(f"/api/tasks/{task['id']}")).json() == task


async def test_concurrent_creates_get_unique_consecutive_display_ids(api: ApiProcess, api2: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    workspace = await create_workspace(owner)
    other = with_session_of(owner, api2.url)
    created = await asyncio.gather(
        *[create_task(owner if n % 2 else other, workspace["id"], title=f"Task {n}") for n in range(40)]
    )
    assert sorted(t["sequenceNumber"] for t in created) == list(range(1, 41))
    assert {t["displayId"] for t in created} == {f"ENG-{n}" for n in range(1, 41)}


async def test_concurrent_patches_to_different_fields_both_survive(api: ApiProcess, api2: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    member = await signed_up_client(api2.url, "member")
    workspace = await create_workspace(owner)
    await join(owner, member, workspace["id"])
    for _ in range(10):
        task = await create_task(owner, workspace["id"])
        one, two = await asyncio.gather(
            owner.patch(f"/api/tasks/{task['id']}", json={"patch": {"status": "done"}, "expectedVersion": 1}),
            member.patch(f"/api/tasks/{task['id']}", json={"patch": {"priority": "urgent"}, "expectedVersion": 1}),
        )
        assert one.status_code == two.status_code == 200
        final = (await owner.get(f"/api/tasks/{task['id']}")).json()
        assert final["data"]["status"] == "done" and final["data"]["priority"] == "urgent" and final["version"] == 3


async def test_a_same_field_conflict_with_expected_version_is_409(api: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    member = await signed_up_client(api.url, "member")
    workspace = await create_workspace(owner)
    await join(owner, member, workspace["id"])
    task = await create_task(owner, workspace["id"])
    first = await owner.patch(
        f"/api/tasks/{task['id']}", json={"patch": {"status": "in_progress"}, "expectedVersion": 1}
    )
    assert first.status_code == 200 and first.json()["version"] == 2

    stale = await member.patch(f"/api/tasks/{task['id']}", json={"patch": {"status": "canceled"}, "expectedVersion": 1})
    assert stale.status_code == 409
    body = stale.json()
    assert (
        body["fields"] == ["status"]
        and body["task"]["data"]["status"] == "in_progress"
        and body["task"]["version"] == 2
    )
    assert (await owner.get(f"/api/tasks/{task['id']}")).json()["data"]["status"] == "in_progress"
    # A stale tab may still change a field nobody else touched.
    other_field = await member.patch(
        f"/api/tasks/{task['id']}", json={"patch": {"title": "Renamed"}, "expectedVersion": 1}
    )
    assert other_field.status_code == 200 and other_field.json()["data"]["status"] == "in_progress"


async def test_merge_patch_semantics_and_exact_values(api: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    workspace = await create_workspace(owner)
    await owner.post(f"/api/workspaces/{workspace['id']}/fields", json={"name": "Estimate", "type": "number"})
    task = await create_task(owner, workspace["id"], dueDate="2026-12-24", labels=["a", "b"])
    patched = await owner.patch(
        f"/api/tasks/{task['id']}",
        json={"patch": {"dueDate": None, "cf_1": 12345678901234567, "description": 'Line 1\n"quoted" ✓'}},
    )
    data = patched.json()["data"]
    assert "dueDate" not in data and data["labels"] == ["a", "b"] and data["title"] == "A task"
    assert data["cf_1"] == 12345678901234567 and data["description"] == 'Line 1\n"quoted" ✓'
    cleared = (await owner.patch(f"/api/tasks/{task['id']}", json={"patch": {"labels": []}})).json()
    assert "labels" not in cleared["data"]
    unchanged = await owner.patch(f"/api/tasks/{task['id']}", json={"patch": {"title": "A task"}})
    assert unchanged.json()["version"] == cleared["version"]  # a no-op is not a new version


async def test_a_stale_patch_that_changes_nothing_is_not_a_conflict(api: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    member = await signed_up_client(api.url, "member")
    workspace = await create_workspace(owner)
    await join(owner, member, workspace["id"])
    task = await create_task(owner, workspace["id"])
    url = f"/api/tasks/{task['id']}"
    assert (await owner.patch(url, json={"patch": {"status": "done"}, "expectedVersion": 1})).json()["version"] == 2

    same = await member.patch(url, json={"patch": {"status": "done"}, "expectedVersion": 1})
    assert same.status_code == 200, same.text
    assert same.json()["version"] == 2  # nothing changed, so no new version either
    # The unchanged stale field rides along with a real change to a field nobody else touched.
    mixed = await member.patch(url, json={"patch": {"status": "done", "priority": "high"}, "expectedVersion": 1})
    assert mixed.status_code == 200, mixed.text
    assert mixed.json()["version"] == 3 and mixed.json()["data"]["status"] == "done"
    # A stale field that would really change is still refused.
    different = await member.patch(url, json={"patch": {"status": "canceled"}, "expectedVersion": 1})
    assert different.status_code == 409 and different.json()["fields"] == ["status"]


NOT_A_KEY = "is not a field of this workspace, nor a key for a new one " + FREE_FORM_RULE


@pytest.mark.parametrize(
    ("patch", "field", "message"),
    [
        ({"nope": 1}, "nope", "must be a string"),
        (
            {"no pe": "x"},
            "no pe",
            NOT_A_KEY,
        ),
        ({"title": ""}, "title", "must not be empty"),
        ({"title": "x" * 501}, "title", "must be at most 500 characters"),
        ({"title": None}, "title", "cannot be removed"),
        ({"title": 5}, "title", "must be a string"),
        ({"status": "blocked"}, "status", "must be one of backlog, todo, in_progress, done, canceled"),
        ({"priority": "p0"}, "priority", "must be one of none, low, medium, high, urgent"),
        ({"assignee": "nobody_here"}, "assignee", "nobody_here is not a member of this workspace"),
        ({"dueDate": "tomorrow"}, "dueDate", "must be a date like 2026-12-31"),
        ({"labels": "a,b"}, "labels", "must be a list of strings"),
        ({"cf_1": "XL"}, "cf_1", "must be one of S, M, L"),
        ({}, "patch", "must change at least one field"),
    ],
)
async def test_bad_patches_are_422_naming_the_field_and_change_nothing(
    api: ApiProcess, patch: dict[str, object], field: str, message: str
) -> None:
    owner = await signed_up_client(api.url, "owner")
    workspace = await create_workspace(owner)
    await owner.post(
        f"/api/workspaces/{workspace['id']}/fields", json={"name": "Size", "type": "select", "options": ["S", "M", "L"]}
    )
    task = await create_task(owner, workspace["id"])
    response = await owner.patch(f"/api/tasks/{task['id']}", json={"patch": patch})
    assert response.status_code == 422
    assert response.json()["errors"][0] == {"field": field, "message": f"{field}: {message}"}
    assert (await owner.get(f"/api/tasks/{task['id']}")).json() == task


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "x" * 501}, "title", "must be at most 500 characters"),
        ({"title": "   "}, "title", "must not be empty"),
        ({"title": ""}, "title", "must not be empty"),
        ({"title": "T", "status": "blocked"}, "status", "must be one of backlog, todo, in_progress, done, canceled"),
        ({"title": "T", "priority": "p0"}, "priority", "must be one of none, low, medium, high, urgent"),
        ({"title": "T", "assignee": "__outsider__"}, "assignee", "__outsider__ is not a member of this workspace"),
        ({"title": "T", "cf_1": "XL"}, "cf_1", "must be one of S, M, L"),
        ({"title": "T", "owner": ["Ada"]}, "owner", "must be a string"),
        (
            {"title": "T", "cf_9": "Ada"},
            "cf_9",
            NOT_A_KEY,
        ),
        ({"title": 5}, "title", "must be a string"),
        ({"title": "T", "dueDate": 20261231}, "dueDate", "must be a date like 2026-12-31"),
        ({"title": "T", "labels": "a,b"}, "labels", "must be a list of strings"),
        ({"title": "T", "status": None}, "status", "cannot be removed"),
    ],
)
async def test_bad_creates_are_422_naming_the_field_and_store_nothing(
    api: ApiProcess, data: dict[str, object], field: str, message: str
) -> None:
    owner = await signed_up_client(api.url, "owner")
    outsider = await signed_up_client(api.url, "outsider")  # a real account, just not a member
    workspace = await create_workspace(owner)
    await owner.post(
        f"/api/workspaces/{workspace['id']}/fields", json={"name": "Size", "type": "select", "options": ["S", "M", "L"]}
    )
    await create_task(owner, workspace["id"])
    data = {name: username_of(outsider) if value == "__outsider__" else value for name, value in data.items()}
    message = message.replace("__outsider__", username_of(outsider))

    response = await owner.post("/api/tasks", json={"workspaceId": workspace["id"], "data": data})
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0] == {"field": field, "message": f"{field}: {message}"}
    listing = (await owner.get("/api/tasks", params={"workspaceId": workspace["id"]})).json()
    assert listing["total"] == 1
    # Nothing allocated either: the next task still gets the next display id.
    assert (await create_task(owner, workspace["id"]))["displayId"] == "ENG-2"


async def test_bad_creates_are_refused(api: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    workspace = await create_workspace(owner)
    no_title = await owner.post("/api/tasks", json={"workspaceId": workspace["id"], "data": {"status": "todo"}})
    assert no_title.status_code == 422 and no_title.json()["errors"][0]["field"] == "title"
    unknown = await owner.post("/api/tasks", json={"workspaceId": "0123456789", "data": {"title": "x"}})
    assert unknown.status_code == 404
    not_an_object = await owner.post("/api/tasks", json={"workspaceId": workspace["id"], "data": ["title"]})
    assert not_an_object.status_code == 422 and not_an_object.json()["errors"][0]["field"] == "data"
    listing = (await owner.get("/api/tasks", params={"workspaceId": workspace["id"]})).json()
    assert listing["total"] == 0


async def test_membership_is_enforced_on_every_endpoint(api: ApiProcess) -> None:
    import httpx

    owner = await signed_up_client(api.url, "owner")
    outsider = await signed_up_client(api.url, "outsider")
    workspace = await create_workspace(owner)
    task = await create_task(owner, workspace["id"])
    ws, tid = workspace["id"], task["id"]
    calls = [
        ("GET", f"/api/workspaces/{ws}", None),
        ("GET", f"/api/workspaces/{ws}/invite", None),
        ("POST", f"/api/workspaces/{ws}/invite", None),
        ("GET", f"/api/workspaces/{ws}/members", None),
        ("GET", f"/api/workspaces/{ws}/fields", None),
        ("POST", f"/api/workspaces/{ws}/fields", {"name": "F", "type": "text"}),
        ("GET", f"/api/fields?workspaceId={ws}", None),
        ("GET", f"/api/tasks?workspaceId={ws}", None),
        ("POST", "/api/tasks", {"workspaceId": ws, "data": {"title": "x"}}),
        ("GET", f"/api/tasks/{tid}", None),
        ("PATCH", f"/api/tasks/{tid}", {"patch": {"status": "done"}}),
        ("DELETE", f"/api/tasks/{tid}", None),
        ("POST", f"/api/tasks/{tid}/restore", None),
        ("GET", f"/api/tasks/{tid}/activity", None),
        ("GET", f"/api/tasks/{ws}/events", None),
        ("GET", f"/api/events?topic=workspace:{ws}", None),
    ]
    async with httpx.AsyncClient(base_url=api.url) as anonymous:
        for method, path, body in calls:
            assert (await anonymous.request(method, path, json=body)).status_code == 401, (method, path)
            assert (await outsider.request(method, path, json=body)).status_code == 403, (method, path)
    assert (await owner.get(f"/api/tasks/{tid}")).json()["version"] == 1  # nothing changed
    for method, path, _ in calls[:4]:
        assert (await owner.request(method, path)).status_code == 200, (method, path)


async def test_a_task_of_another_workspace_and_unknown_ids(api: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    workspace = await create_workspace(owner)
    other_owner = await signed_up_client(api.url, "other")
    other = await create_workspace(other_owner, "Other", "OTH")
    foreign = await create_task(other_owner, other["id"])
    assert (await owner.patch(f"/api/tasks/{foreign['id']}", json={"patch": {"title": "mine now"}})).status_code == 403
    assert (await owner.get(f"/api/tasks/{workspace['id']}-999")).status_code == 404
    assert (await owner.patch(f"/api/tasks/{workspace['id']}-999", json={"patch": {"title": "x"}})).status_code == 404
    assert (await owner.get("/api/tasks/garbage")).status_code == 404
    assert (await other_owner.get(f"/api/tasks/{foreign['id']}")).json()["data"]["title"] == "A task"


async def test_sorting_filtering_search_and_pages(api: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    member = await signed_up_client(api.url, "member")
    workspace = await create_workspace(owner)
    await join(owner, member, workspace["id"])
    specs = [
        ("Fix login bug", "todo", "urgent", username_of(member), "2026-12-03"),
        ("Write docs", "done", "low", None, None),
        ("Login page polish", "in_progress", "medium", username_of(owner), "2026-12-01"),
        ("Release notes", "todo", "high", username_of(member), None),
        ("Audit logging", "backlog", "none", None, "2026-12-02"),
    ]
    for title, status, priority, assignee, due in specs:
        data = {"title": title, "status": status, "priority": priority}
        data |= {"assignee": assignee} if assignee else {}
        data |= {"dueDate": due} if due else {}
        await create_task(owner, workspace["id"], **data)

    async def titles(**params: str | int) -> list[str]:
        response = await owner.get("/api/tasks", params={"workspaceId": workspace["id"], **params})
        assert response.status_code == 200, response.text
        return [t["data"]["title"] for t in response.json()["tasks"]]

    assert await titles() == [s[0] for s in reversed(specs)]  # newest first by default
    assert await titles(sort="title") == sorted(s[0] for s in specs)
    assert await titles(sort="-priority") == [
        "Fix login bug",
        "Release notes",
        "Login page polish",
        "Write docs",
        "Audit logging",
    ]
    # Undated tasks come last; ties break by creation in the sort's direction.
    assert await titles(sort="due") == [
        "Login page polish",
        "Audit logging",
        "Fix login bug",
        "Write docs",
        "Release notes",
    ]
    assert await titles(status="todo", sort="created") == ["Fix login bug", "Release notes"]
    assert await titles(status="todo,done", sort="title") == ["Fix login bug", "Release notes", "Write docs"]
    assert await titles(assignee=username_of(member), sort="-priority") == ["Fix login bug", "Release notes"]
    assert await titles(assignee="none", sort="title") == ["Audit logging", "Write docs"]
    assert await titles(q="LOGIN", sort="title") == ["Fix login bug", "Login page polish"]
    assert await titles(q="login", status="todo") == ["Fix login bug"]
    assert await titles(q="zzz") == []

    page = (await owner.get("/api/tasks", params={"workspaceId": workspace["id"], "perPage": 2, "page": 2})).json()
    assert (
        page["total"] == 5 and not page["hasMore"] and [t["data"]["title"] for t in page["tasks"]] == ["Fix login bug"]
    )
    first = (await owner.get("/api/tasks", params={"workspaceId": workspace["id"], "perPage": 2})).json()
    assert first["hasMore"] and first["perPage"] == 2 and first["page"] == 0

    for params, field in (
        ({"sort": "owner"}, "sort"),
        ({"status": "blocked"}, "status"),
        ({"priority": "p0"}, "priority"),
        ({"perPage": 1000}, "perPage"),
        ({"page": -1}, "page"),
    ):
        response = await owner.get("/api/tasks", params={"workspaceId": workspace["id"], **params})
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == field, params


async def test_delete_restore_and_activity(api: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    workspace = await create_workspace(owner)
    task = await create_task(owner, workspace["id"], status="todo", priority="high")
    await owner.patch(f"/api/tasks/{task['id']}", json={"patch": {"status": "done", "title": "Renamed"}})
    deleted = await owner.delete(f"/api/tasks/{task['id']}")
    assert deleted.status_code == 200 and deleted.json()["data"]["title"] == "Renamed"
    assert (await owner.get(f"/api/tasks/{task['id']}")).status_code == 404
    listing = (await owner.get("/api/tasks", params={"workspaceId": workspace["id"], "status": "done"})).json()
    assert listing["total"] == 0

    restored = await owner.post(f"/api/tasks/{task['id']}/restore")
    assert restored.status_code == 200 and restored.json()["displayId"] == "ENG-1"
    again = (
        await owner.get("/api/tasks", params={"workspaceId": workspace["id"], "status": "done", "q": "renamed"})
    ).json()
    assert [t["id"] for t in again["tasks"]] == [task["id"]]
    assert (await owner.post(f"/api/tasks/{task['id']}/restore")).status_code == 404

    entries = (await owner.get(f"/api/tasks/{task['id']}/activity")).json()["entries"]
    assert [e["kind"] for e in entries] == ["restored", "deleted", "updated", "created"]
    assert {"field": "status", "from": "todo", "to": "done"} in entries[2]["changes"]
    assert {"field": "title", "from": "A task", "to": "Renamed"} in entries[2]["changes"]
    assert entries[2]["actor"]["username"] == username_of(owner)


async def test_created_activity_lists_the_initial_values(api: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    workspace = await create_workspace(owner)
    await owner.post(f"/api/workspaces/{workspace['id']}/fields", json={"name": "Estimate", "type": "number"})
    task = await create_task(
        owner,
        workspace["id"],
        title="Ship it",
        priority="high",
        assignee=username_of(owner),
        dueDate="2026-12-24",
        labels=["a", "b"],
        cf_1=3,
    )
    entries = (await owner.get(f"/api/tasks/{task['id']}/activity")).json()["entries"]
    assert [e["kind"] for e in entries] == ["created"]
    assert sorted(entries[0]["changes"], key=lambda c: c["field"]) == [
        {"field": "assignee", "from": None, "to": username_of(owner)},
        {"field": "cf_1", "from": None, "to": 3},
        {"field": "dueDate", "from": None, "to": "2026-12-24"},
        {"field": "labels", "from": None, "to": ["a", "b"]},
        {"field": "priority", "from": None, "to": "high"},
        {"field": "status", "from": None, "to": "todo"},
        {"field": "title", "from": None, "to": "Ship it"},
    ]


async def test_activity_goes_with_a_deleted_task_and_comes_back_on_restore(api: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    workspace = await create_workspace(owner)
    task = await create_task(owner, workspace["id"])
    activity_key = f"{{workspace:{workspace['id']}}}:activity:{task['sequenceNumber']}"
    trash_key = f"{{workspace:{workspace['id']}}}:trash:{task['sequenceNumber']}"
    assert await redis_client.ttl(activity_key) == -1

    await owner.delete(f"/api/tasks/{task['id']}")
    activity_ttl, trash_ttl = await redis_client.ttl(activity_key), await redis_client.ttl(trash_key)
    assert 0 < activity_ttl <= 7 * 24 * 3600 and abs(activity_ttl - trash_ttl) <= 1
    gone = await owner.get(f"/api/tasks/{task['id']}/activity")
    assert gone.status_code == 404 and gone.json()["errors"][0]["field"] == "id"

    await owner.post(f"/api/tasks/{task['id']}/restore")
    assert await redis_client.ttl(activity_key) == -1
    entries = (await owner.get(f"/api/tasks/{task['id']}/activity")).json()["entries"]
    assert [e["kind"] for e in entries] == ["restored", "deleted", "created"]


async def test_free_form_data_keys_become_text_fields_within_the_limits(api: ApiProcess, api2: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    member = await signed_up_client(api2.url, "member")
    workspace = await create_workspace(owner)
    await join(owner, member, workspace["id"])
    ws = workspace["id"]
    # Seed 002's own example, through the seed endpoints.
    created = await owner.post("/api/tasks", json={"workspaceId": ws, "data": {"title": "T", "owner": "John Doe"}})
    assert created.status_code == 201, created.text
    assert created.json()["data"]["owner"] == "John Doe"
    patched = await member.patch(f"/api/tasks/{created.json()['id']}", json={"patch": {"owner": "Jane", "team": "A"}})
    assert patched.status_code == 200, patched.text
    assert patched.json()["data"]["owner"] == "Jane" and patched.json()["data"]["team"] == "A"
    fields = (await owner.get("/api/fields", params={"workspaceId": ws})).json()["fields"]
    free = [field for field in fields if field["id"] in ("owner", "team")]
    assert [(f["id"], f["name"], f["type"], f["builtin"]) for f in free] == [
        ("owner", "owner", "text", False),
        ("team", "team", "text", False),
    ]

    # A refused value leaves no field behind.
    refused = await owner.post("/api/tasks", json={"workspaceId": ws, "data": {"title": "T", "reviewer": 5}})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "reviewer"
    too_long = await owner.post("/api/tasks", json={"workspaceId": ws, "data": {"title": "T", "notes": "x" * 2001}})
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "notes"
    fields = (await owner.get("/api/fields", params={"workspaceId": ws})).json()["fields"]
    assert not {"reviewer", "notes"} & {field["id"] for field in fields}

    # The workspace's limit on custom fields holds for free-form keys too, counted with the others.
    many = {f"extra{n}": "x" for n in range(28)}
    over = await owner.post("/api/tasks", json={"workspaceId": ws, "data": {"title": "T", **many, "last": "x"}})
    assert over.status_code == 422 and "at most 30 custom fields" in over.json()["detail"]
    fitting = await owner.post("/api/tasks", json={"workspaceId": ws, "data": {"title": "T", **many}})
    assert fitting.status_code == 201, fitting.text
    full = await member.post("/api/tasks", json={"workspaceId": ws, "data": {"title": "T", "last": "x"}})
    assert full.status_code == 422 and full.json()["errors"][0]["field"] == "last"
    app_field = await owner.post(f"/api/workspaces/{ws}/fields", json={"name": "Size", "type": "text"})
    assert app_field.status_code == 422
