"""Tasks benchmark: a workspace of 10,000 tasks behind two API processes.

Reports the server time (Server-Timing) of the first page with a filter and a sort (status,
priority, assignee, text search), and the latency of PATCHes to random tasks across the whole
workspace sent at a steady rate (open loop: requests go out on schedule whether or not earlier ones
have returned, so slow answers show up as latency instead of a lower rate). The workspace has a few
members; most tasks are assigned to one of them, the rest are unassigned.

    uv run --project server python -m bench.tasks                       # 10,000 tasks, 200 patches/s
    uv run --project server python -m bench.tasks --tasks 500 --rate 50 --seconds 3 --json
"""

import argparse
import asyncio
import json
import random
import statistics
import time
from typing import Any

import httpx

from bench.harness import machine, servers

STATUSES = ["backlog", "todo", "in_progress", "done", "canceled"]
PRIORITIES = ["none", "low", "medium", "high", "urgent"]
WORDS = [
    "login",
    "audit",
    "release",
    "docs",
    "billing",
    "search",
    "onboarding",
    "export",
    "cache",
    "deploy",
    "metrics",
    "alert",
]
MEMBERS = 4  # besides the owner: tasks spread over 5 assignees plus unassigned ones


def server_ms(response: httpx.Response) -> float:
    timing = response.headers.get("server-timing", "app;dur=0")
    return float(timing.split("dur=")[1])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


async def add_members(owner: httpx.AsyncClient, workspace_id: str, prefix: str) -> list[str]:
    """Sign up MEMBERS users and join them to the workspace; their user ids."""
    code = (await owner.get(f"/api/workspaces/{workspace_id}/invite")).json()["code"]
    ids = []
    for n in range(MEMBERS):
        async with httpx.AsyncClient(base_url=str(owner.base_url), timeout=30) as member:
            signup = await member.post(
                "/api/auth/signup", json={"username": f"{prefix}m{n}", "password": "bench password"}
            )
            signup.raise_for_status()
            (await member.post("/api/workspaces/join", json={"code": code})).raise_for_status()
            ids.append(signup.json()["id"])
    return ids


async def load(
    clients: list[httpx.AsyncClient], workspace_id: str, count: int, assignees: list[str], rng: random.Random
) -> tuple[float, list[str]]:
    """Create `count` tasks; (seconds taken, task ids)."""
    semaphore = asyncio.Semaphore(32)
    ids: list[str] = []

    async def one(n: int) -> None:
        data = {
            "title": f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} task {n}",
            "status": rng.choice(STATUSES),
            "priority": rng.choice(PRIORITIES),
        }
        if n % 3 == 0:
            data["dueDate"] = f"2027-{1 + n % 12:02d}-{1 + n % 28:02d}"
        if n % 6:  # one task in six stays unassigned
            data["assignee"] = rng.choice(assignees)
        async with semaphore:
            response = await clients[n % len(clients)].post(
                "/api/tasks", json={"workspaceId": workspace_id, "data": data}
            )
            response.raise_for_status()
            ids.append(response.json()["id"])

    started = time.perf_counter()
    await asyncio.gather(*[one(n) for n in range(count)])
    return time.perf_counter() - started, ids


async def first_pages(client: httpx.AsyncClient, workspace_id: str, assignee: str, repeats: int) -> dict[str, float]:
    queries: dict[str, dict[str, str]] = {
        "unfiltered, -created": {},
        "status=todo, sort=-priority": {"status": "todo", "sort": "-priority"},
        "status=todo,in_progress & priority=high, sort=due": {
            "status": "todo,in_progress",
            "priority": "high",
            "sort": "due",
        },
        "q=login, sort=title": {"q": "login", "sort": "title"},
        # One assignee of five holds ~1/6 of the tasks: the page walks ~300 entries of idx:priority.
        "assignee=<one member>, sort=-priority": {"assignee": assignee, "sort": "-priority"},
    }
    results = {}
    for label, params in queries.items():
        timings = []
        for _ in range(repeats):
            response = await client.get(
                "/api/tasks",
                params={"workspaceId": workspace_id, "perPage": 50, **params},
            )
            response.raise_for_status()
            timings.append(server_ms(response))
        results[label] = round(statistics.median(timings), 2)
    return results


async def patches(
    clients: list[httpx.AsyncClient],
    task_ids: list[str],
    rate: float,
    seconds: float,
) -> list[float]:
    rng = random.Random(3)
    latencies: list[float] = []
    pending = []

    async def one(n: int) -> None:
        task_id = rng.choice(task_ids)
        field, value = rng.choice(
            [
                ("status", rng.choice(STATUSES)),
                ("priority", rng.choice(PRIORITIES)),
                ("title", f"Edited {n}"),
            ]
        )
        started = time.perf_counter()
        response = await clients[n % len(clients)].patch(f"/api/tasks/{task_id}", json={"patch": {field: value}})
        response.raise_for_status()
        latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    for n in range(int(rate * seconds)):
        delay = started + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        pending.append(asyncio.create_task(one(n)))
    await asyncio.gather(*pending)
    return latencies


async def run(api_urls: list[str], task_count: int, rate: float, seconds: float) -> dict[str, Any]:
    rng = random.Random(11)
    limits = httpx.Limits(max_connections=64)
    clients = [httpx.AsyncClient(base_url=url, timeout=30, limits=limits) for url in api_urls]
    username = f"bt{int(time.time()) % 100000}{rng.randrange(1000)}"
    (
        await clients[0].post(
            "/api/auth/signup",
            json={"username": username, "password": "bench password"},
        )
    ).raise_for_status()
    for client in clients[1:]:
        client.cookies = clients[0].cookies
    workspace = (await clients[0].post("/api/workspaces", json={"name": "Bench", "key": "BEN"})).json()
    members = await add_members(clients[0], workspace["id"], username)
    load_seconds, task_ids = await load(clients, workspace["id"], task_count, [username, *members], rng)
    page = (await clients[0].get("/api/tasks", params={"workspaceId": workspace["id"], "perPage": 1})).json()
    pages = await first_pages(clients[0], workspace["id"], members[0], repeats=15)
    # Random tasks across the whole workspace, not just a recent page: cold hashes and index entries too.
    latencies = await patches(clients, task_ids, rate, seconds)
    await asyncio.gather(*[c.aclose() for c in clients])
    return {
        "benchmark": "tasks",
        "machine": machine(),
        "api_processes": len(api_urls),
        "tasks": page["total"],
        "assignees": 1 + len(members),
        "load_tasks_per_second": round(task_count / load_seconds, 1),
        "first_page_server_ms_median": pages,
        "patch_rate_per_second": rate,
        "patches": len(latencies),
        "patch_ms_p50": round(percentile(latencies, 0.5), 2),
        "patch_ms_p99": round(percentile(latencies, 0.99), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=200, help="patches per second")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with servers(args.processes) as running:
        result = asyncio.run(run(running.api_urls, args.tasks, args.rate, args.seconds))
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        if isinstance(value, dict):
            print(f"{key}:")
            for label, figure in value.items():
                print(f"    {label:>50}: {figure} ms")
        else:
            print(f"{key:>28}: {value}")


if __name__ == "__main__":
    main()
