"""One open event stream's inbox: a bounded queue between the hub and the HTTP response."""

import asyncio
from dataclasses import dataclass, field

from huddle.live.events import LiveEvent
from huddle.observability import metrics


class RecoverMarker:
    """Queued after a pub/sub reconnect: re-read history before trusting live events again."""


RECOVER = RecoverMarker()


@dataclass(eq=False)
class StreamSession:
    capacity: int
    queue: asyncio.Queue[LiveEvent | RecoverMarker] = field(init=False)
    # Set when the queue overflowed: the stream sends `resync` and closes instead of growing.
    overflowed: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self.queue = asyncio.Queue(maxsize=self.capacity)

    def deliver(self, event: LiveEvent) -> None:
        self._put(event)

    def gap(self) -> None:
        self._put(RECOVER)

    def _put(self, item: LiveEvent | RecoverMarker) -> None:
        if self.overflowed.is_set():
            return
        try:
            self.queue.put_nowait(item)
        except asyncio.QueueFull:
            self.overflowed.set()
            metrics.queue_drops.inc()
            # Free the memory now; the stream is going to end with a resync anyway.
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(RECOVER)

    async def next(self) -> LiveEvent | RecoverMarker | None:
        """The next item, or None once the session overflowed."""
        if self.overflowed.is_set():
            return None
        item = await self.queue.get()
        return None if self.overflowed.is_set() else item
