"""An SSE client that reconnects like a browser's EventSource: keep the last `id`, reconnect with
`Last-Event-ID` after the stream broke (or was refused), forever until closed."""

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
from httpx_sse import ServerSentEvent, aconnect_sse


@dataclass
class ReconnectingStream:
    base_url: str
    cookies: httpx.Cookies
    topics: list[str]
    retry_seconds: float = 0.2
    last_event_id: str | None = None
    events: list[ServerSentEvent] = field(default_factory=list)
    # Successful (200) connections so far; > 1 means it reconnected.
    connections: int = 0
    # Non-200 answers and errors that ended a connection attempt, in order.
    failures: list[str] = field(default_factory=list)
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)
    _task: asyncio.Task[None] | None = None
    _client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> "ReconnectingStream":
        # A read timeout well above the server's heartbeat interval: a silent, half-dead
        # connection is given up and replaced, as a browser would after its own timeout.
        self._client = httpx.AsyncClient(
            base_url=self.base_url, cookies=self.cookies, timeout=httpx.Timeout(10, read=40)
        )
        self._task = asyncio.create_task(self._run())
        await self.wait_for(lambda e: e.event == "ready", timeout=10)
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        if self._client:
            await self._client.aclose()

    async def _run(self) -> None:
        assert self._client is not None
        params = [("topic", topic) for topic in self.topics]
        while True:
            headers = {"Last-Event-ID": self.last_event_id} if self.last_event_id else {}
            try:
                async with aconnect_sse(self._client, "GET", "/api/events", params=params, headers=headers) as source:
                    status = source.response.status_code
                    if status != 200:
                        await source.response.aread()
                        self.failures.append(f"HTTP {status}")
                    else:
                        self.connections += 1
                        async for event in source.aiter_sse():
                            if event.id:
                                self.last_event_id = event.id
                            self.events.append(event)
                            self._arrived.set()
                        self.failures.append("stream ended")
            except httpx.HTTPError as error:
                self.failures.append(f"{type(error).__name__}: {error}")
            await asyncio.sleep(self.retry_seconds)

    async def wait_for(self, predicate: Callable[[ServerSentEvent], bool], timeout: float = 5.0) -> ServerSentEvent:
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
                    f"no matching event within {timeout}s; last events "
                    f"{[(e.event, e.data[:80]) for e in self.events[-10:]]}; failures {self.failures[-5:]}"
                )
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), timeout=remaining)

    def of_type(self, event_type: str) -> list[ServerSentEvent]:
        return [event for event in self.events if event.event == event_type]
