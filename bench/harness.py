"""What every benchmark needs: a private Valkey and N API processes, or servers given by URL."""

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))

from tests.support.processes import ApiProcess, start_api  # noqa: E402 - needs the sys.path line above
from tests.support.valkey import start_valkey  # noqa: E402


@dataclass
class Servers:
    api_urls: list[str]
    redis_url: str
    processes: list[ApiProcess]


@contextlib.contextmanager
def servers(api_count: int, redis_url: str | None = None) -> Iterator[Servers]:
    """Start Valkey (unless `redis_url`) and `api_count` API processes; stop them afterwards."""
    with tempfile.TemporaryDirectory(prefix="huddle-bench-") as data_dir:
        valkey = None if redis_url else start_valkey(Path(data_dir) / "valkey")
        url = redis_url or valkey.url  # type: ignore[union-attr]
        os.environ["HUDDLE_REDIS_URL"] = url
        # Benchmarks drive one user far past the production limits on writes and open streams.
        unlimited = {"HUDDLE_WRITE_RATE_PER_MINUTE": "1000000000", "HUDDLE_MAX_STREAMS_PER_USER": "1000000"}
        processes = [start_api(url, **unlimited) for _ in range(api_count)]
        try:
            yield Servers([p.url for p in processes], url, processes)
        finally:
            for process in processes:
                process.stop()
            if valkey is not None:
                valkey.stop()


def machine() -> str:
    return f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
