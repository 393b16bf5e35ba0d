"""All benchmarks, side by side with a peer or a limit, in one run; prints one table and writes
bench/results.json.

    uv run --project server python -m bench                          # full sizes
    uv run --project server python -m bench --quick                  # smoke run (small sizes)
    uv run --project server python -m bench --only fanout,votes --repeats 3

Scenarios (each row: Huddle's figure, the peer's and/or the limit's, and the ratios):

- fanout: N SSE streams over 2 API processes following one topic, events at a steady rate, vs the
  same with python-socketio + AsyncRedisManager (peer) and raw Redis PUBLISH/SUBSCRIBE (limit);
- votes / tasks / rooms: bench/votes.py, tasks.py, rooms.py through 2 API processes, vs the raw
  Redis cost of the same Lua script called directly in a loop (bench/raw_scripts.py).

One private Valkey (appendonly, appendfsync always, as `huddle serve` runs it) serves the whole run;
each scenario starts its own server processes. Figures are medians over --repeats runs.
"""

import argparse
import functools
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from bench.common import median_result, raise_open_files_limit, run_async, settle_sockets

RESULTS = Path(__file__).resolve().parent / "results.json"
SCENARIOS = ["fanout", "votes", "tasks", "rooms"]

FULL: dict[str, Any] = {
    # 20 events/s, but at most 20,000 deliveries/s: 2 Python processes on 2 cores saturate around
    # there, and latency past saturation measures the queue, not the system (see bench/RESULTS.md).
    "fanout": {"sizes": [1000, 5000, 10_000], "rate": 20.0, "deliveries": 20_000, "seconds": 10.0},
    "votes": {"users": 200, "ops": 50, "polls": 5},
    "tasks": {"tasks": 10_000, "rate": 200.0, "seconds": 10.0},
    "rooms": {"editors": 20, "rate": 5.0, "seconds": 20.0},
    "raw_ops": 2000,
}
QUICK: dict[str, Any] = {
    "fanout": {"sizes": [200, 1000], "rate": 20.0, "deliveries": 20_000, "seconds": 4.0},
    "votes": {"users": 20, "ops": 10, "polls": 3},
    "tasks": {"tasks": 500, "rate": 50.0, "seconds": 3.0},
    "rooms": {"editors": 4, "rate": 5.0, "seconds": 3.0},
    "raw_ops": 300,
}


