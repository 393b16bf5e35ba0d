"""The `huddle` command: `huddle serve`, `huddle valkey`, `huddle openapi`, `huddle demo`."""

import argparse
import json
import os
import secrets
import signal
import sys
from pathlib import Path


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    from huddle.config import DEFAULT_SECRET_KEY, get_settings, is_loopback, refused_secret_message
    from huddle.embedded_valkey import EmbeddedValkey
    from huddle.observability.requests import configure_logging

    settings = get_settings()
    host = args.host or settings.host
    if settings.secret_key == DEFAULT_SECRET_KEY and not is_loopback(host):
        sys.exit(refused_secret_message(host))
    # Resolved once, before the embedded Valkey's URL is known: with it the secret lives in the
    # data directory, not in Redis (huddle.session_secret). The app reads it back from here.
    os.environ["HUDDLE_SECRET_KEY"] = settings.secret_key
    print(f"Session secret: {settings.secret_source}", flush=True)
    valkey: EmbeddedValkey | None = None
    fresh = False
    if not settings.redis_url:
        valkey = EmbeddedValkey(
            settings.data_dir / "valkey", binary=settings.valkey_binary, maxmemory=settings.valkey_maxmemory
        )
        fresh = not valkey.data_dir.is_dir() or not any(valkey.data_dir.iterdir())
        print(f"Starting embedded Valkey (data in {valkey.data_dir}) ...", flush=True)
        valkey.start()
        os.environ["HUDDLE_REDIS_URL"] = valkey.url
        get_settings.cache_clear()
    port = args.port or settings.port
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    print(f"Huddle is running at http://{shown}:{port}  (API docs: http://{shown}:{port}/docs)", flush=True)
    if valkey is not None and fresh:
        print(
            "New here? With this running, `make demo` (or `uv run --project server huddle demo`) in another"
            " terminal fills it with a demo team: tasks, posts, polls with votes and a code room.",
            flush=True,
        )
    configure_logging(args.log_level)
    # uvicorn re-raises SIGTERM to the previous handler after its graceful shutdown; make that
    # handler unwind like Ctrl-C so the `finally` below still stops Valkey.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        uvicorn.run(
            "huddle.main:app",
            host=host,
            port=port,
            log_level=args.log_level,
            proxy_headers=True,
            # Seed WebSocket messages beyond this close the socket (1009) before they are read whole.
            ws_max_size=settings.ws_max_message_bytes,
            # Only these peers may say who the client is (X-Forwarded-For) and that it used https.
            forwarded_allow_ips=settings.trusted_proxies,
            timeout_graceful_shutdown=5,
            log_config=None,  # our JSON lines, with request ids (huddle.observability.requests)
            access_log=False,
        )
    except KeyboardInterrupt:
        pass
    finally:
        if valkey is not None:
            valkey.stop()


def _valkey(args: argparse.Namespace) -> None:
    from huddle.config import get_settings
    from huddle.embedded_valkey import EmbeddedValkey

    valkey = EmbeddedValkey(Path(args.data_dir), port=args.port, maxmemory=get_settings().valkey_maxmemory)
    valkey.start()
    print(valkey.url, flush=True)
    try:
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    finally:
        valkey.stop()


def openapi_document() -> str:
    """The schema as committed in server/openapi.json (sorted, so diffs stay readable)."""
    # Nothing is signed here: no reason to create or fetch the real session secret.
    os.environ.setdefault("HUDDLE_SECRET_KEY", secrets.token_urlsafe(32))
    from huddle.main import app

    return json.dumps(app.openapi(), indent=2, sort_keys=True) + "\n"


def _openapi(_: argparse.Namespace) -> None:
    sys.stdout.write(openapi_document())


def _demo(args: argparse.Namespace) -> None:
    from huddle.config import get_settings
    from huddle.demo import DemoError, create_demo, print_summary

    url = args.url or f"http://127.0.0.1:{get_settings().port}"
    try:
        demo = create_demo(url)
    except DemoError as error:
        sys.exit(f"huddle demo: {error}")
    print_summary(url, demo)


def main() -> None:
    parser = argparse.ArgumentParser(prog="huddle", description="Huddle, a real-time team workspace")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser(
        "serve", help="run the API and web app (starts an embedded Valkey unless HUDDLE_REDIS_URL is set)"
    )
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--log-level", default="info")
    serve.set_defaults(handler=_serve)

    valkey = commands.add_parser("valkey", help="run only an embedded Valkey and print its URL")
    valkey.add_argument("--data-dir", default="./data/valkey")
    valkey.add_argument("--port", type=int, default=None)
    valkey.set_defaults(handler=_valkey)

    openapi = commands.add_parser("openapi", help="print the OpenAPI schema as JSON")
    openapi.set_defaults(handler=_openapi)

    demo = commands.add_parser(
        "demo", help="fill a running Huddle with a demo team: tasks, posts, polls with votes, a code room"
    )
    demo.add_argument("--url", default=None, help="the running Huddle (default http://127.0.0.1:$PORT)")
    demo.set_defaults(handler=_demo)

    args = parser.parse_args()
    args.handler(args)


if __name__ == "__main__":
    main()
