"""Faults of a deployed cluster: three API processes behind nginx (deploy/nginx.conf) on one Valkey.

A process is SIGKILLed under open streams, Valkey is SIGKILLed and restarted, one user opens 1,000
streams, and 2,000 votes arrive in a burst. Everything runs for real: nginx, uvicorn, Valkey.
"""

import asyncio
import collections
import contextlib
import os
import re
import resource
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import psutil
import pytest
from httpx_sse import ServerSentEvent

from huddle.config import get_settings
from huddle.live.publish import publish
from tests.support.cluster import Cluster, cluster, find_nginx
from tests.support.feed import create_poll, option_ids
from tests.support.reconnecting_sse import ReconnectingStream
from tests.support.sse import EventStream, data, is_offline_event
from tests.support.users import signed_up_client, username_of

# Off CI a machine without nginx skips these; on CI (.ci/run installs nginx) they must run.
pytestmark = pytest.mark.skipif(
    find_nginx() is None and not os.environ.get("CI"), reason="nginx is not installed (.ci/run installs it)"
)


@pytest.fixture(scope="module")
def shared_cluster(redis_url: str) -> Iterator[Cluster]:
    with cluster(processes=3, redis_url=redis_url) as running:
        yield running


async def online_usernames(client: httpx.AsyncClient) -> set[str]:
    response = await client.get("/api/presence")
    assert response.status_code == 200, response.text
    return {user["username"] for user in response.json()["users"]}


def access_log_statuses(running: Cluster, skip_lines: int = 0) -> list[int]:
    """HTTP statuses nginx answered, from its access log (combined format: `"request" status bytes`)."""
    lines = (running.nginx.prefix / "access.log").read_text(errors="replace").splitlines()[skip_lines:]
    return [int(m.group(1)) for line in lines if (m := re.search(r'" (\d{3}) ', line))]


def access_log_length(running: Cluster) -> int:
    return len((running.nginx.prefix / "access.log").read_text(errors="replace").splitlines())


# --- a) an API process dies under open streams -------------------------------------------------


async def test_sigkill_of_one_api_process_loses_no_event_and_leaves_no_ghost(redis_url: str) -> None:
    """Clients on the killed process reconnect through nginx to another one with their
    Last-Event-ID and get exactly the events they missed; presence heals (reconnected users stay
    online without flickering, the killed process's other users drop out).

    Presence expiry is shortened (TTL 6 s, heartbeat 2 s) to keep the test fast; the mechanism
    (expiry refreshed by the owning process, swept by any) is the production one."""
    presence_env = {"HUDDLE_PRESENCE_TTL_SECONDS": "6", "HUDDLE_PRESENCE_HEARTBEAT_SECONDS": "2"}
    # Same Valkey as this test process, so `publish` here reaches the cluster's streams.
    with cluster(processes=3, redis_url=redis_url, env=presence_env) as running:
        doomed = running.apis[1]
        users = [await signed_up_client(running.url, "sse") for _ in range(9)]
        ghost = await signed_up_client(doomed.url, "ghost")  # straight to the doomed process, no retry
        ghost_stream = EventStream(ghost, ["presence"])
        await ghost_stream.__aenter__()
        await ghost_stream.wait_for(lambda e: e.event == "ready")
        streams: list[ReconnectingStream] = []
        try:
            # Opened one after another: nginx's shared round robin puts three on each process.
            for user in users:
                stream = ReconnectingStream(running.url, user.cookies, ["presence"])
                await stream.__aenter__()
                streams.append(stream)
            names = {username_of(user) for user in users}
            assert names | {username_of(ghost)} <= await online_usernames(users[0])

            run = uuid.uuid4().hex
            count = 60

            async def tick(n: int) -> None:
                await publish("presence", "test_tick", {"run": run, "n": n})

            for n in range(20):
                await tick(n)
            doomed.kill()
            killed_at = time.monotonic()
            for n in range(20, 40):  # while the killed process's clients are reconnecting
                await tick(n)
                await asyncio.sleep(0.02)
            await asyncio.sleep(1)
            for n in range(40, count):
                await tick(n)

            def last_tick(e: ServerSentEvent) -> bool:
                return e.event == "test_tick" and data(e)["run"] == run and data(e)["n"] == count - 1

            for stream in streams:
                await stream.wait_for(last_tick, timeout=15)
            await asyncio.sleep(0.5)  # a duplicate would arrive now
            for stream in streams:
                ticks = [data(e)["n"] for e in stream.of_type("test_tick") if data(e)["run"] == run]
                assert ticks == list(range(count)), f"connections {stream.connections}, failures {stream.failures}"
                assert not stream.of_type("resync"), stream.of_type("resync")
            reconnected = [s for s in streams if s.connections > 1]
            assert reconnected, "no stream was on the killed process: the round robin did not spread them"
            for stream in reconnected:
                assert stream.connections == 2, f"reconnected more than once: {stream.failures}"

            # No ghost: the killed process's non-reconnecting user drops out (TTL + sweep by the others).
            while username_of(ghost) in await online_usernames(users[0]):
                assert time.monotonic() - killed_at < 60, "a ghost stayed online for more than 60 s"
                await asyncio.sleep(0.5)
            # Its streams' entries have expired by now; the reconnected users are still online...
            assert names <= await online_usernames(users[0])
            # ... and never flickered offline for anyone watching.
            await streams[0].wait_for(is_offline_event(username_of(ghost)), timeout=5)
            for stream in streams:
                flickers = [e for e in stream.of_type("user_offline") if data(e)["user"]["username"] in names]
                assert not flickers, flickers
        finally:
            await ghost_stream.close()
            for stream in streams:
                await stream.close()
            for user in [*users, ghost]:
                await user.aclose()


