"""Settings, read once from `HUDDLE_*` environment variables and an optional `.env` file."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET_KEY = "dev-only-insecure-secret-change-me"
REPO_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HUDDLE_", env_file=".env", extra="ignore")

    env: Literal["development", "production", "test"] = "development"
    secret_key: str = DEFAULT_SECRET_KEY
    host: str = "127.0.0.1"
    port: int = Field(default=8000, validation_alias=AliasChoices("PORT", "HUDDLE_PORT"))
    # Without a URL, `huddle serve` starts a private Valkey and fills this in.
    redis_url: str | None = None
    data_dir: Path = Path("./data")
    valkey_binary: Path | None = None
    web_dir: Path = REPO_ROOT / "web" / "out"
    # Extra origins (besides the app's own) allowed to make state-changing requests.
    allowed_origins: list[str] = []
    max_body_bytes: int = 1024 * 1024
    max_streams_per_user: int = 50
    # Event streams of visitors who are not logged in, per client address and API process.
    max_anonymous_streams_per_address: int = 200
    # State-changing requests per user (or guest, or client address) per minute.
    write_rate_per_minute: int = 3000

    session_ttl_seconds: int = 7 * 24 * 3600
    login_max_failures: int = 5
    login_failure_window_seconds: int = 15 * 60

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
        if self.env != "development" and self.secret_key == DEFAULT_SECRET_KEY:
            raise ValueError(
                "HUDDLE_SECRET_KEY is the built-in development secret; set a real one "
                "(for example `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
            )
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
