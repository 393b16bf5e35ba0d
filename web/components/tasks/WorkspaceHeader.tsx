"use client";


import { Avatar } from "@/components/Avatar";
import { AddFieldForm } from "@/components/tasks/AddFieldForm";
import { InvitePanel } from "@/components/tasks/InvitePanel";
import { Popover } from "@/components/tasks/Popover";
import { TasksLink } from "@/components/tasks/TasksLink";
import type { Member, Workspace } from "@/lib/types";

const MAX_AVATARS = 6;

/** Workspace name and key, member avatars, Invite and Fields buttons. */
export function WorkspaceHeader({ workspace, members }: { workspace: Workspace; members: readonly Member[] }) {
  const shown = members.slice(0, MAX_AVATARS);
  const extra = members.length - shown.length;
  return (
    <header className="tt-header">
      <div className="tt-header-title">
        <TasksLink href="/tasks" className="tt-breadcrumb">
          Workspaces
        </TasksLink>
        <span className="tt-breadcrumb-sep" aria-hidden="true">
          /
        </span>
        <h1 className="page-title" data-testid="workspace-name">
          {workspace.name}
        </h1>
        <span className="tt-key" title="Task ids start with this key">
          {workspace.key}
        </span>
      </div>
      <div className="tt-header-actions">
        <div className="tt-avatars" aria-label={`${members.length} member${members.length === 1 ? "" : "s"}`} data-testid="member-avatars">
          {shown.map((m) => (
            <span key={m.user.id} className="tt-avatar-stack" title={m.user.display_name || m.user.username}>
              <Avatar user={m.user} size={26} />
            </span>
          ))}
          {extra > 0 ? <span className="tt-avatar-more">+{extra}</span> : null}
        </div>
        <Popover label="Fields" title="Add a custom field" triggerTestId="fields-button">
          {(close) => <AddFieldForm workspaceId={workspace.id} onDone={close} />}
        </Popover>
        <Popover label="Invite" title="Invite people" triggerTestId="invite-button" triggerClassName="btn btn-primary btn-sm">
          {() => <InvitePanel workspaceId={workspace.id} isOwner={workspace.role === "owner"} />}
        </Popover>
      </div>
    </header>
  );
}
