"""Hooks run when an authenticated stream opens and closes (presence listens to these).

An `on_open` hook may refuse the stream by raising ApiError (e.g. 429 over the per-user limit):
hooks run before the response starts, so the client gets a proper status."""

from collections.abc import Awaitable, Callable

from huddle.auth.schemas import PublicUser

StreamHook = Callable[[str, PublicUser], Awaitable[None]]


class StreamLifecycle:
    def __init__(self) -> None:
        self.on_open: list[StreamHook] = []
        self.on_close: list[StreamHook] = []

    async def opened(self, stream_id: str, user: PublicUser) -> None:
        for hook in self.on_open:
            await hook(stream_id, user)

    async def closed(self, stream_id: str, user: PublicUser) -> None:
        for hook in self.on_close:
            await hook(stream_id, user)


stream_lifecycle = StreamLifecycle()