# --- b) Valkey crashes and comes back ----------------------------------------------------------


async def test_a_valkey_restart_keeps_acknowledged_writes_and_answers_503_quickly_meanwhile(tmp_path: Path) -> None:
    with cluster(processes=3, data_dir=tmp_path / "valkey") as running:
        author = await signed_up_client(running.url, "author")
        tag = uuid.uuid4().hex[:8]
        acknowledged: list[str] = []
        for n in range(30):
            response = await author.post("/api/posts", json={"text": f"durable {tag} {n}"})
            assert response.status_code == 201, response.text
            acknowledged.append(response.json()["id"])
        # Three streams through nginx: one on each process.
        streams = [ReconnectingStream(running.url, author.cookies, ["feed"]) for _ in range(3)]
        for stream in streams:
            await stream.__aenter__()
        try:
            running.kill_valkey()

            # Meanwhile every process answers 503 at once, not after a hang.
            async with httpx.AsyncClient(base_url=running.url, cookies=author.cookies, timeout=10) as client:
                for _ in range(2):
                    for method, path, body in (
                        ("GET", "/health", None),
                        ("GET", "/api/feed", None),
                        ("POST", "/api/posts", {"text": "written while Redis is down"}),
                    ):
                        started = time.monotonic()
                        response = await client.request(method, path, json=body)
                        elapsed = time.monotonic() - started
                        assert response.status_code == 503, (method, path, response.status_code, response.text)
                        assert elapsed < 3, f"{method} {path} took {elapsed:.1f}s during the outage"

            running.start_valkey()
            deadline = time.monotonic() + 20
            for api in running.apis:
                while (await get(f"{api.url}/health")).status_code != 200:
                    assert time.monotonic() < deadline, f"API process {api.port} did not recover:\n{api.log()}"
                    await asyncio.sleep(0.2)
            # From here on nothing may fail (a stream's retry answered 503 just before is logged by now).
            await asyncio.sleep(0.5)
            log_at_recovery = access_log_length(running)

            # Every write acknowledged before the crash is still there.
            feed = await author.get("/api/feed", params={"limit": 50})
            assert feed.status_code == 200, feed.text
            assert set(acknowledged) <= {item["id"] for item in feed.json()["items"]}

            # Streams carry on: the next post arrives on each (replayed or live), or the stream says resync.
            after = await author.post("/api/posts", json={"text": f"after the restart {tag}"})
            assert after.status_code == 201, after.text
            for stream in streams:
                await stream.wait_for(lambda e: f"after the restart {tag}" in e.data or e.event == "resync", timeout=15)
                print(f"stream: {stream.connections} connection(s), resyncs {len(stream.of_type('resync'))}")

            # And nothing fails any more, on any process.
            for _ in range(3):  # round robin: each request kind reaches every process
                for method, path, body in (
                    ("GET", "/api/feed", None),
                    ("POST", "/api/posts", {"text": f"post-restart {tag}"}),
                    ("GET", "/api/presence", None),
                    ("GET", "/health", None),
                ):
                    response = await author.request(method, path, json=body)
                    assert response.status_code < 500, (method, path, response.status_code, response.text)
            statuses = access_log_statuses(running, skip_lines=log_at_recovery)
            assert not [s for s in statuses if s >= 500], collections.Counter(statuses)
        finally:
            for stream in streams:
                await stream.close()
            await author.aclose()