def machine_info(valkey_binary: str) -> dict[str, Any]:
    import psutil

    version = subprocess.run([valkey_binary, "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cores": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": sys.version.split()[0],
        "valkey": version,
        "uname": " ".join([platform.system(), platform.release(), platform.machine()]),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


class Failed(dict[str, Any]):
    """The result of a run that raised: every figure reads as NaN (shown as n/a)."""

    def __missing__(self, key: str) -> float:
        return float("nan")


def repeat(times: int, run: Callable[[], dict[str, Any]], settle: bool = True) -> dict[str, Any]:
    def settled_run() -> dict[str, Any]:
        if settle:
            settle_sockets()
        return run()

    return median_result([settled_run() for _ in range(times)])


def fanout_rate(sizes: dict[str, Any], subscribers: int) -> float:
    """Events/s for `subscribers`: the rate, lowered to keep deliveries/s within the budget if one is set."""
    rate = float(sizes["rate"])
    if sizes.get("deliveries"):
        rate = min(rate, sizes["deliveries"] / subscribers)
    return rate


def scenario_fanout(redis_url: str, redis_pid: int, sizes: dict[str, Any], repeats: int) -> dict[str, Any]:
    from bench import fanout

    results: dict[str, Any] = {}
    for size in sizes["sizes"]:
        row: dict[str, Any] = {}
        for name, runner in (("huddle", fanout.run_huddle), ("peer", fanout.run_socketio), ("limit", fanout.run_redis)):
            rate = fanout_rate(sizes, size)
            print(f"  fanout {size} @ {rate:g}/s: {name} ...", flush=True)
            try:
                row[name] = repeat(
                    repeats,
                    functools.partial(runner, redis_url, redis_pid, size, rate, sizes["seconds"]),
                    # Its runs report connections that failed to open (none so far); waiting out TIME_WAIT
                    # after every 10k run would add ~10 minutes.
                    settle=False,
                )
            except Exception as error:  # noqa: BLE001 - one failed system must not lose the whole run
                print(f"    FAILED: {type(error).__name__}: {error}", flush=True)
                row[name] = Failed(error=f"{type(error).__name__}: {error}", rate_per_second=rate, opened=0)
            r = row[name]
            if isinstance(r, Failed):
                continue
            print(
                f"    opened {r['opened']}/{size}, delivered {r['delivered_fraction']:.2%}, "
                f"p50 {r['latency_ms_p50']} ms, p99 {r['latency_ms_p99']} ms, "
                f"client {r['client_cores']} cores, machine busy {r['machine_busy_cores']} cores",
                flush=True,
            )
        results[str(size)] = row
    return results


def through_api(
    redis_url: str,
    repeats: int,
    api_run: Callable[[list[str]], Coroutine[Any, Any, dict[str, Any]]],
    raw_run: Callable[[str], Coroutine[Any, Any, dict[str, Any]]],
) -> dict[str, Any]:
    """A domain benchmark through 2 fresh API processes, then the raw cost of its Lua script."""
    from bench.harness import servers

    def once() -> dict[str, Any]:
        with servers(2, redis_url) as running:
            api = run_async(api_run(running.api_urls))
            raw = run_async(raw_run(running.api_urls[0]))
        api.pop("mismatches", None)
        return {"api": api, "raw": raw}

    return repeat(repeats, once)


def scenario_votes(redis_url: str, sizes: dict[str, Any], raw_ops: int, repeats: int) -> dict[str, Any]:
    from bench import raw_scripts, votes

    return through_api(
        redis_url,
        repeats,
        lambda urls: votes.run(urls, sizes["users"], sizes["ops"], sizes["polls"], seed=7),
        lambda url: raw_scripts.votes(url, raw_ops),
    )


def scenario_tasks(redis_url: str, sizes: dict[str, Any], raw_ops: int, repeats: int) -> dict[str, Any]:
    from bench import raw_scripts, tasks

    return through_api(
        redis_url,
        repeats,
        lambda urls: tasks.run(urls, sizes["tasks"], sizes["rate"], sizes["seconds"]),
        lambda url: raw_scripts.tasks(url, raw_ops),
    )


def scenario_rooms(redis_url: str, sizes: dict[str, Any], raw_ops: int, repeats: int) -> dict[str, Any]:
    from bench import raw_scripts, rooms

    return through_api(
        redis_url,
        repeats,
        lambda urls: rooms.run(urls, sizes["editors"], sizes["rate"], sizes["seconds"]),
        lambda url: raw_scripts.rooms(url, raw_ops),
    )


# --- the table -------------------------------------------------------------------------------------

Row = tuple[str, str, float | None, float | None, float | None, str]


def _ratio(huddle: float | None, other: float | None) -> str:
    if huddle is None or other is None or other == 0 or math.isnan(huddle) or math.isnan(other):
        return "-"
    return f"{huddle / other:.2f}x"


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and math.isnan(value):
        return "n/a"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:g}" if isinstance(value, int) else f"{value:.2f}"


def rows(results: dict[str, Any]) -> list[Row]:
    out: list[Row] = []
    for size, row in results.get("fanout", {}).items():
        h, p, lim = row["huddle"], row["peer"], row["limit"]
        label = f"fan-out {int(size):,} subs @ {h['rate_per_second']:g}/s"
        out.append(
            (
                label,
                "delivered (fraction)",
                h["delivered_fraction"],
                p["delivered_fraction"],
                lim["delivered_fraction"],
                "",
            )
        )
        out.append(
            (label, "latency p50 (ms, from ack)", h["latency_ms_p50"], p["latency_ms_p50"], lim["latency_ms_p50"], "")
        )
        out.append(
            (label, "latency p99 (ms, from ack)", h["latency_ms_p99"], p["latency_ms_p99"], lim["latency_ms_p99"], "")
        )
        out.append(
            (
                label,
                "all subs got it p99 (ms)",
                h["all_received_ms_p99"],
                p["all_received_ms_p99"],
                lim["all_received_ms_p99"],
                "",
            )
        )
        out.append(
            (
                label,
                "deliveries/s",
                h["deliveries_per_second"],
                p["deliveries_per_second"],
                lim["deliveries_per_second"],
                "",
            )
        )
        out.append(
            (
                label,
                "server memory/conn (KB)",
                h["memory_per_connection_kb"],
                p["memory_per_connection_kb"],
                lim["memory_per_connection_kb"],
                "limit = Valkey RSS per subscriber",
            )
        )
        out.append(
            (label, "server CPU (cores)", h["server_cores"], p["server_cores"], lim["redis_cores"], "limit = Valkey")
        )
        out.append(
            (
                label,
                "client CPU (cores)",
                h["client_cores"],
                p["client_cores"],
                lim["client_cores"],
                f"machine busy {h['machine_busy_cores']}/{p['machine_busy_cores']}/{lim['machine_busy_cores']}"
                f" of {h['machine_cores']:g}",
            )
        )
    if "votes" in results:
        api, raw = results["votes"]["api"], results["votes"]["raw"]
        label = f"votes ({api['users']} users, 2 API procs)"
        out.append(
            (
                label,
                "votes/s (API) vs script ops/s",
                api["votes_per_second"],
                None,
                raw["ops_per_second"],
                "raw: 1 client, sequential",
            )
        )
        out.append((label, "latency p50 (ms)", api["latency_ms_p50"], None, raw["latency_ms_p50"], ""))
        out.append(
            (label, "latency p99 (ms)", api["latency_ms_p99"], None, raw["latency_ms_p99"], f"exact={api['exact']}")
        )
    if "tasks" in results:
        api, raw = results["tasks"]["api"], results["tasks"]["raw"]
        label = f"task patches ({api['tasks']:,} tasks @ {api['patch_rate_per_second']:g}/s)"
        out.append(
            (
                label,
                "patch p50 (ms)",
                api["patch_ms_p50"],
                None,
                raw["latency_ms_p50"],
                f"raw {raw['ops_per_second']:,.0f} ops/s",
            )
        )
        out.append((label, "patch p99 (ms)", api["patch_ms_p99"], None, raw["latency_ms_p99"], ""))
    if "rooms" in results:
        api, raw = results["rooms"]["api"], results["rooms"]["raw"]
        label = f"editing ({api['editors']} editors x {api['keystrokes_per_second_each']:g}/s)"
        note = f"{api['deliveries_measured']}/{api['deliveries_expected']} deliveries"
        note += f"; raw {raw['ops_per_second']:,.0f} ops/s"
        out.append((label, "keystroke->others p50 (ms)", api["latency_ms_p50"], None, raw["latency_ms_p50"], note))
        out.append(
            (
                label,
                "keystroke->others p99 (ms)",
                api["latency_ms_p99"],
                None,
                raw["latency_ms_p99"],
                "raw = append script only",
            )
        )
        if "stored_bytes_peak" in api:
            after, state = api["stored_bytes_after_compaction"], api["crdt_state_bytes_base64"]
            note = f"after compaction {after:,.0f}; CRDT state {state:,.0f}"
            out.append((label, "stored bytes, peak during the run", api["stored_bytes_peak"], None, None, note))
    return out


def table(results: dict[str, Any]) -> str:
    header = ["scenario", "metric", "Huddle", "peer (socketio)", "Huddle/peer", "limit (Redis)", "Huddle/limit", "note"]
    lines = [header]
    for scenario, metric, huddle, peer, limit, note in rows(results):
        lines.append(
            [scenario, metric, _fmt(huddle), _fmt(peer), _ratio(huddle, peer), _fmt(limit), _ratio(huddle, limit), note]
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    rendered = []
    for n, line in enumerate(lines):
        rendered.append(
            "| "
            + " | ".join(
                cell.ljust(w) if i < 2 or i == 7 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(line, widths, strict=True))
            )
            + " |"
        )
        if n == 0:
            rendered.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(rendered)


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--only", default=",".join(SCENARIOS), help=f"comma-separated subset of {','.join(SCENARIOS)}")
    parser.add_argument("--repeats", type=int, default=1, help="run each scenario this many times; report medians")
    parser.add_argument("--fanout-sizes", help="override the fan-out sizes, e.g. 1000,5000")
    parser.add_argument(
        "--fanout-rate",
        type=float,
        help="publish this many events/s at every fan-out size (default: 20/s, at most 20k deliveries/s)",
    )
    parser.add_argument("--fanout-seconds", type=float, help="override how long the fan-out publishes")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON results")
    args = parser.parse_args()
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(only) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    sizes = json.loads(json.dumps(QUICK if args.quick else FULL))
    if args.fanout_sizes:
        sizes["fanout"]["sizes"] = [int(s) for s in args.fanout_sizes.split(",")]
    if args.fanout_rate:
        sizes["fanout"]["rate"] = args.fanout_rate
        sizes["fanout"]["deliveries"] = None  # the rate asked for, at every size
    if args.fanout_seconds:
        sizes["fanout"]["seconds"] = args.fanout_seconds

    open_files = raise_open_files_limit()
    # The per-user write limit (3,000/min) would throttle the tasks benchmark's single user.
    os.environ.setdefault("HUDDLE_WRITE_RATE_PER_MINUTE", "10000000")
    import bench.harness  # noqa: F401 - puts server/ on sys.path for `tests.support`
    from tests.support.valkey import start_valkey

    started = time.monotonic()
    results: dict[str, Any] = {}
    errors: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="huddle-bench-") as data_dir:
        valkey = start_valkey(Path(data_dir) / "valkey")
        assert valkey.process is not None
        os.environ["HUDDLE_REDIS_URL"] = valkey.url  # before anything imports huddle.db
        info = machine_info(str(valkey.binary))
        print(f"machine: {info}; open files limit {open_files}", flush=True)
        try:
            for name in SCENARIOS:
                if name not in only:
                    continue
                print(f"{name} ...", flush=True)
                try:
                    run_scenario(name, results, valkey.url, valkey.process.pid, sizes, args.repeats)
                except Exception as error:  # noqa: BLE001 - keep the other scenarios' figures
                    print(f"  {name} FAILED: {type(error).__name__}: {error}", flush=True)
                    traceback.print_exc()
                    errors[name] = f"{type(error).__name__}: {error}"
                write(args.output, info, args, only, sizes, started, results, errors)
        finally:
            valkey.stop()
    document = write(args.output, info, args, only, sizes, started, results, errors)
    print()
    print(document["table"])
    print()
    print(
        "Ratios are Huddle / other: above 1 means Huddle's figure is larger (worse for latency, memory and CPU,\n"
        "better for deliveries/s). Client CPU is the subscriber processes' use; with 2 cores shared by the servers,\n"
        "Valkey, the clients and other work on the machine, a busy client or machine limits every system's figures."
    )
    print(f"\nwrote {args.output}  ({document['wall_seconds']} s)")
    if errors:
        print(f"FAILED scenarios: {errors}")
        sys.exit(1)


