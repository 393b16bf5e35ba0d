"""One open event stream's inbox: a bounded queue between the hub and the HTTP response.

Not an asyncio.Queue: a fan-out wakes thousands of these per event, and a deque with one waiter
future does the same job in a fraction of the CPU and memory (four deques and an Event less per
stream; see bench/RESULTS.md for the profile that showed it).
"""

import asyncio
from collections import deque

from huddle.live.events import LiveEvent
from huddle.observability import metrics


class RecoverMarker:
    """Queued after a pub/sub reconnect: re-read the topic's history before its next live event."""

    __slots__ = ("topic",)

    def __init__(self, topic: str) -> None:
        self.topic = topic


class StreamSession:
    __slots__ = ("_waiter", "capacity", "ended", "items", "overflowed")

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.items: deque[LiveEvent | RecoverMarker] = deque()
        # Set when the queue overflowed: the stream sends `resync` and closes instead of growing.
        self.overflowed = False
        # Set by end(): the stream closes quietly (its session was logged out, say).
        self.ended = False
        self._waiter: asyncio.Future[None] | None = None

    def deliver(self, event: LiveEvent) -> None:
        self._put(event)

    def gap(self, topic: str) -> None:
        self._put(RecoverMarker(topic))

    def end(self) -> None:
        self.ended = True
        self.items.clear()
        self._wake()

    def _put(self, item: LiveEvent | RecoverMarker) -> None:
        if self.overflowed or self.ended:
            return
        if len(self.items) >= self.capacity:
            self.overflowed = True
            metrics.queue_drops.inc()
            # Free the memory now; the stream is going to end with a resync anyway.
            self.items.clear()
        else:
            self.items.append(item)
        self._wake()

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def next(self) -> LiveEvent | RecoverMarker | None:
        """The next item, or None once the session overflowed or ended. Safe to cancel: nothing is lost."""
        while not self.items and not self.overflowed and not self.ended:
            waiter = asyncio.get_running_loop().create_future()
            self._waiter = waiter
            try:
                await waiter
            finally:
                self._waiter = None
        if self.overflowed or self.ended:
            return None
        return self.items.popleft()
