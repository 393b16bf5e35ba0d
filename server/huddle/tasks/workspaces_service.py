from datetime import datetime

from huddle.auth import service as accounts
from huddle.auth.schemas import PublicUser
from huddle.errors import ApiError
from huddle.tasks import custom_fields_service
from huddle.tasks import workspaces_repository as repository
from huddle.tasks.access import require_member, require_owner
from huddle.tasks.fields import BUILTIN_FIELDS
from huddle.tasks.schemas import (
    FieldDefinition,
    Invite,
    Member,
    Workspace,
    WorkspaceCreate,
)


async def _workspace(meta: dict[str, str], user: PublicUser) -> Workspace:
    membership = await repository.membership(meta["id"], user.id) or {}
    return Workspace(
        id=meta["id"],
        name=meta["name"],
        key=meta["key"],
        created_at=datetime.fromisoformat(meta["created_at"]),
        created_by=meta["created_by"],
        member_count=await repository.member_count(meta["id"]),
        role=membership.get("role", "member"),
    )


async def create(user: PublicUser, body: WorkspaceCreate) -> Workspace:
    meta = await repository.create(repository.new_id(), body.name, body.key, user.id, repository.new_invite_code())
    return await _workspace(meta, user)


async def list_for(user: PublicUser) -> list[Workspace]:
    workspaces = []
    for workspace_id in await repository.workspace_ids_of(user.id):
        meta = await repository.get_meta(workspace_id)
        if meta and await repository.membership(workspace_id, user.id):
            workspaces.append(await _workspace(meta, user))
    return sorted(workspaces, key=lambda w: w.name.lower())


async def get(user: PublicUser, workspace_id: str) -> Workspace:
    return await _workspace(await require_member(user, workspace_id, field="id"), user)


async def invite(user: PublicUser, workspace_id: str) -> Invite:
    meta = await require_member(user, workspace_id, field="id")
    return Invite(code=meta["invite_code"], workspace_id=workspace_id)


async def rotate_invite(user: PublicUser, workspace_id: str) -> Invite:
    meta = await require_owner(user, workspace_id)
    code = repository.new_invite_code()
    await repository.replace_invite(workspace_id, meta["invite_code"], code)
    return Invite(code=code, workspace_id=workspace_id)


async def join(user: PublicUser, code: str) -> Workspace:
    workspace_id = await repository.workspace_of_invite(code.strip())
    meta = await repository.get_meta(workspace_id) if workspace_id else None
    if meta is None or meta.get("invite_code") != code.strip():
        raise ApiError(404, "this invite code is not valid (it may have been replaced)", field="code")
    await repository.add_member(meta["id"], user.id, user.model_dump(mode="json"))
    return await _workspace(meta, user)


async def members(user: PublicUser, workspace_id: str) -> list[Member]:
    await require_member(user, workspace_id, field="id")
    memberships = await repository.members(workspace_id)
    users = {u.id: u for u in await accounts.get_users(list(memberships))}
    listed = [
        Member(user=users[user_id], role=info["role"], joined_at=datetime.fromisoformat(info["joined_at"]))
        for user_id, info in memberships.items()
        if user_id in users
    ]
    return sorted(listed, key=lambda m: (m.role != "owner", m.user.display_name.lower()))


async def is_member(workspace_id: str, user_id: str) -> bool:
    return await repository.membership(workspace_id, user_id) is not None


async def fields(user: PublicUser, workspace_id: str | None) -> list[FieldDefinition]:
    if workspace_id is None:
        return list(BUILTIN_FIELDS)
    await require_member(user, workspace_id)
    return [*BUILTIN_FIELDS, *await custom_fields_service.custom_fields(workspace_id)]
