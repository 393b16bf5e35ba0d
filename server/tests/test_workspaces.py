from tests.support.processes import ApiProcess
from tests.support.tasks import create_workspace, join
from tests.support.users import signed_up_client, username_of


async def test_create_list_invite_join_and_members(api: ApiProcess, api2: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    joiner = await signed_up_client(api2.url, "joiner")
    workspace = await create_workspace(owner, "  Design   Team ", " des ")
    assert workspace["name"] == "Design Team" and workspace["key"] == "DES" and workspace["role"] == "owner"
    assert workspace["member_count"] == 1
    assert (await joiner.get(f"/api/workspaces/{workspace['id']}")).status_code == 403
    assert (await joiner.get("/api/workspaces")).json()["workspaces"] == []

    await join(owner, joiner, workspace["id"])
    mine = (await joiner.get("/api/workspaces")).json()["workspaces"]
    assert [w["id"] for w in mine] == [workspace["id"]] and mine[0]["role"] == "member"
    members = (await owner.get(f"/api/workspaces/{workspace['id']}/members")).json()["members"]
    assert [(m["user"]["username"], m["role"]) for m in members] == [
        (username_of(owner), "owner"),
        (username_of(joiner), "member"),
    ]
    assert "password_hash" not in str(members)


async def test_invites_rotate_and_bad_codes_are_404(api: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    member = await signed_up_client(api.url, "member")
    late = await signed_up_client(api.url, "late")
    workspace = await create_workspace(owner)
    old = (await owner.get(f"/api/workspaces/{workspace['id']}/invite")).json()["code"]
    await member.post("/api/workspaces/join", json={"code": old})
    assert (await member.post(f"/api/workspaces/{workspace['id']}/invite")).status_code == 403
    new = (await owner.post(f"/api/workspaces/{workspace['id']}/invite")).json()["code"]
    assert new != old
    refused = await late.post("/api/workspaces/join", json={"code": old})
    assert refused.status_code == 404 and refused.json()["errors"][0]["field"] == "code"
    assert (await late.post("/api/workspaces/join", json={"code": new})).status_code == 200


async def test_bad_workspaces_are_refused(api: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    for body, field in (
        ({"name": "X", "key": "E"}, "key"),
        ({"name": "X", "key": "ENGINE"}, "key"),
        ({"name": "X", "key": "E1"}, "key"),
        ({"name": " ", "key": "ENG"}, "name"),
        ({"key": "ENG"}, "name"),
    ):
        response = await owner.post("/api/workspaces", json=body)
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == field, body
    assert (await owner.get("/api/workspaces/doesnotexist")).status_code == 404


async def test_custom_fields_extend_the_field_configuration(api: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    workspace = await create_workspace(owner)
    builtin = (await owner.get("/api/fields")).json()["fields"]
    assert [f["id"] for f in builtin] == ["title", "description", "status", "priority", "assignee", "dueDate", "labels"]

    size = await owner.post(
        f"/api/workspaces/{workspace['id']}/fields", json={"name": "Size", "type": "select", "options": ["S", "M", "L"]}
    )
    assert size.status_code == 201 and size.json()["id"] == "cf_1" and size.json()["options"] == ["S", "M", "L"]
    estimate = await owner.post(
        f"/api/workspaces/{workspace['id']}/fields", json={"name": "Estimate", "type": "number"}
    )
    assert estimate.json()["id"] == "cf_2"
    fields = (await owner.get("/api/fields", params={"workspaceId": workspace["id"]})).json()["fields"]
    assert [f["id"] for f in fields][-2:] == ["cf_1", "cf_2"]

    no_options = await owner.post(f"/api/workspaces/{workspace['id']}/fields", json={"name": "Team", "type": "select"})
    assert no_options.status_code == 422 and no_options.json()["errors"][0]["field"] == "options"
    duplicate = await owner.post(f"/api/workspaces/{workspace['id']}/fields", json={"name": "size", "type": "text"})
    assert duplicate.status_code == 409
    builtin_name = await owner.post(
        f"/api/workspaces/{workspace['id']}/fields", json={"name": "Status", "type": "text"}
    )
    assert builtin_name.status_code == 409
