"""Several Huddle API processes on one Valkey behind nginx, on this machine.

    uv run --project server python deploy/cluster.py --processes 3 --port 8080     # or: make cluster N=3

Starts the embedded Valkey (data in ./data/cluster), N `huddle serve` processes on free loopback
ports, and nginx with deploy/nginx.conf rendered into a temporary directory; prints the URL.
Ctrl-C or SIGTERM stops everything. The start/stop logic is server/tests/support/cluster.py, which
the tests use too.
"""

import argparse
import os
import signal
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "server"))

from tests.support.cluster import cluster  # noqa: E402


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", "-n", type=int, default=3, help="API processes (default 3)")
    parser.add_argument("--port", type=int, default=8080, help="nginx's plain-HTTP port (default 8080)")
    parser.add_argument("--data-dir", default="./data/cluster", help="Valkey's data directory")
    parser.add_argument("--redis-url", default=None, help="use this Redis instead of starting Valkey")
    parser.add_argument("--tls-port", type=int, default=None, help="also serve HTTPS + HTTP/2 (self-signed)")
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, _interrupt)
    env = {"HUDDLE_ENV": os.environ.get("HUDDLE_ENV", "development")}
    data_dir = None if args.redis_url else Path(args.data_dir)
    try:
        with cluster(
            args.processes, port=args.port, redis_url=args.redis_url, data_dir=data_dir, tls_port=args.tls_port, env=env
        ) as running:
            print(f"Redis: {running.redis_url}", flush=True)
            for api in running.apis:
                print(f"API process {api.pid}: {api.url}  (log: {api.log_path})", flush=True)
            print(f"nginx config and logs: {running.nginx.prefix}", flush=True)
            if running.nginx.tls_url:
                print(f"HTTPS (self-signed, HTTP/2): {running.nginx.tls_url}", flush=True)
            print(f"Huddle is running at {running.url}  (Ctrl-C stops everything)", flush=True)
            while True:
                for api in running.apis:
                    if api.process.poll() is not None:
                        print(f"API process {api.pid} exited with {api.process.returncode}", flush=True)
                        return
                if running.nginx.process.poll() is not None:
                    print(f"nginx exited:\n{running.nginx.log()}", flush=True)
                    return
                time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        print("stopped", flush=True)


if __name__ == "__main__":
    main()
