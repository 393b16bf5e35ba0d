"""Who may see and change a workspace: its members. Every tasks endpoint goes through here."""

import re
from typing import Any

from huddle.auth.schemas import PublicUser
from huddle.errors import ApiError
from huddle.tasks import workspaces_repository

WORKSPACE_ID = re.compile(r"^[0-9a-f]{10}$")
TASK_ID = re.compile(r"^([0-9a-f]{10})-([0-9]{1,9})$")


def parse_task_id(task_id: str) -> tuple[str, int]:
    match = TASK_ID.match(task_id)
    if not match:
        raise ApiError(404, f"no task {task_id[:40]}", field="id")
    return match.group(1), int(match.group(2))


async def require_member(user: PublicUser, workspace_id: str, field: str = "workspaceId") -> dict[str, str]:
    """The workspace's meta if `user` is a member: 404 for no such workspace, 403 for outsiders."""
    meta = await workspaces_repository.get_meta(workspace_id) if WORKSPACE_ID.match(workspace_id) else None
    if meta is None:
        raise ApiError(404, f"no workspace {workspace_id[:40]}", field=field)
    if await workspaces_repository.membership(workspace_id, user.id) is None:
        raise ApiError(403, "you are not a member of this workspace")
    return meta


async def require_owner(user: PublicUser, workspace_id: str) -> dict[str, str]:
    meta = await require_member(user, workspace_id)
    membership: dict[str, Any] | None = await workspaces_repository.membership(workspace_id, user.id)
    if not membership or membership.get("role") != "owner":
        raise ApiError(403, "only the workspace owner can do this")
    return meta


async def authorize_workspace_topic(user: PublicUser | None, topic: str) -> None:
    if user is None:
        raise ApiError(401, "log in to follow a workspace")
    await require_member(user, topic.split(":", 1)[1], field="topic")
