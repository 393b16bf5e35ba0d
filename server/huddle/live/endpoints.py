import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from sse_starlette import EventSourceResponse, ServerSentEvent

from huddle.auth.dependencies import CurrentUserOptional
from huddle.auth.schemas import PublicUser
from huddle.config import get_settings
from huddle.errors import ApiError, ErrorBody
from huddle.live.access import topic_access
from huddle.live.cursor import decode_cursor
from huddle.live.hub import Hub
from huddle.live.lifecycle import stream_lifecycle
from huddle.live.session import StreamSession
from huddle.live.stream import TopicStream
from huddle.observability import metrics

router = APIRouter(tags=["live"])

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
) -> EventSourceResponse:
    """An SSE response for `requested_topics` after checking access; `initial` follows `ready`."""
    settings = get_settings()
    topics = list(dict.fromkeys(requested_topics))
    if not 1 <= len(topics) <= settings.max_topics_per_stream:
        raise ApiError(422, f"give 1 to {settings.max_topics_per_stream} topics", field="topic")
    await topic_access.check(user, topics)
    if user is not None:
        await stream_lifecycle.admit(user)

    hub: Hub = request.app.state.hub
    session = StreamSession(settings.stream_queue_size)
    stream = TopicStream(hub, session, topics, decode_cursor(last_event_id), settings.stream_retry_ms, initial)
    return EventSourceResponse(
        _with_lifecycle(stream.events(), user),
        ping=settings.stream_ping_seconds,
        send_timeout=settings.stream_send_timeout_seconds,
        headers={"Cache-Control": "no-cache, no-transform"},
    )


async def _with_lifecycle(
    messages: AsyncIterator[ServerSentEvent], user: PublicUser | None
) -> AsyncIterator[ServerSentEvent]:
    stream_id = uuid.uuid4().hex
    if user is not None:
        await stream_lifecycle.opened(stream_id, user)
    metrics.open_streams.labels("sse").inc()
    try:
        async for message in messages:
            yield message
    finally:
        metrics.open_streams.labels("sse").dec()
        if user is not None:
            task = asyncio.create_task(stream_lifecycle.closed(stream_id, user))
            _cleanups.add(task)
            task.add_done_callback(_cleanups.discard)