def write(
    output: Path,
    info: dict[str, Any],
    args: argparse.Namespace,
    only: list[str],
    sizes: dict[str, Any],
    started: float,
    results: dict[str, Any],
    errors: dict[str, str],
) -> dict[str, Any]:
    document = {
        "machine": info,
        "arguments": {"quick": args.quick, "only": only, "repeats": args.repeats, "sizes": sizes},
        "environment": {"HUDDLE_WRITE_RATE_PER_MINUTE": os.environ["HUDDLE_WRITE_RATE_PER_MINUTE"]},
        "wall_seconds": round(time.monotonic() - started, 1),
        "errors": errors,
        "results": results,
        "table": table(results),
    }
    output.write_text(json.dumps(document, indent=1, default=str) + "\n")
    return document


def run_scenario(
    name: str, results: dict[str, Any], redis_url: str, redis_pid: int, sizes: dict[str, Any], repeats: int
) -> None:
    if name == "fanout":
        results[name] = scenario_fanout(redis_url, redis_pid, sizes["fanout"], repeats)
    elif name == "votes":
        results[name] = scenario_votes(redis_url, sizes["votes"], sizes["raw_ops"], repeats)
    elif name == "tasks":
        results[name] = scenario_tasks(redis_url, sizes["tasks"], sizes["raw_ops"], repeats)
    else:
        results[name] = scenario_rooms(redis_url, sizes["rooms"], sizes["raw_ops"], repeats)


if __name__ == "__main__":
    main()
