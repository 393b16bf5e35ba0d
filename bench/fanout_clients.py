"""Subscriber processes for the fan-out benchmark: each opens many connections on its own event loop.

Three kinds of subscriber, one per system under test:

- `sse`: Huddle's `GET /api/events?topic=...` over aiohttp, reading the SSE lines itself;
- `socketio`: python-socketio AsyncClient over the websocket transport (the peer);
- `redis`: a raw Redis connection that SUBSCRIBEs and reads the RESP frames (the limit).

Protocol with the parent (a multiprocessing Pipe): the worker opens its connections and sends
("ready", opened, failed); the parent sends "start" (measure CPU from here) and later "stop"; the
worker answers ("result", {...}) with every (seq, receive time) it saw, then exits. Receive times
are time.monotonic(), which on Linux is one clock for all processes of the machine.
"""

import asyncio
import contextlib
import re
import resource
import time
from array import array
from multiprocessing.connection import Connection
from typing import Any

SEQ = re.compile(rb'"seq":(\d+)')


class Receipts:
    def __init__(self) -> None:
        self.seqs = array("q")
        self.times = array("d")
        self.opened = 0
        self.failed = 0
        self.cut = 0  # streams that ended (resync, EOF) during the run
        self.errors: list[str] = []
        self.settled = 0

    def record(self, seq: int) -> None:
        self.seqs.append(seq)
        self.times.append(time.monotonic())

    def succeed(self) -> None:
        self.opened += 1
        self.settled += 1

    def fail(self, error: BaseException) -> None:
        """A connection that did not open (counted and reported, not raised)."""
        self.failed += 1
        self.settled += 1
        if len(self.errors) < 5:
            self.errors.append(f"{type(error).__name__}: {error}"[:300])


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _sse(config: dict[str, Any], index: int, receipts: Receipts, gate: asyncio.Semaphore, session: Any) -> None:
    import aiohttp

    url = config["urls"][index % len(config["urls"])]
    cookie = config["cookies"][index % len(config["cookies"])]
    async with gate:
        try:
            response = await session.get(
                f"{url}/api/events",
                params={"topic": config["topic"]},
                headers={"Cookie": cookie, "Accept": "text/event-stream"},
                timeout=aiohttp.ClientTimeout(total=None, sock_connect=60, sock_read=None),
            )
            if response.status != 200:
                body = (await response.text())[:200]
                response.release()
                raise RuntimeError(f"HTTP {response.status}: {body}")
            async for line in response.content:
                if line.startswith(b"event: ready") or line.startswith(b"event:ready"):
                    break
            else:
                raise RuntimeError("stream ended before `ready`")
        except Exception as error:  # noqa: BLE001 - counted and reported
            receipts.fail(error)
            return
    receipts.succeed()
    try:
        async for line in response.content:
            if line.startswith(b"data:"):
                match = SEQ.search(line)
                if match:
                    receipts.record(int(match.group(1)))
            elif line.startswith(b"event: resync"):
                receipts.cut += 1
        receipts.cut += 1  # EOF
    except asyncio.CancelledError:
        raise
    except Exception:  # noqa: BLE001 - a broken stream counts as cut
        receipts.cut += 1
    finally:
        response.close()


async def _socketio(
    config: dict[str, Any], index: int, receipts: Receipts, gate: asyncio.Semaphore, session: Any
) -> None:
    import socketio  # type: ignore[import-untyped]

    url = config["urls"][index % len(config["urls"])]
    client = socketio.AsyncClient(reconnection=False, http_session=session, handle_sigint=False)

    def on_tick(data: dict[str, Any]) -> None:
        receipts.record(int(data["seq"]))

    def on_disconnect(*_: Any) -> None:
        receipts.cut += 1

    client.on("tick", on_tick)
    client.on("disconnect", on_disconnect)
    async with gate:
        try:
            await client.connect(url, transports=["websocket"], wait_timeout=60)
        except Exception as error:  # noqa: BLE001 - counted and reported
            receipts.fail(error)
            return
    receipts.succeed()
    try:
        await asyncio.Event().wait()
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(client.disconnect(), 2)


async def _redis(config: dict[str, Any], index: int, receipts: Receipts, gate: asyncio.Semaphore, session: Any) -> None:
    async with gate:
        try:
            reader, writer = await asyncio.open_connection(config["host"], config["port"], limit=1 << 20)
            channel = config["channel"].encode()
            writer.write(b"*2\r\n$9\r\nSUBSCRIBE\r\n$%d\r\n%s\r\n" % (len(channel), channel))
            await writer.drain()
            for _ in range(6):  # *3 $9 subscribe $N channel :1
                line = await reader.readline()
                if not line or line.startswith(b"-"):
                    raise RuntimeError(f"SUBSCRIBE failed: {line!r}")
        except Exception as error:  # noqa: BLE001 - counted and reported
            receipts.fail(error)
            return
    receipts.succeed()
    try:
        while True:
            line = await reader.readline()
            if not line:
                receipts.cut += 1
                return
            if line.startswith(b"{"):
                match = SEQ.search(line)
                if match:
                    receipts.record(int(match.group(1)))
    finally:
        writer.close()


KINDS = {"sse": _sse, "socketio": _socketio, "redis": _redis}


async def _main(config: dict[str, Any], pipe: Connection) -> None:
    import aiohttp

    receipts = Receipts()
    gate = asyncio.Semaphore(config.get("open_concurrency", 50))
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    session = aiohttp.ClientSession(connector=connector)
    one = KINDS[config["kind"]]
    count = config["count"]
    tasks = [asyncio.create_task(one(config, config["offset"] + n, receipts, gate, session)) for n in range(count)]
    deadline = time.monotonic() + config.get("open_timeout", 600)
    while receipts.settled < count and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    pipe.send(("ready", receipts.opened, receipts.failed, receipts.errors))
    command = await asyncio.to_thread(pipe.recv)
    assert command == "start"
    cpu_started = _cpu_seconds()
    wall_started = time.monotonic()
    cut_before = receipts.cut
    command = await asyncio.to_thread(pipe.recv)
    assert command == "stop"
    cpu = _cpu_seconds() - cpu_started
    wall = time.monotonic() - wall_started
    cut = receipts.cut - cut_before
    for task in tasks:
        task.cancel()
    with contextlib.suppress(Exception):
        await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 10)
    with contextlib.suppress(Exception):
        await session.close()
    pipe.send(
        (
            "result",
            {
                "opened": receipts.opened,
                "failed": receipts.failed,
                "cut": cut,
                "cpu_seconds": cpu,
                "wall_seconds": wall,
                "seqs": receipts.seqs.tobytes(),
                "times": receipts.times.tobytes(),
                "errors": receipts.errors,
            },
        )
    )


def worker(config: dict[str, Any], pipe: Connection) -> None:
    """Entry point of one subscriber process."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    try:
        import uvloop

        uvloop.run(_main(config, pipe))
    except ImportError:
        asyncio.run(_main(config, pipe))
    pipe.close()
