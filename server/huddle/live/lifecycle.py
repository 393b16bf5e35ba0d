"""Hooks run when an authenticated stream opens and closes (presence listens to these)."""

from collections.abc import Awaitable, Callable

from huddle.auth.schemas import PublicUser

StreamHook = Callable[[str, PublicUser], Awaitable[None]]
# Raises ApiError (e.g. 429) to refuse a stream before it starts.
AdmissionCheck = Callable[[PublicUser], Awaitable[None]]


class StreamLifecycle:
    def __init__(self) -> None:
        self.admission: list[AdmissionCheck] = []
        self.on_open: list[StreamHook] = []
        self.on_close: list[StreamHook] = []

    async def admit(self, user: PublicUser) -> None:
        for check in self.admission:
            await check(user)

    async def opened(self, stream_id: str, user: PublicUser) -> None:
        for hook in self.on_open:
            await hook(stream_id, user)

    async def closed(self, stream_id: str, user: PublicUser) -> None:
        for hook in self.on_close:
            await hook(stream_id, user)


stream_lifecycle = StreamLifecycle()
