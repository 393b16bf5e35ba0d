from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, status
from sse_starlette import EventSourceResponse

from huddle.auth.dependencies import CurrentUserRequired
from huddle.errors import ErrorBody
from huddle.live.endpoints import topic_event_stream
from huddle.tasks import custom_fields_service, tasks_service, workspaces_service
from huddle.tasks.schemas import (
    ActivityList,
    CustomFieldCreate,
    CustomFieldRename,
    FieldDefinition,
    FieldsResponse,
    Invite,
    JoinRequest,
    MemberList,
    Task,
    TaskConflict,
    TaskCreate,
    TaskPage,
    TaskPatch,
    Workspace,
    WorkspaceCreate,
    WorkspaceList,
)
from huddle.tasks.seed_events import seed_wire
from huddle.tasks.workspaces_repository import topic

_errors: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody},
    403: {"model": ErrorBody},
    404: {"model": ErrorBody},
    422: {"model": ErrorBody},
}
workspaces = APIRouter(prefix="/api/workspaces", tags=["workspaces"], responses=_errors)
tasks = APIRouter(tags=["tasks"], responses=_errors)

WorkspaceId = Annotated[str, Path(max_length=32)]
FieldId = Annotated[str, Path(max_length=40, description="a custom field's id: cf_3, or a seed client's own data key")]
TaskId = Annotated[str, Path(max_length=48, description="the task's id, e.g. 3fa2c9e1b0-12")]


@workspaces.post("", status_code=status.HTTP_201_CREATED)
async def create_workspace(user: CurrentUserRequired, body: WorkspaceCreate) -> Workspace:
    return await workspaces_service.create(user, body)


@workspaces.get("")
async def list_workspaces(user: CurrentUserRequired) -> WorkspaceList:
    """The workspaces you belong to."""
    return WorkspaceList(workspaces=await workspaces_service.list_for(user))


@workspaces.post("/join")
async def join_workspace(user: CurrentUserRequired, body: JoinRequest) -> Workspace:
    return await workspaces_service.join(user, body.code)


@workspaces.get("/{workspace_id}")
async def get_workspace(user: CurrentUserRequired, workspace_id: WorkspaceId) -> Workspace:
    return await workspaces_service.get(user, workspace_id)


@workspaces.get("/{workspace_id}/invite")
async def get_invite(user: CurrentUserRequired, workspace_id: WorkspaceId) -> Invite:
    """The invite code members share; anyone with it can join."""
    return await workspaces_service.invite(user, workspace_id)


@workspaces.post("/{workspace_id}/invite")
async def rotate_invite(user: CurrentUserRequired, workspace_id: WorkspaceId) -> Invite:
    """Replace the invite code (owner only); the old one stops working."""
    return await workspaces_service.rotate_invite(user, workspace_id)


@workspaces.get("/{workspace_id}/members")
async def list_members(user: CurrentUserRequired, workspace_id: WorkspaceId) -> MemberList:
    return MemberList(members=await workspaces_service.members(user, workspace_id))


@workspaces.get("/{workspace_id}/fields")
async def workspace_fields(user: CurrentUserRequired, workspace_id: WorkspaceId) -> FieldsResponse:
    return FieldsResponse(fields=await workspaces_service.fields(user, workspace_id))


@workspaces.post("/{workspace_id}/fields", status_code=status.HTTP_201_CREATED, responses={409: {"model": ErrorBody}})
async def add_custom_field(
    user: CurrentUserRequired, workspace_id: WorkspaceId, body: CustomFieldCreate
) -> FieldDefinition:
    return await custom_fields_service.add_field(user, workspace_id, body)


@workspaces.patch("/{workspace_id}/fields/{field_id}", responses={409: {"model": ErrorBody}})
async def rename_custom_field(
    user: CurrentUserRequired, workspace_id: WorkspaceId, field_id: FieldId, body: CustomFieldRename
) -> FieldDefinition:
    """Rename a custom field; its values stay. Members see it live (`fields_updated`)."""
    return await custom_fields_service.rename_field(user, workspace_id, field_id, body)