# --- c) one client opens 1,000 streams ---------------------------------------------------------


class RawStream:
    """An event stream on a bare socket: 1,000 of them cost little in the test process."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, status: int) -> None:
        self.reader, self.writer, self.status = reader, writer, status

    @classmethod
    async def open(cls, url: str, cookie: str) -> "RawStream":
        host, port = url.removeprefix("http://").split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        writer.write(
            f"GET /api/events?topic=presence HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {cookie}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        await writer.drain()
        status = int((await asyncio.wait_for(reader.readline(), 30)).split()[1])
        if status == 200:
            await asyncio.wait_for(reader.readuntil(b"event: ready"), 30)
        return cls(reader, writer, status)

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(OSError):
            await self.writer.wait_closed()


def cookie_header(client: httpx.AsyncClient) -> str:
    return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


async def get(url: str, timeout: float = 10) -> httpx.Response:
    async with httpx.AsyncClient(timeout=timeout) as client:
        return await client.get(url)


async def open_sse_streams(api_url: str) -> float:
    """The process's own count of open event streams (its Prometheus gauge)."""
    text = (await get(f"{api_url}/metrics")).text
    match = re.search(r'^huddle_open_streams\{kind="sse"\} ([0-9.e+]+)$', text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


def raise_file_limit(wanted: int = 65536) -> None:
    """Headroom for 1,000 sockets in this process (the API processes and nginx inherit it or set their own)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


async def open_streams(url: str, cookies: list[str], concurrency: int = 100) -> list[RawStream]:
    gate = asyncio.Semaphore(concurrency)

    async def open_one(cookie: str) -> RawStream:
        async with gate:
            return await RawStream.open(url, cookie)

    return await asyncio.gather(*[open_one(cookie) for cookie in cookies])


@pytest.fixture(scope="module")
async def crowd(shared_cluster: Cluster) -> AsyncIterator[list[httpx.AsyncClient]]:
    """50 signed-up users (Argon2 makes sign-ups the slow part: a few at a time, once per module)."""
    gate = asyncio.Semaphore(4)

    async def sign_up() -> httpx.AsyncClient:
        async with gate:
            return await signed_up_client(shared_cluster.url, "crowd")

    clients = await asyncio.gather(*[sign_up() for _ in range(50)])
    yield list(clients)
    await asyncio.gather(*[client.aclose() for client in clients])


STREAM_LIMIT = get_settings().max_streams_per_user


async def test_one_user_opening_1000_streams_at_once_gets_429_beyond_the_limit(shared_cluster: Cluster) -> None:
    raise_file_limit()
    greedy = await signed_up_client(shared_cluster.url, "greedy")
    streams = await open_streams(shared_cluster.url, [cookie_header(greedy)] * 1000)
    try:
        statuses = collections.Counter(s.status for s in streams)
        assert set(statuses) <= {200, 429}, statuses
        assert statuses[200] == STREAM_LIMIT, statuses
        # And the refused ones were refused before any stream started: the survivors still work.
        assert (await get(f"{shared_cluster.url}/health")).status_code == 200
    finally:
        await asyncio.gather(*[stream.close() for stream in streams])
        await greedy.aclose()


async def test_1000_open_streams_keep_the_servers_healthy_and_memory_bounded(
    shared_cluster: Cluster, crowd: list[httpx.AsyncClient]
) -> None:
    """1,000 concurrent streams through nginx from one user (or, with a per-user limit, from as few
    users as the limit allows): every process stays healthy, memory per stream is bounded, and all
    of them close cleanly."""
    raise_file_limit()
    running = shared_cluster
    total = 1000
    per_user = min(STREAM_LIMIT or total, total)
    owners = crowd[: -(-total // per_user)]
    assert len(owners) * per_user >= total, "not enough users for 1,000 streams under the per-user limit"
    cookies = [cookie_header(owners[n // per_user]) for n in range(total)]
    processes = {api.port: psutil.Process(api.pid) for api in running.apis}
    baseline_streams = {api.port: await open_sse_streams(api.url) for api in running.apis}
    rss_before = {port: process.memory_info().rss for port, process in processes.items()}
    streams: list[RawStream] = []
    try:
        streams = await open_streams(running.url, cookies)
        statuses = collections.Counter(s.status for s in streams)
        assert statuses == {200: total}, statuses

        # Healthy while they are open: through nginx and on each process, answered promptly.
        for url in [running.url, *(api.url for api in running.apis)]:
            started = time.monotonic()
            assert (await get(f"{url}/health")).status_code == 200
            assert time.monotonic() - started < 2, f"{url}/health took {time.monotonic() - started:.1f}s"
        per_process = {api.port: await open_sse_streams(api.url) - baseline_streams[api.port] for api in running.apis}
        assert sum(per_process.values()) == total, per_process
        # Memory per stream stays bounded (a bounded queue, a few tasks and buffers each).
        for port, process in processes.items():
            assert per_process[port] > 0, f"nginx sent no stream to API process {port}: {per_process}"
            per_stream = (process.memory_info().rss - rss_before[port]) / per_process[port]
            print(f"API process {port}: {per_process[port]:.0f} streams, {per_stream / 1024:.1f} KiB each")
            assert per_stream < 192 * 1024, f"API process {port}: {per_stream / 1024:.0f} KiB per open stream"
    finally:
        await asyncio.gather(*[stream.close() for stream in streams])

    # All close cleanly: every process lets go of its streams, and they all still answer.
    deadline = time.monotonic() + 15
    for api in running.apis:
        while await open_sse_streams(api.url) > baseline_streams[api.port]:
            assert time.monotonic() < deadline, f"API process {api.port} kept {await open_sse_streams(api.url)} streams"
            await asyncio.sleep(0.2)
        assert (await get(f"{api.url}/health")).status_code == 200
    assert "worker_connections are not enough" not in running.nginx.log()


async def test_users_go_offline_after_the_grace_period_when_many_streams_close_at_once(
    shared_cluster: Cluster, crowd: list[httpx.AsyncClient]
) -> None:
    raise_file_limit()
    api = shared_cluster.apis[0]  # all on one process: its pool is what runs out
    per_user = min(STREAM_LIMIT or 300, 300)
    needed = -(-300 // per_user)
    owners = crowd[-needed:]  # not the users of the test above: their closed streams still count
    cookies = [cookie_header(owners[n // per_user]) for n in range(300)]
    streams = await open_streams(api.url, cookies)
    try:
        assert collections.Counter(s.status for s in streams) == {200: 300}
        names = {username_of(owner) for owner in owners}
        assert names <= await online_usernames(owners[0])
    finally:
        await asyncio.gather(*[stream.close() for stream in streams])
    # Grace (3 s) + a sweep interval (3 s) + slack; the presence TTL (30 s) must not be what frees them.
    deadline = time.monotonic() + 12
    while left := names & await online_usernames(owners[0]):
        assert time.monotonic() < deadline, f"{len(left)} of {len(names)} users still online 12 s after closing"
        await asyncio.sleep(0.5)


# --- d) a burst of writes ----------------------------------------------------------------------


async def test_a_burst_of_2000_votes_through_nginx_gets_no_5xx_and_counts_exactly(
    shared_cluster: Cluster, crowd: list[httpx.AsyncClient]
) -> None:
    """About 10x the normal write rate: 50 users each change their vote 40 times, all at once."""
    voters, votes_each = crowd, 40
    poll = await create_poll(voters[0], options=["North", "East", "South", "West"])
    options = option_ids(poll)
    final: dict[int, str] = {}
    statuses: collections.Counter[int] = collections.Counter()

    async def vote_repeatedly(index: int, client: httpx.AsyncClient) -> None:
        for n in range(votes_each):
            choice = options[(index + n) % len(options)]
            response = await client.post("/api/vote/submit", json={"poll_id": poll["id"], "option_ids": [choice]})
            statuses[response.status_code] += 1
            if response.status_code == 200:
                final[index] = choice

    started = time.monotonic()
    await asyncio.gather(*[vote_repeatedly(i, client) for i, client in enumerate(voters)])
    elapsed = time.monotonic() - started
    total = len(voters) * votes_each
    print(f"{total} votes in {elapsed:.2f}s ({total / elapsed:.0f}/s)")

    assert statuses == {200: total}, statuses
    stored = (await voters[0].get(f"/api/polls/{poll['id']}")).json()
    assert stored["voters"] == len(voters)
    expected = collections.Counter(final.values())
    assert {o["id"]: o["votes"] for o in stored["options"]} == {o: expected[o] for o in options}
