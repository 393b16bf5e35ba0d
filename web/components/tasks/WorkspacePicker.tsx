"use client";

import { useEffect, useState } from "react";

import { PageHeader } from "@/components/EmptyState";
import { CreateWorkspaceForm } from "@/components/tasks/CreateWorkspaceForm";
import { JoinWorkspaceForm } from "@/components/tasks/JoinWorkspaceForm";
import { TasksLink } from "@/components/tasks/TasksLink";
import { useLoggedInUser } from "@/lib/BackendContext";
import { readStored, storageKeys } from "@/lib/shell/storage";
import { useWorkspaces } from "@/lib/tasks/hooks";
import { navigate, workspacePath } from "@/lib/tasks/nav";

/** /tasks: your workspaces as cards, and forms to create or join one. */
export function WorkspacePicker({ reopenLast = false, onReopened }: { reopenLast?: boolean; onReopened?: () => void }) {
  const workspaces = useWorkspaces();
  const userId = useLoggedInUser().user?.id;
  const [mayReopen] = useState(reopenLast);
  useEffect(() => {
    if (!mayReopen || !userId || !workspaces.data) return;
    const last = readStored("local", storageKeys.lastWorkspace(userId));
    onReopened?.();
    // Only a workspace still in the list: one left or deleted since just shows the list.
    if (last && workspaces.data.some((w) => w.id === last)) navigate(workspacePath(last), { replace: true });
  }, [mayReopen, userId, workspaces.data, onReopened]);
  return (
    <div className="page tw-page">
      <PageHeader title="Tasks" subtitle="Pick a workspace, start a new one, or join your team's" />
      <section aria-labelledby="ws-list-title">
        <h2 id="ws-list-title" className="tw-section-title">
          Your workspaces
        </h2>
        {workspaces.isPending ? (
          <div className="tw-grid" aria-busy="true">
            {[0, 1, 2].map((i) => (
              <div key={i} className="tw-card">
                <span className="skeleton skeleton-line" style={{ width: "60%" }} />
                <span className="skeleton skeleton-line" style={{ width: 60, marginTop: 10 }} />
              </div>
            ))}
          </div>
        ) : workspaces.isError ? (
          <div className="tt-error" role="alert">
            <p className="error-title">Couldn&apos;t load your workspaces</p>
            <p className="muted">{workspaces.error.detail}</p>
            <button type="button" className="btn btn-primary" onClick={() => void workspaces.refetch()}>
              Retry
            </button>
          </div>
        ) : workspaces.data.length === 0 ? (
          <p className="tw-none muted" data-testid="workspaces-empty">
            You&apos;re not in any workspace yet. Create one below, or join with a code from a teammate.
          </p>
        ) : (
          <ul className="tw-grid">
            {workspaces.data.map((ws) => (
              <li key={ws.id}>
                <TasksLink href={workspacePath(ws.id)} className="tw-card tw-card-link" data-testid={`workspace-card-${ws.id}`}>
                  <span className="tw-card-top">
                    <span className="tt-key">{ws.key}</span>
                    {ws.role === "owner" ? <span className="tw-role">Owner</span> : null}
                  </span>
                  <span className="tw-card-name">{ws.name}</span>
                  <span className="tw-card-meta muted">
                    {ws.member_count} member{ws.member_count === 1 ? "" : "s"}
                  </span>
                </TasksLink>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="tw-forms">
        <CreateWorkspaceForm />
        <JoinWorkspaceForm />
      </div>
    </div>
  );
}
