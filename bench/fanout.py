"""Fan-out benchmark: N open subscriptions over 2 server processes, all following one topic, and a
steady stream of events published from this process. Three systems, same pattern, same Valkey:

- huddle:  N SSE streams on `GET /api/events?topic=presence`; events via huddle.live.publish.publish
           (XADD + PUBLISH in one Lua script, like every domain write);
- peer:    python-socketio with AsyncRedisManager, 2 aiohttp server processes, N websocket clients in
           one room; events via AsyncRedisManager(write_only=True).emit;
- limit:   Redis alone: N raw connections SUBSCRIBEd to one channel, events via PUBLISH.

Latency is measured from the publish call returning (the write acknowledged) to each subscriber
reading the event. Subscribers live in several processes (bench/fanout_clients.py) so the client is
not one Python process; their CPU use is reported so the reader can judge whether it limited the figures.

    uv run --project server python -m bench.fanout --subscribers 1000 --rate 20 --seconds 10
"""

import argparse
import asyncio
import json
import math
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from array import array
from collections import defaultdict
from collections.abc import Awaitable, Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx

from bench.common import CpuWindow, percentile, raise_open_files_limit, rss_bytes, run_async
from bench.fanout_clients import worker
from bench.harness import ROOT, servers

STREAMS_PER_USER = 40  # Huddle allows HUDDLE_MAX_STREAMS_PER_USER (50) streams per user
TOPIC = "presence"
SOCKETIO_PORT_WAIT = 20.0


def client_processes(subscribers: int) -> int:
    return max(2, min(4, math.ceil(subscribers / 2500)))


def _start_workers(
    config: dict[str, Any], subscribers: int, processes: int
) -> list[tuple[multiprocessing.process.BaseProcess, Connection]]:
    context = multiprocessing.get_context("spawn")
    workers: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
    offset = 0
    for n in range(processes):
        count = subscribers // processes + (1 if n < subscribers % processes else 0)
        parent_end, child_end = context.Pipe()
        process = context.Process(
            target=worker, args=({**config, "count": count, "offset": offset}, child_end), daemon=True
        )
        process.start()
        child_end.close()
        workers.append((process, parent_end))
        offset += count
    return workers


