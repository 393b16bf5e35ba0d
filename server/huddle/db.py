"""The one async Redis client of the process; everything that talks to Redis imports it from here."""

from collections.abc import Mapping
from typing import Any

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.connection import Connection

from huddle.config import get_settings

# `huddle serve` sets HUDDLE_REDIS_URL (to its embedded Valkey when none is configured) before
# this module is imported. The client connects lazily, so importing it never touches the network.
# A blocking pool: a burst of more concurrent commands than connections waits (up to 5 s) for one
# to free up, instead of failing at once (hundreds of streams closing together did exactly that).
redis_client: Redis = Redis(
    connection_pool=BlockingConnectionPool.from_url(
        get_settings().redis_url or "redis://127.0.0.1:6379/0",
        decode_responses=True,
        socket_connect_timeout=2,
        socket_timeout=5,
        health_check_interval=30,
        max_connections=200,
        timeout=5,
    )
)


def text_map(raw: Mapping[Any, Any]) -> dict[str, str]:
    """A hash reply as str -> str (the client decodes responses; this narrows redis-py's types)."""
    return {str(name): str(value) for name, value in raw.items()}


def new_dedicated_connection() -> Connection:
    """A connection outside the pool, configured like the client's (the pub/sub hub owns one)."""
    pool = redis_client.connection_pool
    kwargs = dict(pool.connection_kwargs)
    # A subscribed connection is idle for long stretches by design; the hub does its own pings.
    kwargs["socket_timeout"] = None
    kwargs["health_check_interval"] = 0
    connection = pool.connection_class(**kwargs)
    assert isinstance(connection, Connection)
    return connection
