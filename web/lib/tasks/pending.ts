/**
 * This tab's in-flight task edits, per task and field (module-level: one QueryClient per tab).
 *
 * The cache shows the newest server task known with the pending field values on top, so a live
 * `task_updated` for another field never undoes an edit that is still saving. When an edit fails,
 * only its field falls back to the server value. Requests of one task are sent one after another.
 */
import { useSyncExternalStore } from "react";

import type { Task } from "@/lib/types";

interface PendingField {
  value: unknown;
  /** Token of the newest edit of this field (older answers don't clear it). */
  token: number;
}

const pending = new Map<string, Map<string, PendingField>>();
/** Newest server state per task (to roll a single field back). */
const server = new Map<string, Task>();
/** Version at which this tab last wrote a field (so back-to-back edits don't conflict with themselves). */
const ownWrites = new Map<string, Map<string, number>>();
const chains = new Map<string, Promise<unknown>>();
const listeners = new Set<() => void>();
let nextToken = 1;
let revision = 0;

function emit(): void {
  revision += 1;
  listeners.forEach((l) => l());
}

/** Remember a task as the server sent it (older versions are ignored). Returns the newest known. */
export function noteServerTask(task: Task): Task {
  const known = server.get(task.id);
  if (known && known.version > task.version) return known;
  server.set(task.id, task);
  return task;
}

export function serverTask(taskId: string): Task | undefined {
  return server.get(taskId);
}

export function forgetTask(taskId: string): void {
  server.delete(taskId);
  ownWrites.delete(taskId);
}

/** `task` with this tab's pending field values on top. */
export function withPending(task: Task): Task {
  const fields = pending.get(task.id);
  if (!fields || fields.size === 0) return task;
  const data = { ...task.data };
  fields.forEach((p, field) => {
    if (p.value === null) delete data[field];
    else data[field] = p.value;
  });
  return { ...task, data };
}

/** The task to show for a server copy: the newest server state known plus pending edits. */
export function shownTask(task: Task): Task {
  return withPending(noteServerTask(task));
}

/** Start an edit of one field; returns its token. */
export function beginEdit(taskId: string, field: string, value: unknown): number {
  const token = nextToken++;
  let fields = pending.get(taskId);
  if (!fields) pending.set(taskId, (fields = new Map()));
  fields.set(field, { value, token });
  emit();
  return token;
}

/** The edit `token` finished (either way). Returns false if a newer edit of the field is pending. */
export function endEdit(taskId: string, field: string, token: number): boolean {
  const fields = pending.get(taskId);
  const entry = fields?.get(field);
  if (!fields || !entry || entry.token !== token) return false;
  fields.delete(field);
  if (fields.size === 0) pending.delete(taskId);
  emit();
  return true;
}

export function isPending(taskId: string, field: string): boolean {
  return pending.get(taskId)?.has(field) ?? false;
}

export function noteOwnWrite(taskId: string, field: string, version: number): void {
  let fields = ownWrites.get(taskId);
  if (!fields) ownWrites.set(taskId, (fields = new Map()));
  fields.set(field, Math.max(version, fields.get(field) ?? 0));
}

/**
 * `expectedVersion` for a write of `field`: the version the user was looking at, or the version of
 * this tab's own last write of that field if newer (the user saw their own value).
 */
export function expectedVersion(taskId: string, field: string, seenVersion: number): number {
  return Math.max(seenVersion, ownWrites.get(taskId)?.get(field) ?? 0);
}

/** Run `send` after the task's earlier requests have finished. */
export function enqueue<T>(taskId: string, send: () => Promise<T>): Promise<T> {
  const previous = chains.get(taskId) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(send);
  chains.set(taskId, next);
  next
    .catch(() => undefined)
    .finally(() => {
      if (chains.get(taskId) === next) chains.delete(taskId);
    });
  return next;
}

function subscribe(cb: () => void): () => void {
  listeners.add(cb);
  return () => {
    listeners.delete(cb);
  };
}

/** Whether an edit of `field` of `taskId` is saving (re-renders when that changes). */
export function useFieldSaving(taskId: string, field: string): boolean {
  return useSyncExternalStore(
    subscribe,
    () => isPending(taskId, field),
    () => false,
  );
}

/** Changes whenever any pending edit starts or ends. */
export function usePendingRevision(): number {
  return useSyncExternalStore(
    subscribe,
    () => revision,
    () => 0,
  );
}
