"use client";

import { useEffect, useRef } from "react";

import { EmptyState } from "@/components/EmptyState";
import { TasksIcon } from "@/components/icons";
import { Spinner } from "@/components/Spinner";
import { TasksLink } from "@/components/tasks/TasksLink";
import { useJoinWorkspace } from "@/lib/tasks/hooks";
import { navigate, workspacePath } from "@/lib/tasks/nav";

/** /tasks/join/{code}: joins the workspace (a no-op for members) and opens it. */
export function JoinByLink({ code }: { code: string }) {
  const join = useJoinWorkspace();
  const started = useRef(false);
  const { mutate } = join;

  useEffect(() => {
    if (started.current || !code) return;
    started.current = true;
    mutate(code, { onSuccess: (ws) => navigate(workspacePath(ws.id), { replace: true }) });
  }, [code, mutate]);

  if (join.isError || !code) {
    return (
      <div className="page" data-testid="join-error">
        <EmptyState
          icon={<TasksIcon width={28} height={28} />}
          title="This invite doesn't work"
          description={join.error?.status === 404 || !code ? "The code is wrong or was replaced by a new one. Ask for a fresh link." : (join.error?.detail ?? "")}
        >
          <TasksLink href="/tasks" className="btn btn-secondary tt-empty-actions">
            Back to your workspaces
          </TasksLink>
        </EmptyState>
      </div>
    );
  }

  return (
    <div className="tt-loading" data-testid="join-loading">
      <Spinner label="Joining the workspace" />
      <span className="muted">Joining the workspace…</span>
    </div>
  );
}
