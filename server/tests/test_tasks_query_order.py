"""A filtered page must be the unfiltered order restricted to the matches, for every sort and page.

The unfiltered pages are one ZRANGE of the sort index (or, for `due`, the index then the undated
tasks); the filtered ones walk the same index and keep the matches. This checks the two agree on
random tasks, including ties, undated tasks and pages past the first.
"""

import random
from typing import Any

import httpx

from tests.support.processes import ApiProcess
from tests.support.tasks import create_task, create_workspace, join
from tests.support.users import signed_up_client, username_of

STATUSES = ["backlog", "todo", "in_progress", "done", "canceled"]
PRIORITIES = ["none", "low", "medium", "high", "urgent"]
SORTS = ["created", "-created", "updated", "-updated", "status", "-status", "priority", "-priority", "due", "-due"]
SORTS += ["title", "-title"]


async def all_ids(client: httpx.AsyncClient, workspace_id: str, **params: str) -> list[str]:
    response = await client.get("/api/tasks", params={"workspaceId": workspace_id, "perPage": 200, **params})
    assert response.status_code == 200, response.text
    return [task["id"] for task in response.json()["tasks"]]


async def test_filtered_pages_follow_the_unfiltered_order(api: ApiProcess) -> None:
    owner = await signed_up_client(api.url, "owner")
    member = await signed_up_client(api.url, "member")
    workspace = await create_workspace(owner)
    await join(owner, member, workspace["id"])
    rng = random.Random(5)
    tasks: dict[str, dict[str, Any]] = {}
    for n in range(70):
        data: dict[str, Any] = {
            "title": rng.choice(["Alpha", "beta", "Gamma", "delta"]) + ("" if n % 3 else f" {n}"),
            "status": rng.choice(STATUSES),
            "priority": rng.choice(PRIORITIES),
        }
        if rng.random() < 0.5:
            data["assignee"] = username_of(rng.choice([owner, member]))
        if rng.random() < 0.6:
            data["dueDate"] = f"2027-01-{rng.randint(1, 5):02d}"
        task = await create_task(owner, workspace["id"], **data)
        tasks[task["id"]] = task["data"]

    filters: list[dict[str, str]] = [
        {"status": "todo"},
        {"status": "todo,done,canceled"},
        {"priority": "high,urgent"},
        {"assignee": "none"},
        {"assignee": username_of(member), "status": "backlog,todo,in_progress"},
    ]
    for sort in SORTS:
        order = await all_ids(owner, workspace["id"], sort=sort)
        assert sorted(order) == sorted(tasks), sort
        for params in filters:
            expected = [i for i in order if matches(tasks[i], params)]
            assert await all_ids(owner, workspace["id"], sort=sort, **params) == expected, (sort, params)
            # Page by page, with a page size that does not divide the matches.
            paged: list[str] = []
            for page in range(len(expected) // 4 + 2):
                response = await owner.get(
                    "/api/tasks",
                    params={"workspaceId": workspace["id"], "sort": sort, "perPage": 4, "page": page, **params},
                )
                body = response.json()
                assert body["total"] == len(expected), (sort, params)
                paged += [task["id"] for task in body["tasks"]]
            assert paged == expected, (sort, params)


def matches(data: dict[str, Any], params: dict[str, str]) -> bool:
    # An unassigned task matches `assignee=none`.
    return all((data.get(field) or "none") in wanted.split(",") for field, wanted in params.items())
