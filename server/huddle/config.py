"""Settings, read once from `HUDDLE_*` environment variables and an optional `.env` file."""

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, PrivateAttr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Public (it is in the source), so a token signed with it proves nothing: refused outside
# development and whenever the server is reachable beyond loopback. Without HUDDLE_SECRET_KEY the
# server generates a secret instead (huddle.session_secret).
DEFAULT_SECRET_KEY = "dev-only-insecure-secret-change-me"
REPO_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HUDDLE_", env_file=".env", extra="ignore")

    env: Literal["development", "production", "test"] = "development"
    # Empty: generated on first start and kept (see huddle.session_secret); get_settings() fills it in.
    secret_key: str = ""
    host: str = "127.0.0.1"
    port: int = Field(default=8000, validation_alias=AliasChoices("PORT", "HUDDLE_PORT"))
    # Without a URL, `huddle serve` starts a private Valkey and fills this in.
    redis_url: str | None = None
    data_dir: Path = Path("./data")
    valkey_binary: Path | None = None
    web_dir: Path = REPO_ROOT / "web" / "out"
    # Extra origins (besides the app's own) allowed to make state-changing requests.
    allowed_origins: list[str] = []
    # Peers whose X-Forwarded-For / X-Forwarded-Proto are believed (uvicorn's forwarded_allow_ips):
    # comma-separated addresses or networks, or "*" for any. Everyone else is their own address.
    trusted_proxies: str = "127.0.0.1,::1"
    # /metrics, /docs, /redoc and /openapi.json: "public", "token" (Authorization: Bearer
    # HUDDLE_OPERATOR_TOKEN) or "off" (404). Unset: "off" in production, "public" otherwise.
    operator_endpoints: Literal["public", "token", "off"] | None = None
    operator_token: str | None = None
    max_body_bytes: int = 1024 * 1024
    max_streams_per_user: int = 50
    # Event streams of visitors who are not logged in, per client address and API process.
    max_anonymous_streams_per_address: int = 200
    # State-changing requests per user (or guest, or client address) per minute.
    write_rate_per_minute: int = 3000

    session_ttl_seconds: int = 7 * 24 * 3600
    # A revoked session stops working on other processes within this (each caches the check).
    session_check_cache_seconds: float = Field(default=5.0, ge=0, le=60)
    # Beyond this many sessions a user's oldest is ended (each login makes one).
    max_sessions_per_user: int = Field(default=100, ge=1)
    # Failed logins per (address, username) in the window before that pair gets 429.
    login_max_failures: int = 5
    login_failure_window_seconds: int = 15 * 60
    # Failed logins per address (any usernames) in the window before that address gets 429.
    login_max_failures_per_address: int = 30
    # After this many failures on one username (from any addresses) in the window, attempts on it
    # are spaced out: the gap doubles per further failure, up to the maximum. Never a lockout.
    login_username_backoff_after: int = 10
    login_username_backoff_max_seconds: int = 30
    signups_per_address_per_hour: int = 20
    # Argon2 hashes running at once in one process; more wait, and beyond the queue get 503.
    password_hash_concurrency: int = Field(default=2, ge=1)
    password_hash_queue: int = Field(default=64, ge=0)

    # Realtime core tuning.
    history_size: int = 1000
    stream_queue_size: int = 256
    stream_send_timeout_seconds: float = 15.0
    # Heartbeat comments keep proxies and browsers from dropping a quiet stream.
    stream_ping_seconds: int = Field(default=15, ge=1, le=15)
    stream_retry_ms: int = 2000
    max_topics_per_stream: int = 50
    presence_ttl_seconds: int = 30
    presence_heartbeat_seconds: int = 10
    # A closed stream keeps its user online this long (a reload or reconnect must not flash offline).
    presence_grace_seconds: float = 3.0

    # Code rooms. ROOM_TTL_SECONDS is seed 003's name for the idle expiry.
    room_ttl_seconds: int = Field(
        default=7200, validation_alias=AliasChoices("ROOM_TTL_SECONDS", "HUDDLE_ROOM_TTL_SECONDS")
    )
    room_max_update_bytes: int = 64 * 1024
    room_max_document_bytes: int = 1024 * 1024
    room_compact_after_updates: int = 200
    room_client_ttl_seconds: int = 30

    # Visitors who are not logged in, counted per client address in Redis (so over all processes).
    guest_write_rate_per_address_per_minute: int = 6000
    room_creations_per_address_per_hour: int = 60
    # Lookups of room ids that do not exist; beyond this every room lookup from the address is 429
    # for the rest of the minute (otherwise the refusal itself would tell which ids exist).
    room_lookup_misses_per_address_per_minute: int = 30
    # Rooms created by visitors who are not logged in that may exist at once, over all addresses.
    anonymous_room_budget: int = 200
    # The embedded Valkey's memory cap (Valkey's syntax: 512mb, 2gb; 0 = none). Policy noeviction:
    # at the cap writes are refused (507) instead of user data being evicted.
    valkey_maxmemory: str = "1gb"

    # Seed WebSocket connections.
    ws_max_message_bytes: int = 2 * 1024 * 1024
    ws_messages_per_second: float = 50.0
    ws_message_burst: int = 200
    ws_edits_per_second: float = 20.0
    ws_cursor_moves_per_second: float = 20.0
    ws_max_sockets_per_address: int = 100

    @model_validator(mode="after")
    def refuse_default_secret_outside_development(self) -> "Settings":
        if self.secret_key == DEFAULT_SECRET_KEY and (self.env != "development" or not is_loopback(self.host)):
            raise ValueError(refused_secret_message(self.host))
        return self

    @model_validator(mode="after")
    def operator_token_when_asked_for(self) -> "Settings":
        if self.operator_endpoints == "token" and len(self.operator_token or "") < 16:
            raise ValueError("HUDDLE_OPERATOR_ENDPOINTS=token needs HUDDLE_OPERATOR_TOKEN of at least 16 characters")
        return self

    # Where secret_key came from, for the start-up log line (huddle.session_secret).
    _secret_source: str = PrivateAttr(default="HUDDLE_SECRET_KEY")

    @property
    def secret_source(self) -> str:
        return self._secret_source

    @property
    def operator_endpoints_mode(self) -> Literal["public", "token", "off"]:
        if self.operator_endpoints is not None:
            return self.operator_endpoints
        return "off" if self.env == "production" else "public"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name or wildcard: assume it is reachable from elsewhere


def refused_secret_message(host: str) -> str:
    return (
        f"HUDDLE_SECRET_KEY is the built-in development secret, which is public; it is refused outside "
        f"development and when bound beyond loopback (host {host}). Unset it to have a secret generated, "
        "or set a real one (for example `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
    )


@lru_cache
def get_settings() -> Settings:
    from huddle.session_secret import resolve_session_secret

    settings = Settings()
    if settings.secret_key:
        return settings
    resolved = resolve_session_secret(settings)
    settings = settings.model_copy(update={"secret_key": resolved.value})
    settings._secret_source = resolved.source
    return settings
