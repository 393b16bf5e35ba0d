"""Accounts in Redis.

Key layout (owned by auth):

    {user:<username>}:account   String, JSON of the account (public fields + password_hash).
                                Created with SET NX, so two signups for one name cannot both win.

Sessions (`{user:<username>}:sessions`) are documented in huddle.auth.sessions_repository, login
and signup throttles in huddle.auth.throttle.

A user's id is their username (immutable), so a session token resolves with one GET.
"""

import json
from dataclasses import asdict, dataclass, replace

from huddle.auth.sessions_repository import sessions_key
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


# The account and the user's sessions share the hash tag: a new password and the end of the
# other sessions happen together or not at all. ARGV[2] is the hash the caller verified against,
# compared as plain text (a concurrent change in between makes this one fail).
_change_password = redis_client.register_script(
    """
    local current = redis.call('GET', KEYS[1])
    if not current or not string.find(current, ARGV[2], 1, true) then return 0 end
    redis.call('SET', KEYS[1], ARGV[1])
    for _, session_id in ipairs(redis.call('HKEYS', KEYS[2])) do
        if session_id ~= ARGV[3] then redis.call('HDEL', KEYS[2], session_id) end
    end
    return 1
    """
)


async def change_password(account: Account, new_password_hash: str, keep_session_id: str) -> bool:
    """Stores the new hash and ends every session of the user but `keep_session_id`; False when the
    password changed meanwhile."""
    updated = replace(account, password_hash=new_password_hash)
    changed = await _change_password(
        keys=[_account_key(account.username), sessions_key(account.username)],
        args=[json.dumps(asdict(updated)), account.password_hash, keep_session_id],
    )
    return bool(changed)
