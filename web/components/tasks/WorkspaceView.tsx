"use client";

import { useCallback, useEffect } from "react";

import { EmptyState } from "@/components/EmptyState";
import { TasksIcon } from "@/components/icons";
import { NotFound } from "@/components/NotFound";
import { Spinner } from "@/components/Spinner";
import { TasksLink } from "@/components/tasks/TasksLink";
import { WorkspaceTasks } from "@/components/tasks/WorkspaceTasks";
import { useLoggedInUser } from "@/lib/BackendContext";
import { storageKeys, writeStored } from "@/lib/shell/storage";
import { useWorkspace } from "@/lib/tasks/hooks";
import { useDocumentTitle } from "@/lib/useDocumentTitle";

/** /tasks/{workspaceId}[/{taskId}]: the workspace's table, or why it can't be shown. */
export function WorkspaceView({ workspaceId, taskId }: { workspaceId: string; taskId: string | null }) {
  const workspace = useWorkspace(workspaceId);
  const retry = useCallback(() => void workspace.refetch(), [workspace]);
  useDocumentTitle(workspace.data?.name, 1);
  const userId = useLoggedInUser().user?.id;
  const shownId = workspace.data?.id;
  useEffect(() => {
    if (userId && shownId) writeStored("local", storageKeys.lastWorkspace(userId), shownId);
  }, [userId, shownId]);

  if (workspace.isPending) {
    return (
      <div className="tt-loading" data-testid="workspace-loading">
        <Spinner label="Loading the workspace" />
      </div>
    );
  }

  if (workspace.isError) {
    const status = workspace.error.status;
    if (status === 404) {
      return (
        <div data-testid="workspace-error">
          <NotFound title="Workspace not found" description="This link doesn't point to a workspace. It may be mistyped.">
            <TasksLink href="/tasks" className="btn btn-primary" data-testid="back-to-workspaces">
              Back to your workspaces
            </TasksLink>
          </NotFound>
        </div>
      );
    }
    const noAccess = status === 403 || status === 404;
    return (
      <div data-testid="workspace-error">
        <EmptyState
          icon={<TasksIcon width={28} height={28} />}
          title={status === 403 ? "You're not a member of this workspace" : status === 404 ? "Workspace not found" : "Couldn't load the workspace"}
          description={
            status === 403
              ? "Ask a member for an invite code or link to join it."
              : status === 404
                ? "This link doesn't point to a workspace. It may be mistyped."
                : workspace.error.detail
          }
        >
          <div className="tt-empty-actions">
            {noAccess ? null : (
              <button type="button" className="btn btn-primary" onClick={retry}>
                Retry
              </button>
            )}
            <TasksLink href="/tasks" className="btn btn-secondary" data-testid="back-to-workspaces">
              Back to your workspaces
            </TasksLink>
          </div>
        </EmptyState>
      </div>
    );
  }

  return <WorkspaceTasks workspace={workspace.data} taskId={taskId} />;
}
