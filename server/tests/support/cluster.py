"""Several `huddle serve` processes on one Valkey behind nginx, as deployed (deploy/nginx.conf).

    with cluster(processes=3) as running:
        httpx.get(f"{running.url}/health")      # through nginx, round robin over running.apis

deploy/cluster.py is the command-line wrapper (`make cluster N=3`); tests use `cluster()` directly.
"""

import contextlib
import ctypes
import grp
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from huddle.config import REPO_ROOT
from huddle.embedded_valkey import EmbeddedValkey, free_port
from tests.support.processes import ApiProcess, start_api

NGINX_TEMPLATE = REPO_ROOT / "deploy" / "nginx.conf"


def find_nginx() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
    )


def _die_with_parent() -> None:
    # Linux only: nginx must not outlive the process that started it (e.g. a killed test run).
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _worker_user() -> str:
    """As root, nginx's workers switch to an unprivileged user; name one that exists here."""
    if os.geteuid() != 0:
        return ""
    try:
        nobody = pwd.getpwnam("nobody")
        group = grp.getgrgid(nobody.pw_gid).gr_name
    except KeyError:
        return "user root;"
    return f"user nobody {group};"


def render_nginx_config(
    upstream_ports: list[int],
    listen_port: int,
    prefix: Path,
    tls: tuple[int, Path, Path] | None = None,
    host: str = "127.0.0.1",
) -> str:
    """deploy/nginx.conf with its @@MARKERS@@ filled in; `tls` is (port, certificate, key)."""
    servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in upstream_ports)
    tls_listen = ""
    if tls is not None:
        tls_port, certificate, key = tls
        # nginx >= 1.25.1 prefers a separate `http2 on;`; the `listen ... http2` form works on 1.22 too.
        tls_listen = (
            f"        listen {host}:{tls_port} ssl http2;\n"
            f"        ssl_certificate {certificate};\n"
            f"        ssl_certificate_key {key};\n"
            "        ssl_protocols TLSv1.2 TLSv1.3;"
        )
    replacements = {
        "@@PREFIX@@": str(prefix),
        "@@USER@@": _worker_user(),
        "@@LISTEN@@": f"        listen {host}:{listen_port};",
        "@@TLS_LISTEN@@": tls_listen,
        "@@UPSTREAM_SERVERS@@": servers,
    }
    text = NGINX_TEMPLATE.read_text()
    for marker, value in replacements.items():
        text = text.replace(marker, value)
    assert "@@" not in text, "deploy/nginx.conf has a marker render_nginx_config does not fill in"
    return text


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    certificate, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "7",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key


@dataclass
class Nginx:
    process: subprocess.Popen[bytes]
    prefix: Path
    port: int
    tls_port: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def tls_url(self) -> str | None:
        return f"https://127.0.0.1:{self.tls_port}" if self.tls_port else None

    def log(self) -> str:
        path = self.prefix / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        # SIGTERM is nginx's fast shutdown: open event streams are cut, not waited for (SIGQUIT would).
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.prefix, ignore_errors=True)


def start_nginx(upstream_ports: list[int], port: int | None = None, tls_port: int | None = None) -> Nginx:
    binary = find_nginx()
    if binary is None:
        raise RuntimeError("nginx is not installed (Debian: apt-get install -y nginx)")
    # Not under a 0700 directory: nginx's workers run as `nobody` when the master is root.
    prefix = Path(tempfile.mkdtemp(prefix="huddle-nginx-"))
    prefix.chmod(0o755)
    port = port or free_port()
    tls = None
    if tls_port is not None:
        certificate, key = self_signed_certificate(prefix)
        tls = (tls_port, certificate, key)
    config = prefix / "nginx.conf"
    config.write_text(render_nginx_config(upstream_ports, port, prefix, tls))
    process = subprocess.Popen(
        [binary, "-p", str(prefix), "-c", str(config), "-e", str(prefix / "error.log"), "-g", "daemon off;"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=(prefix / "stderr.log").open("wb"),
        preexec_fn=_die_with_parent,
    )
    nginx = Nginx(process, prefix, port, tls_port)
    deadline = time.monotonic() + 15
    while True:
        if process.poll() is not None:
            stderr = (prefix / "stderr.log").read_text(errors="replace")
            message = f"nginx exited with {process.returncode}:\n{stderr}\n{nginx.log()}"
            nginx.stop()
            raise RuntimeError(message)
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{nginx.url}/health", timeout=1).status_code == 200:
                return nginx
        if time.monotonic() > deadline:
            message = f"nginx did not answer on port {port}:\n{nginx.log()}"
            nginx.stop()
            raise RuntimeError(message)
        time.sleep(0.05)


@dataclass
class Cluster:
    nginx: Nginx
    apis: list[ApiProcess]
    redis_url: str
    # None when the cluster runs on a Redis it did not start.
    valkey: EmbeddedValkey | None

    @property
    def url(self) -> str:
        return self.nginx.url

    def kill_valkey(self) -> None:
        """SIGKILL: no shutdown, no final save; only the fsynced append-only file survives."""
        assert self.valkey is not None, "this cluster runs on a Redis it did not start"
        self.valkey.kill()

    def start_valkey(self) -> None:
        """Start Valkey again on the same data directory and port."""
        assert self.valkey is not None, "this cluster runs on a Redis it did not start"
        self.valkey = EmbeddedValkey(self.valkey.data_dir, port=self.valkey.port)
        self.valkey.start()


def start_apis(redis_url: str, processes: int, env: dict[str, str] | None = None) -> list[ApiProcess]:
    """N API processes, started in parallel (each takes about a second to import and bind)."""
    with ThreadPoolExecutor(max_workers=processes) as pool:
        futures = [pool.submit(start_api, redis_url, **(env or {})) for _ in range(processes)]
    started = [f.result() for f in futures if f.exception() is None]
    failed = [e for f in futures if (e := f.exception()) is not None]
    if failed:
        for api in started:
            api.stop()
        raise failed[0]
    return started


@contextlib.contextmanager
def cluster(
    processes: int = 3,
    *,
    port: int | None = None,
    redis_url: str | None = None,
    data_dir: Path | None = None,
    tls_port: int | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[Cluster]:
    """Valkey (unless `redis_url` is given), `processes` API processes and nginx; all stopped on exit."""
    valkey: EmbeddedValkey | None = None
    scratch: Path | None = None
    apis: list[ApiProcess] = []
    nginx: Nginx | None = None
    running: Cluster | None = None
    try:
        if redis_url is None:
            if data_dir is None:
                scratch = Path(tempfile.mkdtemp(prefix="huddle-cluster-"))
                data_dir = scratch
            # Started in this thread: its PR_SET_PDEATHSIG is tied to the starting thread.
            valkey = EmbeddedValkey(data_dir)
            valkey.start()
            redis_url = valkey.url
        apis = start_apis(redis_url, processes, env)
        nginx = start_nginx([api.port for api in apis], port, tls_port)
        running = Cluster(nginx, apis, redis_url, valkey)
        yield running
    finally:
        if running is not None:
            valkey = running.valkey  # a restarted Valkey is a new object
        if nginx is not None:
            nginx.stop()
        for api in apis:
            api.stop()
        if valkey is not None:
            valkey.stop()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
