"""The event stream of one browser tab: subscribe, catch up from history, then go live.

Order matters for "no gap, no duplicate" (the Centrifugo/Mercure recipe): subscribe first, so
nothing published from now on is missed; then read history from the client's cursor; then take
live events, dropping any whose position the client already has.
"""

import json
from collections.abc import AsyncIterator

from sse_starlette import ServerSentEvent

from huddle.live.cursor import Cursor, encode_cursor
from huddle.live.events import LiveEvent, parse_stream_id
from huddle.live.history import events_after, tail_position
from huddle.live.hub import Hub
from huddle.live.session import StreamSession


class TopicStream:
    def __init__(self, hub: Hub, session: StreamSession, topics: list[str], cursor: Cursor, retry_ms: int) -> None:
        self.hub = hub
        self.session = session
        self.topics = topics
        self.resumed_from = {t: cursor[t] for t in topics if t in cursor}
        self.positions: Cursor = {}
        self.retry_ms = retry_ms

    async def events(self) -> AsyncIterator[ServerSentEvent]:
        for topic in self.topics:
            await self.hub.subscribe(topic, self.session)
        try:
            async for message in self._catch_up_then_live():
                yield message
        finally:
            for topic in self.topics:
                await self.hub.unsubscribe(topic, self.session)

    async def _catch_up_then_live(self) -> AsyncIterator[ServerSentEvent]:
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
        for topic in lost:
            yield self._resync(topic, "history no longer covers the gap")
        for event in sorted(missed, key=lambda e: e.order):
            if message := self._accept(event):
                yield message

        while True:
            item = await self.session.next()
            if item is None:
                yield self._resync(None, "the connection fell too far behind")
                return
            if isinstance(item, LiveEvent):
                if message := self._accept(item):
                    yield message
                continue
            async for message in self._recover():
                yield message

    async def _recover(self) -> AsyncIterator[ServerSentEvent]:
        for topic in self.topics:
            replay = await events_after(topic, self.positions[topic])
            if not replay.complete:
                self.positions[topic] = await tail_position(topic)
                yield self._resync(topic, "events may have been missed while Redis was unreachable")
                continue
            for event in replay.events:
                if message := self._accept(event):
                    yield message

    def _accept(self, event: LiveEvent) -> ServerSentEvent | None:
        if event.order <= parse_stream_id(self.positions[event.topic]):
            return None  # already sent (history and live overlap, or an echo after recovery)
        self.positions[event.topic] = event.position
        return ServerSentEvent(data=event.data, event=event.type, id=encode_cursor(self.positions))

    def _resync(self, topic: str | None, reason: str) -> ServerSentEvent:
        return self._message("resync", {"topic": topic, "reason": reason})

    def _message(self, event_type: str, data: dict[str, object], retry: int | None = None) -> ServerSentEvent:
        return ServerSentEvent(
            data=json.dumps(data, separators=(",", ":")),
            event=event_type,
            id=encode_cursor(self.positions),
            retry=retry,
        )
