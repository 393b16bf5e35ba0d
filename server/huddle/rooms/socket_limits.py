"""Limits of the seed WebSocket: open sockets per address (over all processes) and messages per
connection (in the connection: a connection lives in one process).

    {room_sockets:<address>}   Sorted set: socket id -> expiry (ms). A socket is added on open,
                               renewed by its heartbeat and removed on close; one whose process
                               was killed expires and is dropped by the next open from that address.
"""

import time

from huddle.db import redis_client

SOCKET_TTL_MS = 30_000

# ARGV: socket id, now (ms), expiry (ms), cap. 1 when the socket got a place, 0 when the address is full.
_open = redis_client.register_script(
    """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) - tonumber(ARGV[2]))
return 1
"""
)

# ARGV: socket id, expiry (ms), ttl (ms).
_renew = redis_client.register_script(
    """
if redis.call('ZADD', KEYS[1], 'XX', 'CH', tonumber(ARGV[2]), ARGV[1]) == 1 then
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
end
return 1
"""
)


def _key(address: str) -> str:
    return f"{{room_sockets:{address}}}"


async def open_socket(address: str, socket_id: str, cap: int) -> bool:
    now = int(time.time() * 1000)
    return bool(await _open(keys=[_key(address)], args=[socket_id, now, now + SOCKET_TTL_MS, cap]))


async def renew_socket(address: str, socket_id: str) -> None:
    now = int(time.time() * 1000)
    await _renew(keys=[_key(address)], args=[socket_id, now + SOCKET_TTL_MS, SOCKET_TTL_MS])


async def close_socket(address: str, socket_id: str) -> None:
    await redis_client.zrem(_key(address), socket_id)


class TokenBucket:
    """`rate` a second, up to `burst` at once."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.updated = time.monotonic()

    def _refill(self) -> None:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def take(self) -> bool:
        self._refill()
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    def wait_seconds(self) -> float:
        """How long until one token is there (0 when it is)."""
        self._refill()
        return max(0.0, (1 - self.tokens) / self.rate)