def _measure(
    config: dict[str, Any],
    subscribers: int,
    rate: float,
    seconds: float,
    make_publisher: Callable[[], Awaitable[Callable[[int], Awaitable[None]]]],
    server_pids: list[int],
    redis_pids: list[int],
    drain: float = 3.0,
) -> dict[str, Any]:
    """Open the subscriptions, publish `rate`/s for `seconds`, and compute the figures."""
    rss_idle = rss_bytes(server_pids)
    processes = client_processes(subscribers)
    workers = _start_workers(config, subscribers, processes)
    opened = failed = 0
    errors: list[str] = []
    open_started = time.monotonic()
    for _, pipe in workers:
        message = pipe.recv()
        assert message[0] == "ready"
        opened += message[1]
        failed += message[2]
        errors += message[3]
    open_seconds = time.monotonic() - open_started
    time.sleep(2)  # let the servers settle after the connection storm
    rss_busy = rss_bytes(server_pids)
    client_pids = [p.pid for p, _ in workers if p.pid is not None]
    window = CpuWindow({"client": client_pids, "server": server_pids, "redis": redis_pids})
    window.start()
    for _, pipe in workers:
        pipe.send("start")

    acks: dict[int, float] = {}
    sends: dict[int, float] = {}

    async def publish_all() -> None:
        publish = await make_publisher()
        count = int(rate * seconds)
        started = time.monotonic()
        for seq in range(count):
            delay = started + seq / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            sends[seq] = time.monotonic()
            await publish(seq)
            acks[seq] = time.monotonic()
        await asyncio.sleep(drain)

    run_async(publish_all())
    for _, pipe in workers:
        pipe.send("stop")
    cpu = window.stop()
    results = []
    for process, pipe in workers:
        results.append(pipe.recv()[1])
        process.join(30)
        if process.is_alive():
            process.kill()

    per_seq_count: dict[int, int] = defaultdict(int)
    per_seq_last: dict[int, float] = {}
    latencies: list[float] = []
    from_send: list[float] = []
    last_receipt = 0.0
    for result in results:
        seqs = array("q")
        seqs.frombytes(result["seqs"])
        times = array("d")
        times.frombytes(result["times"])
        for seq, at in zip(seqs, times, strict=True):
            ack = acks.get(seq)
            if ack is None:
                continue
            latencies.append((at - ack) * 1000)
            from_send.append((at - sends[seq]) * 1000)
            per_seq_count[seq] += 1
            per_seq_last[seq] = max(per_seq_last.get(seq, 0.0), at)
            last_receipt = max(last_receipt, at)
    published = len(acks)
    expected = published * opened
    complete = [(per_seq_last[s] - acks[s]) * 1000 for s in acks if per_seq_count.get(s, 0) >= opened > 0]
    first_ack = min(acks.values()) if acks else 0.0
    span = max(last_receipt - first_ack, 1e-9)
    publish_ms = [(acks[s] - sends[s]) * 1000 for s in acks]
    client_cpu = sum(r["cpu_seconds"] for r in results)
    client_wall = max((r["wall_seconds"] for r in results), default=1.0)
    return {
        "subscribers": subscribers,
        "opened": opened,
        "failed_to_open": failed,
        "open_errors": errors[:5],
        "open_seconds": round(open_seconds, 1),
        "cut_during_run": sum(r["cut"] for r in results),
        "client_processes": processes,
        "rate_per_second": rate,
        "seconds": seconds,
        "published": published,
        "publish_call_ms_p50": round(percentile(publish_ms, 0.5), 2),
        "deliveries_expected": expected,
        "deliveries": len(latencies),
        "delivered_fraction": round(len(latencies) / expected, 4) if expected else 0.0,
        "deliveries_per_second": round(len(latencies) / span, 1),
        "latency_ms_p50": round(percentile(latencies, 0.5), 2),
        "latency_ms_p99": round(percentile(latencies, 0.99), 2),
        "latency_ms_max": round(max(latencies), 2) if latencies else float("nan"),
        "latency_from_send_ms_p50": round(percentile(from_send, 0.5), 2),
        "all_received_ms_p50": round(percentile(complete, 0.5), 2),
        "all_received_ms_p99": round(percentile(complete, 0.99), 2),
        "events_fully_delivered": len(complete),
        "server_rss_idle_mb": round(rss_idle / 2**20, 1),
        "server_rss_busy_mb": round(rss_busy / 2**20, 1),
        "memory_per_connection_kb": round((rss_busy - rss_idle) / max(opened, 1) / 1024, 2),
        "client_cores": round(client_cpu / client_wall, 2),
        "client_cpu_ms_per_1000_deliveries": round(client_cpu * 1e6 / max(len(latencies), 1), 1),
        "server_cpu_ms_per_1000_deliveries": round(
            cpu.get("server_cores", 0.0) * client_wall * 1e6 / max(len(latencies), 1), 1
        ),
        **{k: v for k, v in cpu.items() if k != "client_cores"},
    }


def _payload(seq: int) -> dict[str, Any]:
    return {"seq": seq, "sent": time.time()}


# --- Huddle -----------------------------------------------------------------------------------


async def _sign_up(urls: list[str], users: int) -> list[str]:
    """Session cookie headers ("huddle_session=...") of `users` new users."""
    tag = f"{int(time.time() * 1000) % 10**8}"
    gate = asyncio.Semaphore(8)

    async def one(client: httpx.AsyncClient, n: int) -> str:
        async with gate:
            for attempt in range(3):
                try:
                    response = await client.post(
                        "/api/auth/signup", json={"username": f"f{tag}_{n}_{attempt}", "password": "bench password"}
                    )
                    response.raise_for_status()
                    return f"huddle_session={response.cookies['huddle_session']}"
                except httpx.TransportError:  # e.g. a kept-alive connection the server closed meanwhile
                    if attempt == 2:
                        raise
                    await asyncio.sleep(1)
            raise AssertionError("unreachable")

    clients = [httpx.AsyncClient(base_url=url, timeout=60) for url in urls]
    try:
        return list(await asyncio.gather(*[one(clients[n % len(clients)], n) for n in range(users)]))
    finally:
        for client in clients:
            await client.aclose()


