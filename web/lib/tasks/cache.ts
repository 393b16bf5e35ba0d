/**
 * Pure updates of cached task pages and tasks.
 * Every function returns the input unchanged (same reference) when nothing changes.
 */
import type { Task, TaskPage } from "@/lib/types";

/** Where a task sat in a page (to put it back after a failed delete). */
export interface TaskPosition {
  index: number;
  task: Task;
}

/** Ids of optimistic tasks that the server hasn't created yet. */
export const TEMP_PREFIX = "tmp-";
export const isTempTask = (task: Pick<Task, "id">) => task.id.startsWith(TEMP_PREFIX);

export function findTask(page: TaskPage | undefined, taskId: string): TaskPosition | null {
  if (!page) return null;
  const index = page.tasks.findIndex((t) => t.id === taskId);
  const task = page.tasks[index];
  return task ? { index, task } : null;
}

/** Replace a loaded task with `next(task)`; `next` returning the same task is a no-op. */
export function updateTask(
  page: TaskPage | undefined,
  taskId: string,
  next: (task: Task) => Task,
): TaskPage | undefined {
  const found = findTask(page, taskId);
  if (!page || !found) return page;
  const updated = next(found.task);
  if (updated === found.task) return page;
  const tasks = page.tasks.slice();
  tasks[found.index] = updated;
  return { ...page, tasks };
}

export function removeTask(page: TaskPage | undefined, taskId: string): TaskPage | undefined {
  if (!page || !findTask(page, taskId)) return page;
  return { ...page, tasks: page.tasks.filter((t) => t.id !== taskId), total: Math.max(0, page.total - 1) };
}

/** Insert a task at `index` (default: top) unless it is loaded; the page keeps its size. */
export function insertTask(page: TaskPage | undefined, task: Task, index = 0): TaskPage | undefined {
  if (!page || findTask(page, task.id)) return page;
  const tasks = page.tasks.slice();
  tasks.splice(Math.min(index, tasks.length), 0, task);
  const trimmed = tasks.length > page.perPage;
  return {
    ...page,
    tasks: trimmed ? tasks.slice(0, page.perPage) : tasks,
    total: page.total + 1,
    hasMore: page.hasMore || trimmed,
  };
}

/** Index of a task in a page sorted newest first (by sequence number). */
export function newestFirstIndex(page: TaskPage, task: Task): number {
  const index = page.tasks.findIndex((t) => t.sequenceNumber < task.sequenceNumber);
  return index < 0 ? page.tasks.length : index;
}

/** Swap an optimistic task for the created one (or just insert it if the echo came first). */
export function replaceTemp(page: TaskPage | undefined, tempId: string, task: Task): TaskPage | undefined {
  if (findTask(page, task.id)) return removeTask(page, tempId);
  return updateTask(page, tempId, () => task);
}

/** An optimistic task with this title, if any (to match the echo of a create that is in flight). */
export function findTempByTitle(page: TaskPage | undefined, title: unknown): Task | null {
  return page?.tasks.find((t) => isTempTask(t) && t.data.title === title) ?? null;
}

/** The task with one data field set (null/undefined removes it). */
export function withField(task: Task, field: string, value: unknown): Task {
  const current = task.data[field];
  if (current === value || (value == null && !(field in task.data))) return task;
  const data = { ...task.data };
  if (value == null) delete data[field];
  else data[field] = value;
  return { ...task, data };
}

/** Newer version wins; equal or older copies (echoes, out-of-order events) are ignored. */
export function isNewer(incoming: Task, held: Task | undefined | null): boolean {
  return !held || incoming.version > held.version;
}