@workspaces.delete(
    "/{workspace_id}/fields/{field_id}", status_code=status.HTTP_204_NO_CONTENT, responses={409: {"model": ErrorBody}}
)
async def delete_custom_field(user: CurrentUserRequired, workspace_id: WorkspaceId, field_id: FieldId) -> None:
    """Delete a custom field and its value in every task (those in the trash too). Cannot be undone."""
    await custom_fields_service.delete_field(user, workspace_id, field_id)


@tasks.get("/api/fields")
async def fields(
    user: CurrentUserRequired,
    workspaceId: Annotated[str | None, Query(max_length=32)] = None,
) -> FieldsResponse:
    """The field configuration: built-in fields, plus the workspace's custom fields when given."""
    return FieldsResponse(fields=await workspaces_service.fields(user, workspaceId))


@tasks.get("/api/tasks")
async def list_tasks(
    user: CurrentUserRequired,
    workspaceId: Annotated[str, Query(max_length=32)],
    page: Annotated[int, Query(ge=0, le=100_000)] = 0,
    perPage: Annotated[int, Query(ge=1, le=tasks_service.MAX_PER_PAGE)] = 50,
    sort: Annotated[
        str, Query(max_length=16, description="created, updated, status, priority, due, title; - = descending")
    ] = "-created",
    status: Annotated[str | None, Query(max_length=200, description="comma-separated statuses")] = None,
    assignee: Annotated[str | None, Query(max_length=400, description="comma-separated user ids, or none")] = None,
    priority: Annotated[str | None, Query(max_length=200, description="comma-separated priorities")] = None,
    q: Annotated[str | None, Query(max_length=100, description="text in the title")] = None,
) -> TaskPage:
    return await tasks_service.list_tasks(user, workspaceId, page, perPage, sort, status, assignee, priority, q)


@tasks.post("/api/tasks", status_code=status.HTTP_201_CREATED)
async def create_task(user: CurrentUserRequired, body: TaskCreate) -> Task:
    return await tasks_service.create_task(user, body)


@tasks.get("/api/tasks/{task_id}")
async def get_task(user: CurrentUserRequired, task_id: TaskId) -> Task:
    return await tasks_service.get_task(user, task_id)


@tasks.patch("/api/tasks/{task_id}", responses={409: {"model": TaskConflict}})
async def patch_task(user: CurrentUserRequired, task_id: TaskId, body: TaskPatch) -> Task:
    """Merge `patch` into the task field by field. With `expectedVersion`, a field someone else
    changed after that version is not overwritten: 409 with the current task."""
    return await tasks_service.patch_task(user, task_id, body)


@tasks.delete("/api/tasks/{task_id}")
async def delete_task(user: CurrentUserRequired, task_id: TaskId) -> Task:
    """Delete (restorable for 7 days with POST /api/tasks/{id}/restore). Returns the deleted task."""
    return await tasks_service.delete_task(user, task_id)


@tasks.post("/api/tasks/{task_id}/restore")
async def restore_task(user: CurrentUserRequired, task_id: TaskId) -> Task:
    return await tasks_service.restore_task(user, task_id)


@tasks.get("/api/tasks/{task_id}/activity")
async def task_activity(user: CurrentUserRequired, task_id: TaskId) -> ActivityList:
    """Who changed which field from what to what, newest first."""
    return ActivityList(entries=await tasks_service.activity(user, task_id))


@tasks.get(
    "/api/tasks/{workspace_id}/events",
    response_class=EventSourceResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def workspace_events(
    request: Request, user: CurrentUserRequired, workspace_id: WorkspaceId
) -> EventSourceResponse:
    """Seed 002's per-workspace stream: unnamed events `{"type": "task_update" | "task_create" |
    "task_delete", "task": {...}}` (tasks/seed_events.py); resumes from `Last-Event-ID`."""
    last_event_id = request.headers.get("last-event-id") or request.query_params.get("last_event_id")
    return await topic_event_stream(request, user, [topic(workspace_id)], last_event_id, wire=seed_wire)
