"""`huddle demo` against a real API process: a lived-in workspace, feed and code room."""

import re
import subprocess
import sys

import httpx

from tests.support.processes import SERVER_DIR, ApiProcess


def run_demo(url: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "huddle.cli", "demo", "--url", url],
        cwd=SERVER_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


async def test_demo_creates_tasks_posts_polls_with_votes_and_a_code_room(api: ApiProcess) -> None:
    output = run_demo(api.url)
    usernames = re.search(r"as any of (.+)", output)
    password = re.search(r"password \(the same for the three\): (\S+)", output)
    room = re.search(r"/code/([0-9a-f]{6})", output)
    assert usernames and password and room, output
    first = usernames.group(1).split(", ")[0]

    async with httpx.AsyncClient(base_url=api.url, timeout=10) as client:
        login = await client.post("/api/auth/login", json={"username": first, "password": password.group(1)})
        assert login.status_code == 200, login.text
        (workspace,) = (await client.get("/api/workspaces")).json()["workspaces"]
        assert workspace["name"] == "Launch" and workspace["member_count"] == 3
        tasks = (await client.get("/api/tasks", params={"workspaceId": workspace["id"], "perPage": 50})).json()["tasks"]
        assert len(tasks) >= 10
        assert {t["data"]["status"] for t in tasks} >= {"todo", "in_progress", "done"}
        assert any(t["data"].get("assignee") for t in tasks) and any(t["data"].get("dueDate") for t in tasks)

        # The feed also holds what other tests posted: only the demo's people count here.
        demo_people = set(usernames.group(1).split(", "))
        items = [i for i in (await client.get("/api/feed")).json()["items"] if i["author"]["username"] in demo_people]
        polls = [i for i in items if i["type"] == "poll"]
        posts = [i for i in items if i["type"] == "post"]
        assert len(posts) >= 3 and len(polls) >= 2
        assert all(p["voters"] == 3 for p in polls)

        document = await client.get(f"/api/rooms/{room.group(1)}/document")
        assert document.status_code == 200 and document.json()["update"]

    # Run again: the names are taken now, the second demo gets its own people.
    again = run_demo(api.url)
    assert "Demo ready" in again and first not in re.findall(r"as any of (.+)", again)[0].split(", ")


def test_demo_explains_an_unreachable_server() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "huddle.cli", "demo", "--url", "http://127.0.0.1:9"],
        cwd=SERVER_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "cannot reach Huddle" in done.stderr
