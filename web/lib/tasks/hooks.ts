"use client";

import { keepPreviousData, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";

import { useSSE, type ApiError } from "@/lib/BackendContext";
import { applyLive } from "@/lib/liveAfterFetch";
import * as api from "@/lib/tasks/api";
import {
  findTask,
  findTempByTitle,
  insertTask,
  isNewer,
  newestFirstIndex,
  removeTask,
  replaceTemp,
  updateTask,
} from "@/lib/tasks/cache";
import { isDefaultView, type TaskListParams } from "@/lib/tasks/params";
import { forgetTask, noteServerTask, serverTask, shownTask } from "@/lib/tasks/pending";
import type { ActivityEntry, FieldDefinition, Invite, Member, Task, TaskPage, Workspace } from "@/lib/types";

/** Query keys of the tasks domain. Everything of one workspace sits under `workspace(id)`. */
export const taskKeys = {
  all: ["tasks"] as const,
  workspaces: () => [...taskKeys.all, "workspaces"] as const,
  workspace: (id: string) => [...taskKeys.all, "workspace", id] as const,
  meta: (id: string) => [...taskKeys.workspace(id), "meta"] as const,
  lists: (id: string) => [...taskKeys.workspace(id), "list"] as const,
  list: (id: string, params: TaskListParams) => [...taskKeys.lists(id), params] as const,
  fields: (id: string) => [...taskKeys.workspace(id), "fields"] as const,
  members: (id: string) => [...taskKeys.workspace(id), "members"] as const,
  invite: (id: string) => [...taskKeys.workspace(id), "invite"] as const,
  task: (taskId: string) => [...taskKeys.workspace(workspaceOfTask(taskId)), "task", taskId] as const,
  activity: (taskId: string) => [...taskKeys.task(taskId), "activity"] as const,
  mutation: (name: string) => [...taskKeys.all, "mutation", name] as const,
};

/** Task ids are "<workspaceId>-<sequence>". */
export function workspaceOfTask(taskId: string): string {
  const dash = taskId.lastIndexOf("-");
  return dash > 0 ? taskId.slice(0, dash) : taskId;
}

export const workspaceTopic = (workspaceId: string) => `workspace:${workspaceId}`;

// ---------------------------------------------------------------------------
// Cache access (shared with mutations.ts)
// ---------------------------------------------------------------------------

/** Apply `update` to every cached page of the workspace's task list. */
export function setLists(
  qc: QueryClient,
  workspaceId: string,
  update: (page: TaskPage | undefined, params: TaskListParams) => TaskPage | undefined,
): void {
  qc.getQueriesData<TaskPage>({ queryKey: taskKeys.lists(workspaceId) }).forEach(([key, page]) => {
    const params = key[4] as TaskListParams;
    const next = update(page, params);
    if (next !== page) qc.setQueryData(key, next);
  });
}

/** The task as this tab holds it (detail query or any list page). */
export function heldTask(qc: QueryClient, taskId: string): Task | undefined {
  const detail = qc.getQueryData<Task>(taskKeys.task(taskId));
  if (detail) return detail;
  for (const [, page] of qc.getQueriesData<TaskPage>({ queryKey: taskKeys.lists(workspaceOfTask(taskId)) })) {
    const found = findTask(page, taskId);
    if (found) return found.task;
  }
  return undefined;
}

/** Replace a held task everywhere with `next(task)` (lists and detail). */
export function setTask(qc: QueryClient, taskId: string, next: (task: Task) => Task): void {
  setLists(qc, workspaceOfTask(taskId), (page) => updateTask(page, taskId, next));
  const detail = qc.getQueryData<Task>(taskKeys.task(taskId));
  if (detail) qc.setQueryData<Task>(taskKeys.task(taskId), next(detail));
}

/** A server copy of a task arrived: show it (plus pending edits) if it is newer than what we hold. */
export function receiveTask(qc: QueryClient, task: Task, force = false): void {
  const held = heldTask(qc, task.id);
  noteServerTask(task);
  if (!force && !isNewer(task, held)) return;
  const shown = shownTask(task);
  setTask(qc, task.id, () => shown);
}

// ---------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------

export function useWorkspaces() {
  return useQuery<Workspace[], ApiError>({ queryKey: taskKeys.workspaces(), queryFn: ({ signal }) => api.fetchWorkspaces(signal) });
}

export function useWorkspace(id: string) {
  return useQuery<Workspace, ApiError>({ queryKey: taskKeys.meta(id), queryFn: ({ signal }) => api.fetchWorkspace(id, signal) });
}

export function useMembers(workspaceId: string) {
  return useQuery<Member[], ApiError>({
    queryKey: taskKeys.members(workspaceId),
    queryFn: ({ signal }) => api.fetchMembers(workspaceId, signal),
  });
}

export function useFields(workspaceId: string) {
  return useQuery<FieldDefinition[], ApiError>({
    queryKey: taskKeys.fields(workspaceId),
    queryFn: ({ signal }) => api.fetchFields(workspaceId, signal),
    staleTime: 5 * 60_000,
  });
}

export function useInvite(workspaceId: string, enabled = true) {
  return useQuery<Invite, ApiError>({
    queryKey: taskKeys.invite(workspaceId),
    queryFn: ({ signal }) => api.fetchInvite(workspaceId, signal),
    enabled,
  });
}

/** One page of the workspace's tasks for `params`; the previous page stays shown while the next loads. */
export function useTasks(workspaceId: string, params: TaskListParams) {
  return useQuery<TaskPage, ApiError>({
    queryKey: taskKeys.list(workspaceId, params),
    queryFn: async ({ signal }) => {
      const page = await api.fetchTasks(workspaceId, params, signal);
      // A refetch while an edit is in flight must not undo the optimistic value.
      return { ...page, tasks: page.tasks.map(shownTask) };
    },
    placeholderData: keepPreviousData,
  });
}

/** One task (the side panel); starts from the copy in a loaded list page. */
export function useTask(taskId: string) {
  const qc = useQueryClient();
  return useQuery<Task, ApiError>({
    queryKey: taskKeys.task(taskId),
    queryFn: async ({ signal }) => shownTask(await api.fetchTask(taskId, signal)),
    initialData: () => heldTask(qc, taskId),
    initialDataUpdatedAt: 0,
  });
}

/** History of a task, newest first. */
export function useActivity(taskId: string) {
  return useQuery<ActivityEntry[], ApiError>({
    queryKey: taskKeys.activity(taskId),
    queryFn: ({ signal }) => api.fetchActivity(taskId, signal),
    staleTime: 0,
  });
}

// ---------------------------------------------------------------------------
// Live updates
// ---------------------------------------------------------------------------

/** Follow `workspace:{id}` on the tab's event stream, keeping tasks, members and fields current. */
export function useTaskLive(workspaceId: string, options: { enabled?: boolean } = {}): void {
  const qc = useQueryClient();
  const enabled = options.enabled ?? true;

  // A list fetch that started before the event would land without it: applied again after it.
  const live = (apply: () => void) => applyLive(qc, taskKeys.lists(workspaceId), apply, { exact: false });

  const onCreated = (task: Task) => {
    if (heldTask(qc, task.id) && !isNewer(task, heldTask(qc, task.id))) return;
    noteServerTask(task);
    live(() =>
      setLists(qc, workspaceId, (page, params) => {
        if (!page || findTask(page, task.id)) return page;
        const temp = findTempByTitle(page, task.data.title);
        if (temp) return replaceTemp(page, temp.id, task); // echo of our own create, before its answer
        if (isDefaultView(params)) return insertTask(page, task, newestFirstIndex(page, task)); // also restores
        return page;
      }),
    );
    // Elsewhere (filtered, sorted, later pages) the server decides where and whether it shows: once.
    void qc.invalidateQueries({
      queryKey: taskKeys.lists(workspaceId),
      predicate: (q) => !isDefaultView(q.queryKey[4] as TaskListParams) && !findTask(q.state.data as TaskPage | undefined, task.id),
    });
    void qc.invalidateQueries({ queryKey: taskKeys.task(task.id) });
  };

  useSSE(
    enabled ? [workspaceTopic(workspaceId)] : [],
    {
      task_created: ({ task }) => onCreated(task),
      task_updated: ({ task }) => {
        receiveTask(qc, task);
        void qc.invalidateQueries({ queryKey: taskKeys.activity(task.id) });
      },
      task_deleted: ({ task }) => {
        forgetTask(task.id);
        // Unless it was restored meanwhile (the restore makes it known again).
        live(() => {
          if (!serverTask(task.id)) setLists(qc, workspaceId, (page) => removeTask(page, task.id));
        });
        void qc.invalidateQueries({ queryKey: taskKeys.task(task.id) });
      },
      member_joined: ({ member }) => {
        qc.setQueryData<Member[]>(taskKeys.members(workspaceId), (list) =>
          list && !list.some((m) => m.user.id === member.user.id) ? [...list, member] : list,
        );
        void qc.invalidateQueries({ queryKey: taskKeys.meta(workspaceId) });
        void qc.invalidateQueries({ queryKey: taskKeys.workspaces() });
      },
      fields_updated: () => void qc.invalidateQueries({ queryKey: taskKeys.fields(workspaceId) }),
    },
    { resyncKeys: [taskKeys.workspace(workspaceId)] },
  );
}

export { useCreateTask, useDeleteTask, useRestoreTask, useUpdateTask } from "@/lib/tasks/mutations";
export {
  useAddCustomField,
  useCreateWorkspace,
  useJoinWorkspace,
  useRotateInvite,
} from "@/lib/tasks/workspaceMutations";
