"""The ASGI app: `huddle.main:app`. `huddle serve` runs it (with an embedded Valkey by default)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from huddle.auth.endpoints import router as auth_router
from huddle.config import get_settings
from huddle.db import redis_client
from huddle.errors import install_error_handlers, use_error_body_for_validation_errors
from huddle.feed import service as feed
from huddle.feed.closer import PollCloser
from huddle.feed.endpoints import router as feed_router
from huddle.feed.vote_endpoints import router as vote_router
from huddle.health import router as health_router
from huddle.json_text_check import JsonTextCheckMiddleware
from huddle.live.access import topic_access
from huddle.live.conflation import register_conflatable
from huddle.live.endpoints import router as live_router
from huddle.live.hub import Hub
from huddle.live.lifecycle import stream_lifecycle
from huddle.observability.endpoints import router as metrics_router
from huddle.observability.requests import RequestContextMiddleware
from huddle.operator_endpoints import OperatorEndpointsMiddleware
from huddle.origin_check import OriginCheckMiddleware
from huddle.presence import service as presence
from huddle.presence.endpoints import router as presence_router
from huddle.rate_limit import WriteRateLimitMiddleware
from huddle.rooms.access import authorize_room_topic
from huddle.rooms.endpoints import seed as rooms_seed_router
from huddle.rooms.endpoints import web as rooms_router
from huddle.rooms.websocket import router as rooms_websocket_router
from huddle.security_headers import SecurityHeadersMiddleware
from huddle.tasks.access import authorize_workspace_topic
from huddle.tasks.endpoints import tasks as tasks_router
from huddle.tasks.endpoints import workspaces as workspaces_router
from huddle.web_app import mount_web_app


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    hub = Hub()
    await hub.start()
    tracker = presence.PresenceTracker()
    stream_lifecycle.on_open.append(tracker.stream_opened)
    stream_lifecycle.on_close.append(tracker.stream_closed)
    tracker.start()
    closer = PollCloser()
    closer.start()
    app.state.hub = hub
    try:
        yield
    finally:
        await closer.stop()
        await tracker.stop()
        stream_lifecycle.on_open.remove(tracker.stream_opened)
        stream_lifecycle.on_close.remove(tracker.stream_closed)
        await hub.stop()
        await redis_client.aclose()


def create_app() -> FastAPI:
    settings = get_settings()
    app = FastAPI(
        title="Huddle",
        version="0.1.0",
        summary="A real-time team workspace: feed with live polls, task table, code rooms.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    use_error_body_for_validation_errors(app)
    # Innermost: the checks above (size, origin, rate) refuse a request before its body is parsed.
    app.add_middleware(JsonTextCheckMiddleware)
    app.add_middleware(
        WriteRateLimitMiddleware,
        per_minute=settings.write_rate_per_minute,
        anonymous_per_address=settings.guest_write_rate_per_address_per_minute,
    )
    app.add_middleware(OriginCheckMiddleware, allowed_origins=settings.allowed_origins)
    app.add_middleware(
        OperatorEndpointsMiddleware, mode=settings.operator_endpoints_mode, token=settings.operator_token
    )
    app.add_middleware(SecurityHeadersMiddleware, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(RequestContextMiddleware)

    topic_access.register("presence", presence.authorize_topic)
    topic_access.register("feed", feed.authorize_feed_topic)
    topic_access.register("poll", feed.authorize_poll_topic)
    topic_access.register("workspace", authorize_workspace_topic)
    topic_access.register_addressed("room", authorize_room_topic)
    topic_access.register_addressed("room_presence", authorize_room_topic)
    register_conflatable("poll_counts")

    app.include_router(health_router)
    app.include_router(metrics_router)
    app.include_router(auth_router)
    app.include_router(presence_router)
    app.include_router(feed_router)
    app.include_router(vote_router)
    app.include_router(workspaces_router)
    app.include_router(tasks_router)
    app.include_router(rooms_seed_router)
    app.include_router(rooms_router)
    app.include_router(rooms_websocket_router)
    app.include_router(live_router)
    mount_web_app(app, settings.web_dir)
    return app


app = create_app()
