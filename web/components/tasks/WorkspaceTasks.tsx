"use client";

import { useCallback } from "react";

import { Pagination } from "@/components/tasks/Pagination";
import { TaskPanel } from "@/components/tasks/TaskPanel";
import { TaskTable } from "@/components/tasks/TaskTable";
import { TaskToolbar } from "@/components/tasks/TaskToolbar";
import { WorkspaceHeader } from "@/components/tasks/WorkspaceHeader";
import { useDeleteTask, useFields, useMembers, useTaskLive, useTasks } from "@/lib/tasks/hooks";
import { taskPath, useTaskView, workspacePath } from "@/lib/tasks/nav";
import { DEFAULT_PARAMS } from "@/lib/tasks/params";
import type { FieldDefinition, Member, Task, Workspace } from "@/lib/types";

const NO_MEMBERS: Member[] = [];
const NO_FIELDS: FieldDefinition[] = [];

/** The task table of a workspace the user belongs to, kept live, with the side panel. */
export function WorkspaceTasks({ workspace, taskId }: { workspace: Workspace; taskId: string | null }) {
  const { params, setParams, go } = useTaskView();
  const members = useMembers(workspace.id).data ?? NO_MEMBERS;
  const fields = useFields(workspace.id).data ?? NO_FIELDS;
  const customFields = fields.filter((f) => !f.builtin);
  const tasks = useTasks(workspace.id, params);
  const del = useDeleteTask();
  useTaskLive(workspace.id);

  const { mutate: deleteTask } = del;
  const onOpen = useCallback((task: Task) => go(taskPath(workspace.id, task.id)), [go, workspace.id]);
  const onDelete = useCallback(
    (task: Task) => {
      if (task.id === taskId) go(workspacePath(workspace.id));
      deleteTask(task);
    },
    [deleteTask, go, taskId, workspace.id],
  );
  const onClose = useCallback(() => go(workspacePath(workspace.id)), [go, workspace.id]);
  const page = tasks.data;

  return (
    <div className={`tasks-page${taskId ? " tasks-page-with-panel" : ""}`}>
      <div className="tasks-main">
        <WorkspaceHeader workspace={workspace} members={members} />
        <TaskToolbar params={params} members={members} onChange={setParams} />
        <div className={tasks.isPlaceholderData ? "tt-stale" : undefined}>
          <TaskTable
            workspaceId={workspace.id}
            params={params}
            page={page}
            isPending={tasks.isPending}
            error={tasks.error}
            onRetry={() => void tasks.refetch()}
            members={members}
            customFields={customFields}
            selectedTaskId={taskId}
            onOpen={onOpen}
            onDelete={onDelete}
            onSort={(sort) => setParams({ ...params, sort, page: 0 })}
            onClearFilters={() => setParams({ ...DEFAULT_PARAMS, sort: params.sort })}
          />
        </div>
        {page && (page.total > 0 || params.page > 0) ? (
          <Pagination
            page={params.page}
            perPage={params.perPage}
            shown={page.tasks.length}
            total={page.total}
            hasMore={page.hasMore}
            busy={tasks.isFetching && tasks.isPlaceholderData}
            onPage={(p) => setParams({ ...params, page: p })}
          />
        ) : null}
      </div>
      {taskId ? <TaskPanel key={taskId} taskId={taskId} fields={fields} members={members} onClose={onClose} /> : null}
    </div>
  );
}
