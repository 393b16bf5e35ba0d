"""`huddle serve` as a real process on a free loopback port."""

import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from huddle.embedded_valkey import free_port

SERVER_DIR = Path(__file__).resolve().parents[2]
# HUDDLE_ENV=test refuses the built-in secret. Every process started from here shares this one (a
# session cookie from one is good on the others), and so does this process (in-process checks).
_SECRET_KEY = os.environ.setdefault("HUDDLE_SECRET_KEY", secrets.token_urlsafe(32))
# Every test client connects from 127.0.0.1, and the suite shares one Valkey: to the per-address
# limits and the anonymous budget the whole suite is one visitor. The tests of those limits
# (test_room_limits.py, test_seed_socket_limits.py) set them low again.
UNLIMITED_VISITOR = {
    "HUDDLE_ROOM_CREATIONS_PER_ADDRESS_PER_HOUR": "1000000",
    "HUDDLE_ROOM_LOOKUP_MISSES_PER_ADDRESS_PER_MINUTE": "1000000",
    "HUDDLE_ANONYMOUS_ROOM_BUDGET": "1000000",
    "HUDDLE_WS_MAX_SOCKETS_PER_ADDRESS": "100000",
}


@dataclass
class ApiProcess:
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as when a machine dies."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def start_api(redis_url: str, **env_overrides: str | None) -> ApiProcess:
    """An override of None removes the variable (e.g. HUDDLE_SECRET_KEY, to see the server make one)."""
    return start_api_on_port(redis_url, free_port(), env_overrides)


def start_api_on_port(redis_url: str, port: int, env_overrides: dict[str, str | None] | None = None) -> ApiProcess:
    """On a given port: a restart behind the same URL, as after a deploy."""
    env_overrides = env_overrides or {}
    log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"huddle-api-{port}.log"
    settings = {
        **os.environ,
        "HUDDLE_REDIS_URL": redis_url,
        "HUDDLE_ENV": "test",
        "HUDDLE_SECRET_KEY": _SECRET_KEY,
        # Every test signs up and logs in from 127.0.0.1; the tests of these limits set their own.
        "HUDDLE_SIGNUPS_PER_ADDRESS_PER_HOUR": "1000000",
        "HUDDLE_LOGIN_MAX_FAILURES_PER_ADDRESS": "1000000",
        "PORT": str(port),
        **UNLIMITED_VISITOR,
        **env_overrides,
    }
    env = {name: value for name, value in settings.items() if value is not None}
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "huddle.cli", "serve", "--log-level", env.get("HUDDLE_TEST_LOG_LEVEL", "warning")],
            cwd=SERVER_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    api = ApiProcess(process, port, log_path)
    # Generous: on a loaded 2-core machine (CI, or helpers running beside it) an import takes seconds.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"API process exited with {process.returncode}:\n{api.log()}")
        try:
            if httpx.get(f"{api.url}/health", timeout=1).status_code == 200:
                return api
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    api.kill()
    raise RuntimeError(f"API process did not become healthy:\n{api.log()}")