def run_huddle(redis_url: str, redis_pid: int, subscribers: int, rate: float, seconds: float) -> dict[str, Any]:
    with servers(2, redis_url) as running:
        cookies = run_async(_sign_up(running.api_urls, math.ceil(subscribers / STREAMS_PER_USER)))

        async def make_publisher() -> Callable[[int], Awaitable[None]]:
            from huddle.live.publish import publish

            async def publish_one(seq: int) -> None:
                await publish(TOPIC, "bench_tick", _payload(seq))

            return publish_one

        config = {"kind": "sse", "urls": running.api_urls, "cookies": cookies, "topic": TOPIC, "open_concurrency": 25}
        result = _measure(
            config,
            subscribers,
            rate,
            seconds,
            make_publisher,
            [p.pid for p in running.processes],
            [redis_pid],
        )
    return {"system": "huddle (SSE)", **result}


# --- python-socketio peer -------------------------------------------------------------------------


def _start_socketio(redis_url: str) -> tuple[subprocess.Popen[bytes], str]:
    from huddle.embedded_valkey import free_port

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.peer_socketio_server", "--port", str(port), "--redis-url", redis_url],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SOCKETIO_PORT_WAIT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"socketio server exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("socketio server did not start")


def run_socketio(redis_url: str, redis_pid: int, subscribers: int, rate: float, seconds: float) -> dict[str, Any]:
    from bench.peer_socketio_server import CHANNEL, ROOM

    started = [_start_socketio(redis_url) for _ in range(2)]
    try:
        time.sleep(1)  # the servers' Redis listeners subscribe in the background

        async def make_publisher() -> Callable[[int], Awaitable[None]]:
            import socketio  # type: ignore[import-untyped]

            manager = socketio.AsyncRedisManager(redis_url, channel=CHANNEL, write_only=True)

            async def publish_one(seq: int) -> None:
                await manager.emit("tick", {"topic": TOPIC, **_payload(seq)}, room=ROOM, namespace="/")

            return publish_one

        config = {"kind": "socketio", "urls": [url for _, url in started], "open_concurrency": 25}
        result = _measure(
            config,
            subscribers,
            rate,
            seconds,
            make_publisher,
            [p.pid for p, _ in started],
            [redis_pid],
        )
    finally:
        for process, _ in started:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
    return {"system": "python-socketio + AsyncRedisManager", **result}


# --- Redis alone ------------------------------------------------------------------------------------


def run_redis(redis_url: str, redis_pid: int, subscribers: int, rate: float, seconds: float) -> dict[str, Any]:
    import redis

    host_port = redis_url.split("//", 1)[1].split("/", 1)[0]
    host, port = host_port.rsplit(":", 1)
    sync = redis.Redis(host=host, port=int(port))
    sync.config_set("maxclients", max(10_000, subscribers + 1000))
    sync.close()
    channel = "bench:raw"

    async def make_publisher() -> Callable[[int], Awaitable[None]]:
        from redis.asyncio import Redis

        client = Redis(host=host, port=int(port))

        async def publish_one(seq: int) -> None:
            await client.publish(channel, json.dumps({"topic": TOPIC, **_payload(seq)}, separators=(",", ":")))

        return publish_one

    config = {"kind": "redis", "host": host, "port": int(port), "channel": channel, "open_concurrency": 200}
    result = _measure(config, subscribers, rate, seconds, make_publisher, [redis_pid], [redis_pid])
    return {"system": "Redis PUBLISH alone", **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=20)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--systems", default="huddle,peer,limit")
    args = parser.parse_args()
    raise_open_files_limit()
    from tests.support.valkey import start_valkey

    with tempfile.TemporaryDirectory(prefix="huddle-bench-") as data_dir:
        valkey = start_valkey(Path(data_dir) / "valkey")
        os.environ["HUDDLE_REDIS_URL"] = valkey.url
        try:
            assert valkey.process is not None
            runners = {"huddle": run_huddle, "peer": run_socketio, "limit": run_redis}
            for name in args.systems.split(","):
                result = runners[name](valkey.url, valkey.process.pid, args.subscribers, args.rate, args.seconds)
                print(json.dumps(result, indent=1))
        finally:
            valkey.stop()


if __name__ == "__main__":
    main()
