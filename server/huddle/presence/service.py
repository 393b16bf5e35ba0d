"""Presence: a user is online while at least one of their event streams is open on any process."""

import asyncio
import contextlib
import logging

from redis.exceptions import RedisError

from huddle.auth.schemas import PublicUser
from huddle.config import get_settings
from huddle.errors import ApiError
from huddle.observability import metrics
from huddle.presence import repository

log = logging.getLogger(__name__)


class PresenceTracker:
    """Keeps this process's open streams registered, and sweeps entries of dead processes."""

    def __init__(self) -> None:
        self._local: dict[str, PublicUser] = {}
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def _grace_ms(self) -> int:
        return int(get_settings().presence_grace_seconds * 1000)

    @property
    def _ttl_ms(self) -> int:
        return get_settings().presence_ttl_seconds * 1000

    async def stream_opened(self, stream_id: str, user: PublicUser) -> None:
        """Register a stream; 429 when the user already has the most open that one may."""
        limit = get_settings().max_streams_per_user
        if not await repository.open_stream(stream_id, user, self._ttl_ms, limit):
            raise ApiError(
                429, f"too many open event streams (at most {limit}); close some tabs", headers={"Retry-After": "5"}
            )
        self._local[stream_id] = user

    async def stream_closed(self, stream_id: str, user: PublicUser) -> None:
        self._local.pop(stream_id, None)
        await repository.close_stream(stream_id, self._grace_ms)

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._heartbeat(), name="presence-heartbeat"),
            asyncio.create_task(self._sweeper(), name="presence-sweeper"),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        # A clean shutdown hands its users to the grace period rather than to expiry: their tabs
        # reconnect to another process meanwhile, or they go offline within seconds.
        for stream_id in list(self._local):
            with contextlib.suppress(RedisError, OSError):
                await repository.close_stream(stream_id, self._grace_ms)
        self._local.clear()

    async def _heartbeat(self) -> None:
        interval = get_settings().presence_heartbeat_seconds
        while True:
            await asyncio.sleep(interval)
            snapshot = dict(self._local)
            try:
                await repository.refresh_streams(snapshot, self._ttl_ms)
                # A stream that closed during the refresh may have been extended by it: close it again.
                for stream_id in snapshot.keys() - self._local.keys():
                    await repository.close_stream(stream_id, self._grace_ms)
            except (RedisError, OSError) as error:
                log.warning("presence heartbeat failed: %s", error)
                metrics.redis_errors.labels("presence").inc()

    async def _sweeper(self) -> None:
        interval = get_settings().presence_grace_seconds
        while True:
            await asyncio.sleep(interval)
            try:
                await repository.sweep_expired()
            except (RedisError, OSError) as error:
                log.warning("presence sweep failed: %s", error)
                metrics.redis_errors.labels("presence").inc()


async def online_users() -> list[PublicUser]:
    await repository.sweep_expired()
    return await repository.online_users()


async def authorize_topic(user: PublicUser | None, topic: str) -> None:
    if user is None:
        raise ApiError(401, "log in to see who is online")
