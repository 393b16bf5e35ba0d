"""A minimal SSE client over httpx: open a stream, collect events in the background."""

import asyncio
import contextlib
import json
from dataclasses import dataclass, field
from typing import Any

import httpx
from httpx_sse import ServerSentEvent, aconnect_sse


@dataclass
class EventStream:
    client: httpx.AsyncClient
    topics: list[str]
    last_event_id: str | None = None
    events: list[ServerSentEvent] = field(default_factory=list)
    status_code: int | None = None
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)
    _task: asyncio.Task[None] | None = None
    _opened: asyncio.Event = field(default_factory=asyncio.Event)

    async def __aenter__(self) -> "EventStream":
        self._task = asyncio.create_task(self._read())
        await asyncio.wait_for(self._opened.wait(), timeout=10)
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    async def _read(self) -> None:
        headers = {"Last-Event-ID": self.last_event_id} if self.last_event_id else {}
        params = [("topic", topic) for topic in self.topics]
        try:
            async with aconnect_sse(
                self.client, "GET", "/api/events", params=params, headers=headers, timeout=httpx.Timeout(10, read=None)
            ) as source:
                self.status_code = source.response.status_code
                if source.response.status_code != 200:
                    await source.response.aread()
                    self._opened.set()
                    return
                async for event in source.aiter_sse():
                    self.events.append(event)
                    self._opened.set()
                    self._arrived.set()
        finally:
            self._opened.set()

    async def wait_for(self, predicate: Any, timeout: float = 5.0) -> ServerSentEvent:
        """The first event (already received or arriving within `timeout`) that satisfies `predicate`."""
        deadline = asyncio.get_running_loop().time() + timeout
        seen = 0
        while True:
            for event in self.events[seen:]:
                if predicate(event):
                    return event
            seen = len(self.events)
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError(
                    f"no matching event within {timeout}s; got {[(e.event, e.data) for e in self.events]}"
                )
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), timeout=remaining)

    def of_type(self, event_type: str) -> list[ServerSentEvent]:
        return [event for event in self.events if event.event == event_type]

    @property
    def last_id(self) -> str:
        return self.events[-1].id


def data(event: ServerSentEvent) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(event.data)
    return parsed


def is_online_event(username: str) -> Any:
    return lambda e: e.event == "user_online" and data(e)["user"]["username"] == username


def is_offline_event(username: str) -> Any:
    return lambda e: e.event == "user_offline" and data(e)["user"]["username"] == username
