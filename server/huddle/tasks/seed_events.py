"""Seed 002's event shape for `GET /api/tasks/{workspaceId}/events`: unnamed SSE events (a seed client
listens for the default `message`), data `{"type": "task_update", "task": {...}}` with the task in the
seed's DB shape. The seed names only `task_update`; creations and deletions follow its pattern as
`task_create` and `task_delete`, so a seed client that knows only updates skips them rather than
showing a deleted task as changed. Huddle's own `/api/events` keeps the named events."""

import json

from sse_starlette import ServerSentEvent

from huddle.live.events import LiveEvent

SEED_TYPES = {"task_created": "task_create", "task_updated": "task_update", "task_deleted": "task_delete"}


def seed_wire(event: LiveEvent) -> bytes:
    seed_type = SEED_TYPES.get(event.type)
    if seed_type is None:
        # Other events of the topic (workspace settings, fields) keep their name: a seed client ignores them.
        return event.wire
    task = json.loads(event.data)["task"]
    return ServerSentEvent(data=json.dumps({"type": seed_type, "task": task}, separators=(",", ":"))).encode()
