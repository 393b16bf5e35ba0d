"""The raw Redis cost of each domain's Lua script: the same registered script the API runs, called
directly in a loop from one client (no HTTP, no auth, no validation, no fan-out), one call at a
time. Next to the API figures it shows how much of a request is Redis and how much is the API.

    votes:  huddle.feed.polls_repository.vote on a prepared poll (15 % retractions, like bench.votes)
    tasks:  huddle.tasks.tasks_repository.patch on prepared tasks (status / priority / title)
    rooms:  huddle.rooms.documents_repository.append of real Yjs updates (compacted every 200, untimed)
"""

import base64
import hashlib
import random
import time
from typing import Any

import httpx

from bench.common import percentile

PASSWORD = "bench password"


def _figures(name: str, latencies_s: list[float]) -> dict[str, Any]:
    """ops/s = back-to-back calls per second: 1 / mean call time (the untimed work in between excluded)."""
    ms = [t * 1000 for t in latencies_s]
    elapsed = sum(latencies_s)
    return {
        "script": name,
        "ops": len(ms),
        "ops_per_second": round(len(ms) / elapsed, 1),
        "latency_ms_p50": round(percentile(ms, 0.5), 3),
        "latency_ms_p99": round(percentile(ms, 0.99), 3),
    }


async def _user(client: httpx.AsyncClient, prefix: str) -> dict[str, Any]:
    name = f"{prefix}{int(time.time() * 1000) % 10**8}{random.randrange(1000)}"
    response = await client.post("/api/auth/signup", json={"username": name, "password": PASSWORD})
    response.raise_for_status()
    user: dict[str, Any] = response.json()
    return user


async def votes(api_url: str, ops: int) -> dict[str, Any]:
    from huddle.feed import polls_repository

    async with httpx.AsyncClient(base_url=api_url, timeout=30) as client:
        await _user(client, "rv")
        polls = []
        for n in range(5):
            body = {"question": f"Raw poll {n}", "options": [f"Option {k}" for k in range(4)], "multiple": n % 2 == 1}
            response = await client.post("/api/polls", json=body)
            response.raise_for_status()
            polls.append(response.json())
    rng = random.Random(5)
    users = [f"rawvoter{n}" for n in range(200)]
    latencies = []
    for _ in range(ops):
        poll = rng.choice(polls)
        options = [o["id"] for o in poll["options"]]
        if rng.random() < 0.15:
            choice: list[str] = []
        elif poll["multiple"]:
            choice = rng.sample(options, rng.randint(1, 3))
        else:
            choice = [rng.choice(options)]
        request_hash = hashlib.sha256(f"{poll['id']}|{','.join(choice)}".encode()).hexdigest()[:32]
        t0 = time.perf_counter()
        result = await polls_repository.vote(poll["id"], rng.choice(users), choice, None, request_hash)
        latencies.append(time.perf_counter() - t0)
        assert "error" not in result, result
    return _figures("polls_repository.vote", latencies)


async def tasks(api_url: str, ops: int) -> dict[str, Any]:
    from huddle.tasks import tasks_repository
    from huddle.tasks.access import parse_task_id
    from huddle.tasks.fields import validate_writes

    async with httpx.AsyncClient(base_url=api_url, timeout=30) as client:
        user = await _user(client, "rt")
        workspace = (await client.post("/api/workspaces", json={"name": "Raw", "key": "RAW"})).json()
        ids = []
        for n in range(50):
            response = await client.post(
                "/api/tasks", json={"workspaceId": workspace["id"], "data": {"title": f"Raw task {n}"}}
            )
            response.raise_for_status()
            ids.append(response.json()["id"])
    rng = random.Random(3)
    statuses = ["backlog", "todo", "in_progress", "done", "canceled"]
    priorities = ["none", "low", "medium", "high", "urgent"]
    latencies = []
    for n in range(ops):
        workspace_id, seq = parse_task_id(rng.choice(ids))
        field, value = rng.choice(
            [("status", rng.choice(statuses)), ("priority", rng.choice(priorities)), ("title", f"Edited {n}")]
        )
        writes = validate_writes({field: value}, [], creating=False)
        t0 = time.perf_counter()
        result = await tasks_repository.patch(workspace_id, seq, user["id"], writes, None)
        latencies.append(time.perf_counter() - t0)
        assert "error" not in result, result
    return _figures("tasks_repository.patch", latencies)


async def rooms(api_url: str, ops: int) -> dict[str, Any]:
    from pycrdt import Doc, Text

    from huddle.config import get_settings
    from huddle.rooms import documents_repository, service
    from tests.support.rooms import create_room

    room_id = await create_room(api_url)
    meta = await documents_repository.get_meta(room_id)
    assert meta is not None
    settings = get_settings()
    doc: Doc[Text] = Doc()
    text = doc.get("text", type=Text)
    rng = random.Random(9)
    # Prepare the keystrokes first: encoding them is the client's work, not Redis's.
    updates = []
    for _ in range(ops):
        before = doc.get_state()
        text.insert(len(str(text).encode()), rng.choice("abcdefghij \n"))
        updates.append(base64.b64encode(doc.get_update(before)).decode())
    latencies = []
    for n, update in enumerate(updates):
        t0 = time.perf_counter()
        result = await documents_repository.append(
            room_id,
            meta["epoch"],
            update,
            12345,
            "raw-bench",
            settings.room_ttl_seconds,
            settings.room_max_document_bytes * 4 // 3,
        )
        took = time.perf_counter() - t0
        latencies.append(took)
        assert result.startswith("ok:"), result
        if int(result[3:]) >= settings.room_compact_after_updates:
            await service.compact(room_id)  # as the API does in the background; not timed
        if n == 0:
            meta = await documents_repository.get_meta(room_id) or meta
    return _figures("documents_repository.append", latencies)
