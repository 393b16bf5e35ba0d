import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from redis.exceptions import RedisError
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.background import BackgroundTask

from huddle.auth.dependencies import CurrentUserOptional
from huddle.auth.schemas import PublicUser
from huddle.auth.sessions import active_session
from huddle.auth.tokens import SESSION_COOKIE
from huddle.client_address import client_address
from huddle.config import get_settings
from huddle.errors import ApiError, ErrorBody
from huddle.live.access import topic_access
from huddle.live.anonymous_streams import anonymous_streams
from huddle.live.cursor import decode_cursor
from huddle.live.events import LiveEvent
from huddle.live.hub import Hub
from huddle.live.lifecycle import stream_lifecycle
from huddle.live.session import StreamSession
from huddle.live.stream import TopicStream
from huddle.observability import metrics

router = APIRouter(tags=["live"])
log = logging.getLogger(__name__)

# Cleanup of closed streams runs detached from the cancelled response task; keep strong references.
_cleanups: set[asyncio.Task[None]] = set()


@router.get(
    "/api/events",
    response_class=EventSourceResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "Server-Sent Events for the topics"},
        401: {"model": ErrorBody},
        403: {"model": ErrorBody},
        404: {"model": ErrorBody},
        422: {"model": ErrorBody},
        429: {"model": ErrorBody},
    },
)
async def events(
    request: Request,
    user: CurrentUserOptional,
    topic: Annotated[list[str], Query(description="Topics to follow, e.g. presence, poll:42")],
    last_event_id: Annotated[str | None, Query(max_length=8192)] = None,
    last_event_id_header: Annotated[str | None, Header(alias="Last-Event-ID", include_in_schema=False)] = None,
) -> EventSourceResponse:
    """The one event stream of a browser tab, for all the topics its page shows.

    Reconnect with `Last-Event-ID` (or `last_event_id`) to receive exactly the events missed.
    """
    return await topic_event_stream(request, user, topic, last_event_id_header or last_event_id)


async def topic_event_stream(
    request: Request,
    user: PublicUser | None,
    requested_topics: list[str],
    last_event_id: str | None,
    initial: list[ServerSentEvent] | None = None,
    wire: Callable[[LiveEvent], bytes] | None = None,
) -> EventSourceResponse:
    """An SSE response for `requested_topics` after checking access; `initial` follows `ready`."""
    settings = get_settings()
    topics = list(dict.fromkeys(requested_topics))
    if not 1 <= len(topics) <= settings.max_topics_per_stream:
        raise ApiError(422, f"give 1 to {settings.max_topics_per_stream} topics", field="topic")
    await topic_access.check(user, topics, client_address(request))

    hub: Hub = request.app.state.hub
    session = StreamSession(settings.stream_queue_size)
    stream = TopicStream(hub, session, topics, decode_cursor(last_event_id), settings.stream_retry_ms, initial, wire)
    closing = _StreamClosing(uuid.uuid4().hex, user)
    if user is not None:
        await stream_lifecycle.opened(closing.stream_id, user)  # may refuse (429)
    else:
        closing.address = client_address(request)
        if anonymous_streams.count(closing.address) >= settings.max_anonymous_streams_per_address:
            raise ApiError(
                429, "too many open event streams from this address; close some tabs", headers={"Retry-After": "5"}
            )
    session_token = request.cookies.get(SESSION_COOKIE) if user is not None else None
    return EventSourceResponse(
        _counted(stream.events(), closing, session_token, session),
        ping=settings.stream_ping_seconds,
        send_timeout=settings.stream_send_timeout_seconds,
        headers={"Cache-Control": "no-cache, no-transform"},
        # Runs when the stream ends normally or by disconnect; the generator covers the rest.
        background=BackgroundTask(closing.close),
    )


class _StreamClosing:
    """Runs the close hooks of one stream exactly once, whichever way the stream ends."""

    def __init__(self, stream_id: str, user: PublicUser | None) -> None:
        self.stream_id = stream_id
        self.user = user
        self.address: str | None = None  # a visitor's stream, counted per address
        self.done = False

    async def close(self) -> None:
        if self.done or self.user is None:
            return
        self.done = True
        await stream_lifecycle.closed(self.stream_id, self.user)

    def close_soon(self) -> None:
        # From a cancelled generator: detached, with a strong reference until it is done.
        task = asyncio.create_task(self.close())
        _cleanups.add(task)
        task.add_done_callback(self._closed)

    def _closed(self, task: asyncio.Task[None]) -> None:
        _cleanups.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None:
            # Seen when thousands of streams drop at once and Redis connections time out: the
            # stream's heartbeat then lapses and the presence sweeper retires it instead.
            log.warning(
                "close hooks of stream %s failed; its heartbeat will expire it",
                self.stream_id,
                exc_info=error,
            )


async def _end_when_logged_out(session_token: str, session: StreamSession) -> None:
    """Ends the stream once its login session is ended (logout, log out everywhere, password change).
    Checks every HUDDLE_SESSION_CHECK_CACHE_SECONDS through the cache, so within twice that."""
    interval = max(get_settings().session_check_cache_seconds, 1.0)
    while True:
        await asyncio.sleep(interval)
        try:
            if await active_session(session_token) is None:
                session.end()
                return
        except (RedisError, OSError):
            metrics.redis_errors.labels("session_check").inc()  # keep the stream; try again next time


async def _counted(
    messages: AsyncIterator[ServerSentEvent | bytes],
    closing: _StreamClosing,
    session_token: str | None,
    session: StreamSession,
) -> AsyncIterator[ServerSentEvent | bytes]:
    metrics.open_streams.labels("sse").inc()
    # Counted while the generator runs: its `finally` is the one place sure to see every end.
    if closing.address is not None:
        anonymous_streams.opened(closing.address)
    watcher = asyncio.create_task(_end_when_logged_out(session_token, session)) if session_token else None
    try:
        async for message in messages:
            yield message
    finally:
        if watcher is not None:
            watcher.cancel()
        metrics.open_streams.labels("sse").dec()
        if closing.address is not None:
            anonymous_streams.closed(closing.address)
        closing.close_soon()
