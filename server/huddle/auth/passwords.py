"""Argon2id hashing, off the event loop and bounded per process.

One hash takes tens of milliseconds of CPU (argon2-cffi releases the GIL, so threads help), which
on the event loop would stall every stream and request of the process. Unbounded, a burst of
logins or signups would occupy every worker thread (and with them the other users of
`asyncio.to_thread`): at most HUDDLE_PASSWORD_HASH_CONCURRENCY run at once, up to
HUDDLE_PASSWORD_HASH_QUEUE more wait, and beyond that the request gets 503 straight away.
"""

import asyncio
from collections.abc import Callable
from typing import TypeVar

from pwdlib import PasswordHash

from huddle.config import get_settings
from huddle.errors import ApiError

_hasher = PasswordHash.recommended()

# Verified against on unknown usernames so both failures take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")

_Result = TypeVar("_Result")


class _HashingSlots:
    def __init__(self) -> None:
        self.semaphore: asyncio.Semaphore | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.waiting = 0

    async def run(self, work: Callable[..., _Result], *args: str) -> _Result:
        settings = get_settings()
        loop = asyncio.get_running_loop()
        if self.semaphore is None or self.loop is not loop:
            self.semaphore, self.loop = asyncio.Semaphore(settings.password_hash_concurrency), loop
        semaphore = self.semaphore
        if semaphore.locked() and self.waiting >= settings.password_hash_queue:
            raise ApiError(503, "too many logins at once; try again in a moment", headers={"Retry-After": "1"})
        self.waiting += 1
        try:
            await semaphore.acquire()
        finally:
            self.waiting -= 1
        # The slot is given back when the thread is done, not when the caller gives up (a cancelled
        # request cannot stop a running hash, so it must still count).
        hashing = asyncio.ensure_future(asyncio.to_thread(work, *args))
        hashing.add_done_callback(lambda _: semaphore.release())
        return await asyncio.shield(hashing)


_slots = _HashingSlots()


async def hash_password(password: str) -> str:
    return await _slots.run(_hasher.hash, password)


async def verify_password(password: str, password_hash: str | None) -> bool:
    if password_hash is None:
        await _slots.run(_hasher.verify, password, _DUMMY_HASH)
        return False
    return await _slots.run(_hasher.verify, password, password_hash)
