"""Where the key that signs sessions comes from when HUDDLE_SECRET_KEY is not set.

Every process that serves the same users must use the same key, and it must survive restarts
(else every restart logs everyone out). Two setups, two stores:

- Embedded Valkey (no HUDDLE_REDIS_URL): the processes share the data directory, so the key is
  the file `<data dir>/session_secret` (mode 0600). It is written to a temporary file and
  hard-linked into place, which fails if the file exists: of processes starting together exactly
  one wins, and nobody ever reads a half-written file.
- A Redis of the operator's (HUDDLE_REDIS_URL): processes behind a load balancer may have no disk
  in common, but they share the Redis, so the key lives there, created with SET NX (first writer
  wins, the others read its value). It then has the lifetime of the sessions it signs, which live
  in the same Redis. Whoever can read that Redis can forge sessions, but they could already
  rewrite every account; set HUDDLE_SECRET_KEY to keep the key out of Redis.

Key layout (owned here): {huddle:secret}:session_signing_key   String, never expires.
"""

import contextlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import redis

from huddle.config import Settings

SECRET_FILE_NAME = "session_secret"
REDIS_KEY = "{huddle:secret}:session_signing_key"


@dataclass(frozen=True, slots=True)
class ResolvedSecret:
    value: str
    source: str  # said in the start-up log line


def resolve_session_secret(settings: Settings) -> ResolvedSecret:
    if settings.redis_url:
        return ResolvedSecret(_shared_through_redis(settings.redis_url), f"kept in Redis ({REDIS_KEY})")
    path = settings.data_dir / SECRET_FILE_NAME
    return ResolvedSecret(_kept_in_file(path), f"kept in {path} (generated on first start)")


def _shared_through_redis(url: str) -> str:
    client = redis.Redis.from_url(url, decode_responses=True, socket_connect_timeout=5, socket_timeout=5)
    try:
        client.set(REDIS_KEY, secrets.token_urlsafe(48), nx=True)
        value = client.get(REDIS_KEY)
    except redis.RedisError as error:
        raise RuntimeError(
            f"could not read or create the session secret in Redis ({error}); "
            "set HUDDLE_SECRET_KEY or make Redis reachable"
        ) from error
    finally:
        client.close()
    if not isinstance(value, str) or len(value) < 32:
        raise RuntimeError(f"the session secret in Redis ({REDIS_KEY}) is missing or too short")
    return value


def _kept_in_file(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_urlsafe(48))
                file.flush()
                os.fsync(file.fileno())
            # Exists already: another process started at the same moment won; use its secret.
            with contextlib.suppress(FileExistsError):
                os.link(draft, path)
        finally:
            draft.unlink(missing_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)  # readable by others: whoever reads it can forge sessions
    value = path.read_text().strip()
    if len(value) < 32:
        raise RuntimeError(f"{path} holds no usable session secret; delete it to have a new one generated")
    return value
