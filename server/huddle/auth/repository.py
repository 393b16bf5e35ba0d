"""Accounts in Redis.

Key layout (owned by auth):

    {user:<username>}:account   String, JSON of the account (public fields + password_hash).
                                Created with SET NX, so two signups for one name cannot both win.
    {login:<username>}:failures Integer with expiry: failed logins in the current window.

A user's id is their username (immutable), so a session token resolves with one GET.
"""

import json
from dataclasses import asdict, dataclass

from huddle.db import redis_client


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    username: str
    display_name: str
    color: str
    created_at: str
    password_hash: str


def _account_key(username: str) -> str:
    return f"{{user:{username}}}:account"


def _failures_key(username: str) -> str:
    return f"{{login:{username}}}:failures"


async def create_account(account: Account) -> bool:
    created = await redis_client.set(_account_key(account.username), json.dumps(asdict(account)), nx=True)
    return bool(created)


async def get_account(username: str) -> Account | None:
    raw = await redis_client.get(_account_key(username))
    return Account(**json.loads(raw)) if raw else None


async def get_accounts(usernames: list[str]) -> list[Account]:
    if not usernames:
        return []
    raws = await redis_client.mget([_account_key(name) for name in usernames])
    return [Account(**json.loads(raw)) for raw in raws if raw]


_record_failure = redis_client.register_script(
    """
    local n = redis.call('INCR', KEYS[1])
    if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
    return n
    """
)


async def record_login_failure(username: str, window_seconds: int) -> int:
    failures: int = await _record_failure(keys=[_failures_key(username)], args=[window_seconds])
    return failures


async def login_lockout_seconds(username: str, max_failures: int) -> int:
    """Seconds until this username may try again; 0 when it may try now."""
    async with redis_client.pipeline(transaction=False) as pipe:
        pipe.get(_failures_key(username))
        pipe.ttl(_failures_key(username))
        failures, ttl = await pipe.execute()
    if failures is None or int(failures) < max_failures:
        return 0
    return max(int(ttl), 1)


async def clear_login_failures(username: str) -> None:
    await redis_client.delete(_failures_key(username))
