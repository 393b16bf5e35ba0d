"use client";

import { useMutation, useQueryClient, type QueryClient, type QueryKey } from "@tanstack/react-query";

import { toast, type ApiError } from "@/lib/BackendContext";
import { applyLive } from "@/lib/liveAfterFetch";
import * as api from "@/lib/tasks/api";
import { TEMP_PREFIX, findTask, insertTask, newestFirstIndex, removeTask, replaceTemp, withField } from "@/lib/tasks/cache";
import { askWhoseValue } from "@/lib/tasks/conflictPrompt";
import { fieldName } from "@/lib/tasks/format";
import { heldTask, receiveTask, setLists, setTask, taskKeys } from "@/lib/tasks/hooks";
import { isDefaultView, type TaskListParams } from "@/lib/tasks/params";
import * as pending from "@/lib/tasks/pending";
import type { FieldDefinition, Task, TaskConflict, TaskPage } from "@/lib/types";

// ---------------------------------------------------------------------------
// Tasks
// ---------------------------------------------------------------------------

let tempCounter = 0;

export interface CreateTaskInput {
  workspaceId: string;
  data: Record<string, unknown> & { title: string };
  /** The view the user created it from (it shows there at once, even when filtered). */
  params: TaskListParams;
}

/** Create a task: it shows at once (pending) at the top of the current page. */
export function useCreateTask() {
  const qc = useQueryClient();
  return useMutation<Task, ApiError, CreateTaskInput, { tempId: string }>({
    mutationKey: taskKeys.mutation("create-task"),
    mutationFn: ({ workspaceId, data }) => api.createTask(workspaceId, data),
    onMutate: ({ workspaceId, data, params }) => {
      const now = new Date().toISOString();
      const temp: Task = {
        id: `${TEMP_PREFIX}${++tempCounter}`,
        workspaceId,
        displayId: "…",
        sequenceNumber: Number.MAX_SAFE_INTEGER,
        data: { status: "todo", priority: "none", ...data },
        version: 0,
        createdAt: now,
        updatedAt: now,
      };
      qc.setQueryData<TaskPage>(taskKeys.list(workspaceId, params), (page) => insertTask(page, temp));
      return { tempId: temp.id };
    },
    onSuccess: (task, { workspaceId }, ctx) => {
      pending.noteServerTask(task);
      // Applied again after a list fetch that was running lands (it read the server before the create).
      applyLive(
        qc,
        taskKeys.lists(workspaceId),
        () =>
          setLists(qc, workspaceId, (page, p) => {
            if (findTask(page, ctx.tempId)) return replaceTemp(page, ctx.tempId, task);
            if (isDefaultView(p) && page && !findTask(page, task.id)) return insertTask(page, task, newestFirstIndex(page, task));
            return page;
          }),
        { exact: false },
      );
      // Elsewhere the server decides where (and whether) it shows.
      void qc.invalidateQueries({
        queryKey: taskKeys.lists(workspaceId),
        predicate: (q) => !isDefaultView(q.queryKey[4] as TaskListParams) && !findTask(q.state.data as TaskPage, task.id),
      });
    },
    onError: (err, { workspaceId }, ctx) => {
      if (ctx) setLists(qc, workspaceId, (page) => removeTask(page, ctx.tempId));
      toast.error("Couldn't create the task", { description: err.fieldError("title") ?? err.detail });
    },
  });
}

export interface UpdateTaskInput {
  /** The task as the user saw it. */
  task: Task;
  field: string;
  /** New value; null removes the field. */
  value: unknown;
  /** The version the edit is based on (sent as `expectedVersion`); default `task.version`. */
  baseVersion?: number;
}

function showServerCopy(qc: QueryClient, taskId: string): void {
  const newest = pending.serverTask(taskId);
  if (newest) setTask(qc, taskId, () => pending.withPending(newest));
}

/**
 * Change one field of a task: `mutate({ task, field, value })`. Shown at once; while it saves
 * `useFieldSaving(task.id, field)` is true. On failure only that field goes back, with a toast.
 */
