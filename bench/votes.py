"""Votes benchmark: many users vote, change and retract concurrently through several API processes.

Then it checks that, for every poll, the stored counts equal the counts recomputed from the
ballots and equal the last `poll_counts` event a live subscriber saw, and prints votes per second.

    uv run --project server python -m bench.votes                 # the full run
    uv run --project server python -m bench.votes --users 20 --ops 10 --json   # the small check
"""

import argparse
import asyncio
import json
import random
import resource
import sys
import time
from typing import Any

import httpx
from httpx_sse import aconnect_sse

from bench.harness import machine, servers

PASSWORD = "bench password"


async def sign_up(url: str, username: str, gate: asyncio.Semaphore) -> httpx.AsyncClient:
    """A signed-in client. Sign-ups are not what this measures: a few at a time, retried."""
    client = httpx.AsyncClient(base_url=url, timeout=120, limits=httpx.Limits(max_connections=20))
    body = {"username": username, "password": PASSWORD}
    async with gate:
        for attempt in range(5):
            try:
                response = await client.post("/api/auth/signup", json=body)
                if response.status_code == 409 and attempt:  # an earlier attempt got through
                    response = await client.post("/api/auth/login", json=body)
                response.raise_for_status()
                return client
            except httpx.TransportError:
                # After the fan-out benchmark tens of thousands of loopback sockets sit in TIME_WAIT,
                # and a new connection is now and then reset; a retry gets through.
                if attempt == 4:
                    raise
                await asyncio.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


class Subscriber:
    """One live stream over all polls, keeping the newest counts seen per poll."""

    def __init__(self, client: httpx.AsyncClient, poll_ids: list[str]) -> None:
        self.client = client
        self.poll_ids = poll_ids
        self.latest: dict[str, dict[str, Any]] = {}
        self.received = 0
        self.ready = asyncio.Event()

    async def run(self) -> None:
        params = [("topic", f"poll:{poll_id}") for poll_id in self.poll_ids]
        async with aconnect_sse(
            self.client,
            "GET",
            "/api/events",
            params=params,
            timeout=httpx.Timeout(30, read=None),
        ) as source:
            async for event in source.aiter_sse():
                if event.event == "ready":
                    self.ready.set()
                elif event.event == "poll_counts":
                    counts = json.loads(event.data)
                    self.received += 1
                    previous = self.latest.get(counts["poll_id"])
                    if previous is None or counts["version"] > previous["version"]:
                        self.latest[counts["poll_id"]] = counts


async def send_retrying(client: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
    for attempt in range(3):
        try:
            return await client.send(request)
        except httpx.TransportError:
            if attempt == 2:
                raise
            await asyncio.sleep(0.1)
    raise AssertionError("unreachable")


async def voter(client: httpx.AsyncClient, polls: list[dict[str, Any]], ops: int, rng: random.Random) -> list[float]:
    latencies = []
    for _ in range(ops):
        poll = rng.choice(polls)
        options = [o["id"] for o in poll["options"]]
        started = time.perf_counter()
        if rng.random() < 0.15:
            request = client.build_request("DELETE", f"/api/vote/{poll['id']}")
        else:
            choice = rng.sample(options, rng.randint(1, 3)) if poll["multiple"] else [rng.choice(options)]
            body = {"poll_id": poll["id"], "option_ids": choice}
            # A retried vote with the same key is applied once: the exactness check stays valid.
            key = f"{rng.getrandbits(64):016x}"
            request = client.build_request("POST", "/api/vote/submit", json=body, headers={"Idempotency-Key": key})
        response = await send_retrying(client, request)
        response.raise_for_status()
        latencies.append(time.perf_counter() - started)
    return latencies


async def run(api_urls: list[str], users: int, ops: int, poll_count: int, seed: int) -> dict[str, Any]:
    from huddle.feed.polls_repository import recount_from_ballots

    rng = random.Random(seed)
    tag = f"{int(time.time()) % 100000}{rng.randrange(1000)}"
    gate = asyncio.Semaphore(16)
    clients = await asyncio.gather(*[sign_up(api_urls[n % len(api_urls)], f"b{tag}_{n}", gate) for n in range(users)])
    author = clients[0]
    polls = []
    for n in range(poll_count):
        body = {
            "question": f"Bench poll {n}",
            "options": [f"Option {k}" for k in range(4)],
            "multiple": n % 2 == 1,
        }
        response = await author.post("/api/polls", json=body)
        response.raise_for_status()
        polls.append(response.json())

    subscriber = Subscriber(author, [p["id"] for p in polls])
    listening = asyncio.create_task(subscriber.run())
    await asyncio.wait_for(subscriber.ready.wait(), 10)

    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    per_voter = await asyncio.gather(*[voter(c, polls, ops, random.Random(seed + i)) for i, c in enumerate(clients)])
    elapsed = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)

    mismatches = []
    deadline = time.monotonic() + 10
    for poll in polls:
        stored = (await author.get(f"/api/polls/{poll['id']}")).json()
        while (
            subscriber.latest.get(poll["id"], {}).get("version", 0) < stored["version"] and time.monotonic() < deadline
        ):
            await asyncio.sleep(0.05)
        seen = subscriber.latest.get(poll["id"], {"options": [], "voters": 0, "version": 0})
        stored_counts = {o["id"]: o["votes"] for o in stored["options"] if o["votes"]} | {"_voters": stored["voters"]}
        recounted = await recount_from_ballots(poll["id"])
        seen_counts = {o["id"]: o["votes"] for o in seen["options"] or [] if o["votes"]} | {"_voters": seen["voters"]}
        if not stored_counts == recounted == seen_counts or seen["version"] != stored["version"]:
            mismatches.append(
                {
                    "poll": poll["id"],
                    "stored": stored_counts,
                    "ballots": recounted,
                    "seen": seen_counts,
                }
            )
    listening.cancel()
    await asyncio.gather(*[c.aclose() for c in clients])

    latencies = sorted(t for batch in per_voter for t in batch)
    total = len(latencies)
    return {
        "benchmark": "votes",
        "machine": machine(),
        "api_processes": len(api_urls),
        "users": users,
        "polls": poll_count,
        "votes": total,
        "seconds": round(elapsed, 3),
        "votes_per_second": round(total / elapsed, 1),
        "latency_ms_p50": round(latencies[total // 2] * 1000, 2),
        "latency_ms_p99": round(latencies[min(total - 1, int(total * 0.99))] * 1000, 2),
        "client_cpu_share": round(client_cpu / elapsed, 2),
        "events_received": subscriber.received,
        "exact": not mismatches,
        "mismatches": mismatches,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--ops", type=int, default=50, help="operations per user")
    parser.add_argument("--polls", type=int, default=5)
    parser.add_argument("--processes", type=int, default=2, help="API processes to start")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print only the JSON result")
    args = parser.parse_args()
    with servers(args.processes) as running:
        result = asyncio.run(run(running.api_urls, args.users, args.ops, args.polls, args.seed))
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            if key != "mismatches":
                print(f"{key:>20}: {value}")
        if result["mismatches"]:
            print(json.dumps(result["mismatches"], indent=2))
    sys.exit(0 if result["exact"] else 1)


if __name__ == "__main__":
    main()
