/** HTTP calls of the tasks domain (workspaces, members, fields, tasks, activity). */
import { backendFetch } from "@/lib/BackendContext";
import type { TaskListParams } from "@/lib/tasks/params";
import type {
  ActivityEntry,
  CustomFieldCreate,
  CustomFieldRename,
  FieldDefinition,
  Invite,
  Member,
  Task,
  TaskPage,
  Workspace,
  WorkspaceCreate,
} from "@/lib/types";

const enc = encodeURIComponent;

export const fetchWorkspaces = (signal?: AbortSignal) =>
  backendFetch<{ workspaces: Workspace[] }>("/api/workspaces", { signal }).then((r) => r.workspaces);

export const fetchWorkspace = (id: string, signal?: AbortSignal) =>
  backendFetch<Workspace>(`/api/workspaces/${enc(id)}`, { signal });

export const createWorkspace = (body: WorkspaceCreate) =>
  backendFetch<Workspace>("/api/workspaces", { method: "POST", json: body });

export const joinWorkspace = (code: string) =>
  backendFetch<Workspace>("/api/workspaces/join", { method: "POST", json: { code } });

export const fetchInvite = (id: string, signal?: AbortSignal) =>
  backendFetch<Invite>(`/api/workspaces/${enc(id)}/invite`, { signal });

export const rotateInvite = (id: string) =>
  backendFetch<Invite>(`/api/workspaces/${enc(id)}/invite`, { method: "POST" });

export const fetchMembers = (id: string, signal?: AbortSignal) =>
  backendFetch<{ members: Member[] }>(`/api/workspaces/${enc(id)}/members`, { signal }).then((r) => r.members);

export const fetchFields = (id: string, signal?: AbortSignal) =>
  backendFetch<{ fields: FieldDefinition[] }>(`/api/workspaces/${enc(id)}/fields`, { signal }).then((r) => r.fields);

export const addField = (id: string, body: CustomFieldCreate) =>
  backendFetch<FieldDefinition>(`/api/workspaces/${enc(id)}/fields`, { method: "POST", json: body });

export const renameField = (id: string, fieldId: string, body: CustomFieldRename) =>
  backendFetch<FieldDefinition>(`/api/workspaces/${enc(id)}/fields/${enc(fieldId)}`, { method: "PATCH", json: body });

export const deleteField = (id: string, fieldId: string) =>
  backendFetch<void>(`/api/workspaces/${enc(id)}/fields/${enc(fieldId)}`, { method: "DELETE" });

/** Query string of a task list request (sorting, filtering and search happen on the server). */
export function listQuery(workspaceId: string, p: TaskListParams): string {
  const qs = new URLSearchParams({
    workspaceId,
    page: String(p.page),
    perPage: String(p.perPage),
    sort: p.sort,
  });
  if (p.status.length) qs.set("status", p.status.join(","));
  if (p.priority.length) qs.set("priority", p.priority.join(","));
  if (p.assignee.length) qs.set("assignee", p.assignee.join(","));
  if (p.q.trim()) qs.set("q", p.q.trim());
  return qs.toString();
}

export const fetchTasks = (workspaceId: string, params: TaskListParams, signal?: AbortSignal) =>
  backendFetch<TaskPage>(`/api/tasks?${listQuery(workspaceId, params)}`, { signal });

export const fetchTask = (taskId: string, signal?: AbortSignal) =>
  backendFetch<Task>(`/api/tasks/${enc(taskId)}`, { signal });

export const createTask = (workspaceId: string, data: Record<string, unknown>) =>
  backendFetch<Task>("/api/tasks", { method: "POST", json: { workspaceId, data } });

export const patchTask = (taskId: string, patch: Record<string, unknown>, expectedVersion: number) =>
  backendFetch<Task>(`/api/tasks/${enc(taskId)}`, { method: "PATCH", json: { patch, expectedVersion } });

export const deleteTask = (taskId: string) => backendFetch<Task>(`/api/tasks/${enc(taskId)}`, { method: "DELETE" });

export const restoreTask = (taskId: string) =>
  backendFetch<Task>(`/api/tasks/${enc(taskId)}/restore`, { method: "POST" });

export const fetchActivity = (taskId: string, signal?: AbortSignal) =>
  backendFetch<{ entries: ActivityEntry[] }>(`/api/tasks/${enc(taskId)}/activity`, { signal }).then((r) => r.entries);
