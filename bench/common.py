"""Small helpers shared by the side-by-side benchmarks (`python -m bench`)."""

import asyncio
import contextlib
import os
import resource
import statistics
import time
from collections.abc import Coroutine, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import psutil

T = TypeVar("T")


def raise_open_files_limit() -> int:
    """Raise the soft RLIMIT_NOFILE to the hard limit (child processes inherit it); return it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run, then drop huddle's pooled Redis connections: they belong to the loop that ends here."""

    async def wrapped() -> T:
        try:
            return await coroutine
        finally:
            from huddle.db import redis_client

            with contextlib.suppress(Exception):
                await redis_client.connection_pool.disconnect()

    return asyncio.run(wrapped())


def percentile(values: Sequence[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def cpu_seconds(pids: Sequence[int]) -> float:
    """User + system CPU time so far of the given processes (those still alive)."""
    total = 0.0
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            times = psutil.Process(pid).cpu_times()
            total += times.user + times.system
    return total


def rss_bytes(pids: Sequence[int]) -> int:
    total = 0
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            total += psutil.Process(pid).memory_info().rss
    return total


class CpuWindow:
    """CPU used by groups of processes, and by the whole machine, between start() and stop()."""

    def __init__(self, groups: dict[str, Sequence[int]]) -> None:
        self.groups = groups
        self.before: dict[str, float] = {}
        self.machine_before: Any = None
        self.started = 0.0

    def start(self) -> None:
        self.started = time.monotonic()
        self.before = {name: cpu_seconds(pids) for name, pids in self.groups.items()}
        self.machine_before = psutil.cpu_times()

    def stop(self) -> dict[str, float]:
        """Cores used on average in the window, per group, plus `machine_busy` (all processes)."""
        elapsed = max(time.monotonic() - self.started, 1e-9)
        result = {
            f"{name}_cores": round((cpu_seconds(pids) - self.before[name]) / elapsed, 2)
            for name, pids in self.groups.items()
        }
        after = psutil.cpu_times()
        busy = sum(getattr(after, f) - getattr(self.machine_before, f) for f in ("user", "system", "nice", "irq"))
        busy += sum(
            getattr(after, f, 0.0) - getattr(self.machine_before, f, 0.0) for f in ("softirq", "steal", "guest")
        )
        result["machine_busy_cores"] = round(busy / elapsed, 2)
        result["machine_cores"] = float(os.cpu_count() or 1)
        return result


def time_wait_sockets() -> int:
    """TCP sockets in TIME_WAIT on this machine (Linux: /proc/net/sockstat)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/net/sockstat").read_text().splitlines():
            if line.startswith("TCP:"):
                fields = line.split()
                return int(fields[fields.index("tw") + 1])
    return 0


def settle_sockets(most: int = 5000, patience: float = 90.0) -> None:
    """Wait until the previous run's closed connections have left TIME_WAIT (they do after 60 s).

    A 10,000-subscriber run leaves ~20,000 of them on loopback, most of the 28k ephemeral ports;
    new connections must then reuse TIME_WAIT ports, and now and then one is reset (seen as
    httpx.ReadError in the next scenario). Runs should not pay for each other's sockets.
    """
    deadline = time.monotonic() + patience
    waiting = time_wait_sockets()
    if waiting > most:
        print(f"    (waiting for {waiting} TIME_WAIT sockets to clear)", flush=True)
    while waiting > most and time.monotonic() < deadline:
        time.sleep(2)
        waiting = time_wait_sockets()


def median_result(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Per key, the median of numeric values over the runs; other values from the first run."""
    if len(runs) == 1:
        return runs[0]
    merged: dict[str, Any] = {}
    for key, first in runs[0].items():
        values = [run.get(key) for run in runs]
        numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        if isinstance(first, int | float) and not isinstance(first, bool) and len(numbers) == len(values):
            middle = statistics.median(numbers)
            merged[key] = round(middle, 3) if isinstance(middle, float) else middle
        elif isinstance(first, dict):
            merged[key] = median_result([v for v in values if isinstance(v, dict)])
        else:
            merged[key] = first
    merged["repeats"] = len(runs)
    merged["runs"] = runs
    return merged


@contextlib.contextmanager
def env(**values: str) -> Iterator[None]:
    previous = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
