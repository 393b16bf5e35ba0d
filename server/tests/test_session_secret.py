"""Issue 11 item 4: the key that signs sessions is never the public default unless asked for on
loopback in development; without HUDDLE_SECRET_KEY the server makes one and keeps it."""

import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import jwt
import pytest

from huddle.config import DEFAULT_SECRET_KEY, Settings
from huddle.embedded_valkey import EmbeddedValkey, free_port
from huddle.session_secret import _kept_in_file
from tests.support.processes import SERVER_DIR, ApiProcess, start_api
from tests.support.users import PASSWORD, unique_username
from tests.support.valkey import start_valkey


@pytest.fixture
def fresh_valkey(tmp_path: Path) -> Iterator[EmbeddedValkey]:
    valkey = start_valkey(tmp_path / "valkey")
    yield valkey
    valkey.stop()


def _start_without_secret(redis_url: str, **env: str | None) -> ApiProcess:
    return start_api(redis_url, HUDDLE_ENV="development", HUDDLE_SECRET_KEY=None, **env)


def _signed_up(api: ApiProcess) -> tuple[str, httpx.Cookies]:
    username = unique_username()
    response = httpx.post(f"{api.url}/api/auth/signup", json={"username": username, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return username, response.cookies


def _me(api: ApiProcess, token: str) -> int:
    return httpx.get(f"{api.url}/api/auth/me", cookies={"huddle_session": token}).status_code


def test_a_token_signed_with_the_public_default_is_refused_when_no_secret_is_set(
    fresh_valkey: EmbeddedValkey,
) -> None:
    api = _start_without_secret(fresh_valkey.url)
    try:
        username, _ = _signed_up(api)
        now = int(time.time())
        for claims in ({"sub": username, "exp": now + 3600}, {"sub": username, "sid": "guess", "exp": now + 3600}):
            forged = jwt.encode({"iat": now, **claims}, DEFAULT_SECRET_KEY, algorithm="HS256")
            assert _me(api, forged) == 401
        assert "Session secret: kept in Redis" in api.log()
    finally:
        api.stop()


def test_processes_on_one_redis_agree_on_the_generated_secret_and_keep_it_across_restarts(
    fresh_valkey: EmbeddedValkey,
) -> None:
    started: list[ApiProcess] = []
    threads = [
        threading.Thread(target=lambda: started.append(_start_without_secret(fresh_valkey.url))) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert len(started) == 2
        _, cookies = _signed_up(started[0])
        token = cookies["huddle_session"]
        assert [_me(api, token) for api in started] == [200, 200]
        for api in started:
            api.stop()
        again = _start_without_secret(fresh_valkey.url)
        started.append(again)
        assert _me(again, token) == 200
    finally:
        for api in started:
            api.stop()


def test_with_the_embedded_valkey_the_secret_is_a_private_file_in_the_data_dir(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    api = _start_without_secret("", HUDDLE_REDIS_URL=None, HUDDLE_DATA_DIR=str(data_dir))
    try:
        _, cookies = _signed_up(api)
        secret_file = data_dir / "session_secret"
        assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
        assert len(secret_file.read_text().strip()) >= 32
        assert f"Session secret: kept in {secret_file}" in api.log()
    finally:
        api.stop()
    again = _start_without_secret("", HUDDLE_REDIS_URL=None, HUDDLE_DATA_DIR=str(data_dir))
    try:
        assert _me(again, cookies["huddle_session"]) == 200  # the session survived the restart
    finally:
        again.stop()


def test_processes_starting_together_on_one_data_dir_write_one_secret(tmp_path: Path) -> None:
    path = tmp_path / "session_secret"
    barrier = threading.Barrier(16)
    secrets_seen: list[str] = []

    def resolve() -> None:
        barrier.wait()
        secrets_seen.append(_kept_in_file(path))

    threads = [threading.Thread(target=resolve) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(secrets_seen) == 16 and len(set(secrets_seen)) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["session_secret"]  # no drafts left behind


@pytest.mark.parametrize("how", ["flag", "env"])
def test_the_public_default_is_refused_when_bound_beyond_loopback(redis_url: str, how: str) -> None:
    env = {
        "PATH": os.environ["PATH"],
        "HUDDLE_ENV": "development",
        "HUDDLE_SECRET_KEY": DEFAULT_SECRET_KEY,
        "HUDDLE_REDIS_URL": redis_url,
        "PORT": str(free_port()),
    }
    command = [sys.executable, "-m", "huddle.cli", "serve"]
    if how == "flag":
        command += ["--host", "0.0.0.0"]
    else:
        env["HUDDLE_HOST"] = "0.0.0.0"
    process = subprocess.Popen(command, cwd=SERVER_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _, stderr = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail("the server started on 0.0.0.0 with the public development secret")
    assert process.returncode != 0
    assert b"HUDDLE_SECRET_KEY" in stderr and b"loopback" in stderr


def test_the_default_is_still_accepted_on_loopback_in_development() -> None:
    assert Settings(env="development", host="127.0.0.1", secret_key=DEFAULT_SECRET_KEY).host == "127.0.0.1"
    with pytest.raises(ValueError, match="loopback"):
        Settings(env="development", host="0.0.0.0", secret_key=DEFAULT_SECRET_KEY)
