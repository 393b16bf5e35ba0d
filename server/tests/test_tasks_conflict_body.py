"""What a stale edit is told: the field, who changed it and the value it would overwrite."""

from tests.support.processes import ApiProcess
from tests.support.tasks import create_task, create_workspace, join
from tests.support.users import signed_up_client


async def test_a_409_names_the_field_who_changed_it_and_the_current_value(api: ApiProcess, api2: ApiProcess) -> None:
    alice = await signed_up_client(api.url, "alice")
    bob = await signed_up_client(api2.url, "bob")
    workspace = await create_workspace(alice)
    await join(alice, bob, workspace["id"])
    task = await create_task(alice, workspace["id"], title="Old title")
    url = f"/api/tasks/{task['id']}"
    bob_me = (await bob.get("/api/auth/me")).json()

    saved = await bob.patch(url, json={"patch": {"title": "Bob's title", "priority": "high"}, "expectedVersion": 1})
    assert saved.status_code == 200
    # A later change of another field: the last change of the title is still Bob's.
    assert (await alice.patch(url, json={"patch": {"dueDate": "2030-01-02"}, "expectedVersion": 2})).status_code == 200

    stale = await alice.patch(
        url, json={"patch": {"title": "Alice's title", "status": "in_progress"}, "expectedVersion": 1}
    )
    assert stale.status_code == 409
    body = stale.json()
    assert body["fields"] == ["title"]
    assert body["errors"][0]["field"] == "title"
    assert body["conflicts"] == [
        {"field": "title", "value": "Bob's title", "version": 2, "changedBy": bob_me},
    ]
    assert (await alice.get(url)).json()["data"]["title"] == "Bob's title"  # nothing half-applied
    assert (await alice.get(url)).json()["data"]["status"] == "todo"

    # "Apply mine": re-sent with the current version, it goes through.
    current = body["task"]["version"]
    mine = await alice.patch(url, json={"patch": {"title": "Alice's title"}, "expectedVersion": current})
    assert mine.status_code == 200 and mine.json()["data"]["title"] == "Alice's title"