export function useUpdateTask() {
  const qc = useQueryClient();
  const update = useMutation<Task, ApiError, UpdateTaskInput, { token: number; previous: unknown }>({
    mutationKey: taskKeys.mutation("update-task"),
    onMutate: ({ task, field, value }) => {
      const token = pending.beginEdit(task.id, field, value);
      setTask(qc, task.id, (t) => withField(t, field, value));
      return { token, previous: task.data[field] };
    },
    mutationFn: ({ task, field, value, baseVersion }) =>
      pending.enqueue(task.id, () =>
        api.patchTask(
          task.id,
          { [field]: value ?? null },
          pending.expectedVersion(task.id, field, baseVersion ?? task.version),
        ),
      ),
    onSuccess: (saved, { task, field }, ctx) => {
      pending.noteOwnWrite(task.id, field, saved.version);
      pending.endEdit(task.id, field, ctx.token);
      pending.noteServerTask(saved);
      showServerCopy(qc, task.id);
      void qc.invalidateQueries({ queryKey: taskKeys.activity(task.id) });
    },
    onError: (err, { task, field, value }, ctx) => {
      if (ctx) pending.endEdit(task.id, field, ctx.token);
      const conflict = err.status === 409 ? (err.body as TaskConflict | undefined) : undefined;
      if (conflict?.task) {
        receiveTask(qc, conflict.task, true);
        askWhoseValue(qc, conflict, field, value, (theirs) => mutate({ task: theirs, field, value, baseVersion: theirs.version }));
        return;
      }
      if (err.status === 404) {
        pending.forgetTask(task.id);
        setLists(qc, task.workspaceId, (page) => removeTask(page, task.id));
        toast.error(`${task.displayId} was deleted`, { description: "Someone deleted this task meanwhile." });
        return;
      }
      if (pending.serverTask(task.id)) showServerCopy(qc, task.id);
      else if (ctx) setTask(qc, task.id, (t) => withField(t, field, ctx.previous));
      const fields = qc.getQueryData<FieldDefinition[]>(taskKeys.fields(task.workspaceId));
      toast.error(`Couldn't change ${fieldName(fields, field)} of ${task.displayId}`, {
        description: err.fieldError(field) ?? err.errors[0]?.message ?? err.detail,
      });
    },
  });
  const { mutate } = update;
  return update;
}

/** Where a task sat in each cached list (to put it back). */
export type ListPositions = { key: QueryKey; index: number }[];

export interface RestoreTaskInput {
  task: Task;
  positions?: ListPositions;
}

function putBack(qc: QueryClient, task: Task, positions: ListPositions | undefined): void {
  positions?.forEach(({ key, index }) =>
    qc.setQueryData<TaskPage>(key, (page) => insertTask(page, pending.withPending(task), index)),
  );
}

/** Undo a delete (within 7 days). */
export function useRestoreTask() {
  const qc = useQueryClient();
  return useMutation<Task, ApiError, RestoreTaskInput>({
    mutationKey: taskKeys.mutation("restore-task"),
    mutationFn: ({ task }) => pending.enqueue(task.id, () => api.restoreTask(task.id)),
    onMutate: ({ task, positions }) => putBack(qc, task, positions),
    onSuccess: (task) => {
      pending.noteServerTask(task);
      receiveTask(qc, task, true);
      setLists(qc, task.workspaceId, (page, p) => {
        if (!page || findTask(page, task.id) || !isDefaultView(p)) return page;
        return insertTask(page, task, newestFirstIndex(page, task));
      });
      void qc.invalidateQueries({ queryKey: taskKeys.task(task.id) });
    },
    onError: (err, { task }) => {
      setLists(qc, task.workspaceId, (page) => removeTask(page, task.id));
      toast.error(`Couldn't restore ${task.displayId}`, { description: err.detail });
    },
  });
}

/** Delete a task: it disappears at once, with an "Undo" toast; it comes back if the server refuses. */
export function useDeleteTask() {
  const qc = useQueryClient();
  const restore = useRestoreTask();
  return useMutation<Task, ApiError, Task, { positions: ListPositions; toastId: number }>({
    mutationKey: taskKeys.mutation("delete-task"),
    mutationFn: (task) => pending.enqueue(task.id, () => api.deleteTask(task.id)),
    onMutate: (task) => {
      const positions: ListPositions = [];
      qc.getQueriesData<TaskPage>({ queryKey: taskKeys.lists(task.workspaceId) }).forEach(([key, page]) => {
        const found = findTask(page, task.id);
        if (found) positions.push({ key, index: found.index });
      });
      const shown = heldTask(qc, task.id) ?? task;
      setLists(qc, task.workspaceId, (page) => removeTask(page, task.id));
      const toastId = toast.info(`Deleted ${task.displayId}`, {
        duration: 10_000,
        action: { label: "Undo", testId: "undo-delete", onClick: () => restore.mutate({ task: shown, positions }) },
      });
      return { positions, toastId };
    },
    onError: (err, task, ctx) => {
      if (err.status === 404) return; // already gone
      if (ctx) {
        toast.dismiss(ctx.toastId);
        putBack(qc, task, ctx.positions);
      }
      toast.error(`Couldn't delete ${task.displayId}`, { description: err.detail });
    },
  });
}
