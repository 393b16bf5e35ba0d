"""The peer for the fan-out benchmark: a python-socketio server (aiohttp, uvloop) whose rooms span
processes through AsyncRedisManager, so an emit from any process reaches every client in the room.
Every client joins the room `bench` on connect.

    uv run --project server python -m bench.peer_socketio_server --port 9001 --redis-url redis://127.0.0.1:6379/0
"""

import argparse
import asyncio
from typing import Any

import socketio  # type: ignore[import-untyped]
from aiohttp import web

ROOM = "bench"
CHANNEL = "socketio-bench"


def make_app(redis_url: str) -> web.Application:
    manager = socketio.AsyncRedisManager(redis_url, channel=CHANNEL)
    server = socketio.AsyncServer(async_mode="aiohttp", client_manager=manager, cors_allowed_origins="*")
    app = web.Application()
    server.attach(app)

    async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        await server.enter_room(sid, ROOM)

    server.on("connect", connect)

    async def health(_: web.Request) -> web.Response:
        return web.Response(text="ok")

    app.router.add_get("/health", health)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--redis-url", required=True)
    args = parser.parse_args()
    try:
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    except ImportError:
        pass
    web.run_app(make_app(args.redis_url), host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
