"""The process's single pub/sub connection, shared by all its open streams.

Subscriptions are reference-counted per topic. A subscribe returns only once Redis has confirmed
it, so a stream can read history afterwards without a window in which events slip through. When
the connection drops, the hub reconnects with backoff, re-subscribes every topic in use and, as
each re-subscription is confirmed, tells that topic's sinks they may have missed events (they
recover from history before taking the topic's next live event).
"""

import asyncio
import contextlib
import logging
import random
from collections import defaultdict, deque
from collections.abc import Callable

from redis.asyncio.connection import Connection
from redis.exceptions import RedisError

from huddle.db import new_dedicated_connection
from huddle.live.events import LiveEvent
from huddle.live.sink import Sink
from huddle.live.topics import channel_name, topic_kind, topic_of_channel
from huddle.observability import metrics

log = logging.getLogger(__name__)

PING_INTERVAL = 5.0
# No reply of any kind for this long means the connection is dead even if TCP has not noticed.
SILENCE_LIMIT = 15.0
SUBSCRIBE_TIMEOUT = 10.0


def _resolver(waiter: asyncio.Future[None]) -> Callable[[asyncio.Future[None]], None]:
    def resolve(_: asyncio.Future[None]) -> None:
        if not waiter.done():
            waiter.set_result(None)

    return resolve


class Hub:
    def __init__(self) -> None:
        self._sinks: dict[str, set[Sink]] = defaultdict(set)
        # Per channel, the waiters of SUBSCRIBE commands in flight, oldest first: Redis confirms in order.
        self._confirmations: dict[str, deque[asyncio.Future[None]]] = defaultdict(deque)
        self._connection: Connection | None = None
        self._connected = asyncio.Event()
        self._write_lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        # Channels re-subscribed after a reconnect whose confirmation has not arrived yet.
        self._gapped: set[str] = set()
        self.reconnects = 0

    @property
    def topic_count(self) -> int:
        return len(self._sinks)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="live-hub")
        await asyncio.wait_for(self._connected.wait(), timeout=10)

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._close_connection()

    async def subscribe(self, topic: str, sink: Sink) -> None:
        sinks = self._sinks[topic]
        sinks.add(sink)
        if len(sinks) > 1:
            pending = self._confirmations.get(channel_name(topic))
            if pending:
                # Someone else's SUBSCRIBE is in flight; we are covered once it is confirmed.
                await asyncio.wait_for(asyncio.shield(pending[-1]), timeout=SUBSCRIBE_TIMEOUT)
            return
        await self._send_subscribe(channel_name(topic))

    async def unsubscribe(self, topic: str, sink: Sink) -> None:
        sinks = self._sinks.get(topic)
        if sinks is None:
            return
        sinks.discard(sink)
        if not sinks:
            del self._sinks[topic]
            with contextlib.suppress(RedisError, OSError):
                await self._send("UNSUBSCRIBE", channel_name(topic))

    async def _send_subscribe(self, channel: str) -> None:
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._confirmations[channel].append(waiter)
        # Fail the stream (it then ends and the client retries) rather than hang while Redis is away.
        await asyncio.wait_for(self._connected.wait(), timeout=SUBSCRIBE_TIMEOUT)
        # On failure, the reconnect path re-subscribes every topic in use and resolves this waiter.
        with contextlib.suppress(RedisError, OSError):
            await self._send("SUBSCRIBE", channel)
        await asyncio.wait_for(asyncio.shield(waiter), timeout=SUBSCRIBE_TIMEOUT)

    async def _send(self, *args: str) -> None:
        async with self._write_lock:
            if self._connection is None:
                raise ConnectionError("pub/sub connection is down")
            await self._connection.send_command(*args)

    async def _run(self) -> None:
        backoff = 0.1
        first = True
        while True:
            try:
                await self._connect_and_resubscribe(recovering=not first)
                first = False
                backoff = 0.1
                await self._read_loop()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - any failure here means: reconnect
                log.warning("pub/sub connection lost (%s); reconnecting", error)
                metrics.redis_errors.labels("pubsub").inc()
            self._connected.clear()
            await self._close_connection()
            await asyncio.sleep(backoff + random.uniform(0, backoff / 2))
            backoff = min(backoff * 2, 2.0)

    async def _connect_and_resubscribe(self, recovering: bool) -> None:
        connection = new_dedicated_connection()
        await connection.connect()  # type: ignore[no-untyped-call]
        self._connection = connection
        channels = [channel_name(topic) for topic in self._sinks]
        # Waiters of the dead connection are satisfied by this connection's one SUBSCRIBE.
        stale, self._confirmations = self._confirmations, defaultdict(deque)
        for channel in channels:
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            for old in stale.pop(channel, ()):
                waiter.add_done_callback(_resolver(old))
            self._confirmations[channel].append(waiter)
        for leftovers in stale.values():
            for old in leftovers:
                if not old.done():
                    old.set_result(None)
        self._gapped = set(channels) if recovering else set()
        if channels:
            await connection.send_command("SUBSCRIBE", *channels)
        self._connected.set()
        if recovering:
            self.reconnects += 1
            metrics.pubsub_reconnects.inc()

    async def _read_loop(self) -> None:
        assert self._connection is not None
        connection = self._connection
        pinger = asyncio.create_task(self._ping_loop())
        try:
            while True:
                # RESP3 (redis-py 8 default) delivers subscribe replies and messages as push frames.
                reply = await asyncio.wait_for(connection.read_response(push_request=True), timeout=SILENCE_LIMIT)
                self._handle(reply)
        finally:
            pinger.cancel()

    async def _ping_loop(self) -> None:
        while True:
            await asyncio.sleep(PING_INTERVAL)
            with contextlib.suppress(RedisError, OSError):
                await self._send("PING")

    def _handle(self, reply: object) -> None:
        if not isinstance(reply, list) or not reply:
            return
        kind = reply[0]
        if kind == "message":
            self._dispatch(str(reply[1]), str(reply[2]))
        elif kind == "subscribe":
            channel = str(reply[1])
            if channel in self._gapped:
                # Before any message of the new subscription is handed out: the sinks re-read
                # history first, and from now on nothing of this channel can slip past them.
                self._gapped.discard(channel)
                topic = topic_of_channel(channel)
                for sink in list(self._sinks.get(topic, ())):
                    sink.gap(topic)
            waiters = self._confirmations.get(channel)
            if waiters:
                waiter = waiters.popleft()
                if not waiter.done():
                    waiter.set_result(None)
                if not waiters:
                    del self._confirmations[channel]

    def _dispatch(self, channel: str, message: str) -> None:
        topic = topic_of_channel(channel)
        sinks = self._sinks.get(topic)
        if not sinks:
            return
        position, event_type, data = message.split(" ", 2)
        event = LiveEvent(topic, position, event_type, data)
        metrics.events_received.labels(topic_kind(topic)).inc()
        for sink in list(sinks):
            sink.deliver(event)

    async def _close_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.disconnect()
