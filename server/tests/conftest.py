"""Real parts only: a Valkey server from the embedded binary and `huddle serve` processes on loopback.

The Valkey is started before any test module imports `huddle`, because `huddle.db` reads
HUDDLE_REDIS_URL once at import.
"""

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.processes import ApiProcess, start_api
from tests.support.valkey import start_valkey

_session_dir = Path(tempfile.mkdtemp(prefix="huddle-tests-"))
_valkey = start_valkey(_session_dir / "valkey")
os.environ["HUDDLE_REDIS_URL"] = _valkey.url
os.environ["HUDDLE_ENV"] = "test"
# (tests.support.processes, imported above, sets HUDDLE_SECRET_KEY: `test` refuses the built-in one.)


def pytest_unconfigure(config: pytest.Config) -> None:
    _valkey.stop()


@pytest.fixture(scope="session")
def redis_url() -> str:
    return _valkey.url


@pytest.fixture(scope="session")
def api(redis_url: str) -> Iterator[ApiProcess]:
    process = start_api(redis_url)
    yield process
    process.stop()


@pytest.fixture(scope="session")
def api2(redis_url: str) -> Iterator[ApiProcess]:
    """A second API process on the same Redis, as behind a load balancer."""
    process = start_api(redis_url)
    yield process
    process.stop()
