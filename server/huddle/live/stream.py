"""The event stream of one browser tab: subscribe, catch up from history, then go live.

Order matters for "no gap, no duplicate" (the Centrifugo/Mercure recipe): subscribe first, so
nothing published from now on is missed; then read history from the client's cursor; then take
live events, dropping any whose position the client already has.
"""

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable, Iterable

from sse_starlette import ServerSentEvent

from huddle.live.conflation import CONFLATION_INTERVAL, is_conflatable
from huddle.live.cursor import Cursor, encode_cursor
from huddle.live.events import LiveEvent, parse_stream_id
from huddle.live.history import events_after, tail_position
from huddle.live.hub import Hub
from huddle.live.session import RecoverMarker, StreamSession
from huddle.observability import metrics


class _Flush:
    """Returned instead of an event when held-back events are due."""


FLUSH = _Flush()


def _latest_state_only(events: Iterable[LiveEvent]) -> list[LiveEvent]:
    """In a replay, an absolute-state event is only worth sending if no newer one of its kind follows."""
    events = list(events)
    last_of_kind = {(e.topic, e.type): i for i, e in enumerate(events) if is_conflatable(e.type)}
    return [e for i, e in enumerate(events) if not is_conflatable(e.type) or last_of_kind[(e.topic, e.type)] == i]


class TopicStream:
    def __init__(
        self,
        hub: Hub,
        session: StreamSession,
        topics: list[str],
        cursor: Cursor,
        retry_ms: int,
        initial: list[ServerSentEvent] | None = None,
        wire: Callable[[LiveEvent], bytes] | None = None,
    ) -> None:
        self.initial = initial or []
        # How an event is written: its own `event:`/`data:` lines unless an endpoint speaks another shape.
        self.wire = wire
        self.hub = hub
        self.session = session
        self.topics = topics
        self.resumed_from = {t: cursor[t] for t in topics if t in cursor}
        self.positions: Cursor = {}
        self.retry_ms = retry_ms
        # Conflation state per (topic, event type): the held-back event, when it is due, last send.
        self.pending: dict[tuple[str, str], LiveEvent] = {}
        self.pending_due: dict[tuple[str, str], float] = {}
        self.sent_at: dict[tuple[str, str], float] = {}

    async def events(self) -> AsyncIterator[ServerSentEvent | bytes]:
        subscribed: list[str] = []
        try:
            for topic in self.topics:
                # Noted first: the hub holds the sink from the call on, even if the wait is cancelled.
                subscribed.append(topic)
                await self.hub.subscribe(topic, self.session)
            async for message in self._catch_up_then_live():
                yield message
        finally:
            for topic in subscribed:
                await self.hub.unsubscribe(topic, self.session)

    async def _catch_up_then_live(self) -> AsyncIterator[ServerSentEvent | bytes]:
        missed: list[LiveEvent] = []
        lost: list[str] = []
        for topic in self.topics:
            if topic in self.resumed_from:
                replay = await events_after(topic, self.resumed_from[topic])
                if replay.complete:
                    self.positions[topic] = self.resumed_from[topic]
                    missed.extend(replay.events)
                    continue
                lost.append(topic)
            self.positions[topic] = await tail_position(topic)

        yield self._message("ready", {"topic": None, "topics": self.topics}, retry=self.retry_ms)
        for message in self.initial:
            message.id = encode_cursor(self.positions)
            yield message
        for topic in lost:
            yield self._resync(topic, "history no longer covers the gap")
        for event in _latest_state_only(sorted(missed, key=lambda e: e.order)):
            if accepted := self._accept(event):
                yield accepted

        while True:
            item = await self._next_or_flush()
            if item is None:
                if not self.session.ended:
                    yield self._resync(None, "the connection fell too far behind")
                return
            if isinstance(item, RecoverMarker):
                async for recovered in self._recover(item.topic):
                    yield recovered
                continue
            for delivery in self._route(item):
                yield delivery

    async def _next_or_flush(self) -> LiveEvent | RecoverMarker | _Flush | None:
        if not self.pending:
            return await self.session.next()
        wait = min(self.pending_due.values()) - time.monotonic()
        if wait <= 0:
            return FLUSH
        try:
            return await asyncio.wait_for(self.session.next(), timeout=wait)
        except TimeoutError:
            return FLUSH

    def _route(self, item: LiveEvent | _Flush) -> list[bytes]:
        """Send an event, or hold it back if a same-kind absolute-state event was sent just now."""
        if isinstance(item, _Flush):
            return self._flush_due()
        key = (item.topic, item.type)
        if not is_conflatable(item.type):
            # Order within a topic is kept: what is held back for this topic goes first.
            messages = [m for k in list(self.pending) if k[0] == item.topic for m in self._release(k)]
            return [*messages, *filter(None, [self._accept(item)])]
        now = time.monotonic()
        if key in self.pending or now < self.sent_at.get(key, 0.0) + CONFLATION_INTERVAL:
            self.pending[key] = item
            self.pending_due.setdefault(key, self.sent_at.get(key, now) + CONFLATION_INTERVAL)
            return []
        self.sent_at[key] = now
        return list(filter(None, [self._accept(item)]))

    def _flush_due(self) -> list[bytes]:
        now = time.monotonic()
        return [m for key, due in list(self.pending_due.items()) if due <= now for m in self._release(key)]

    def _release(self, key: tuple[str, str]) -> list[bytes]:
        event = self.pending.pop(key)
        self.pending_due.pop(key, None)
        self.sent_at[key] = time.monotonic()
        message = self._accept(event)
        return [message] if message else []

    async def _recover(self, topic: str) -> AsyncIterator[ServerSentEvent | bytes]:
        # What is held back for the topic is older than anything history adds: it goes first.
        for key in [k for k in self.pending if k[0] == topic]:
            for released in self._release(key):
                yield released
        replay = await events_after(topic, self.positions[topic])
        if not replay.complete:
            self.positions[topic] = await tail_position(topic)
            yield self._resync(topic, "events may have been missed while Redis was unreachable")
            return
        for event in _latest_state_only(replay.events):
            if message := self._accept(event):
                yield message

    def _accept(self, event: LiveEvent) -> bytes | None:
        if event.order <= parse_stream_id(self.positions[event.topic]):
            return None  # already sent (history and live overlap, or an echo after recovery)
        self.positions[event.topic] = event.position
        metrics.events_delivered.inc()
        wire = self.wire(event) if self.wire else event.wire
        return b"id: " + encode_cursor(self.positions).encode() + b"\r\n" + wire

    def _resync(self, topic: str | None, reason: str) -> ServerSentEvent:
        metrics.resyncs.labels("overflow" if topic is None else "history").inc()
        return self._message("resync", {"topic": topic, "reason": reason})

    def _message(self, event_type: str, data: dict[str, object], retry: int | None = None) -> ServerSentEvent:
        return ServerSentEvent(
            data=json.dumps(data, separators=(",", ":")),
            event=event_type,
            id=encode_cursor(self.positions),
            retry=retry,
        )
