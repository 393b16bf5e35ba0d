/** Types and small helpers of HuddleRoomProvider: transport, events, error/awareness parsing. */

import * as Y from "yjs";

/** Sends JSON requests; rejects with `{status, body, detail}` (status 0 = network failure). */
export interface RoomTransport {
  send(path: string, body: unknown): Promise<void>;
  /** Fire-and-forget that survives page unload (navigator.sendBeacon). */
  beacon(path: string, body: unknown): void;
}

/** Local awareness `user` field (y-codemirror.next reads name/color/colorLight). */
export interface RoomUser {
  id: string;
  name: string;
  color: string;
  colorLight: string;
}

export interface RoomSnapshot {
  /** Opaque id of the document generation; it changes when the room is reset. */
  epoch: string;
  /** base64 Yjs update */
  update: string;
}

export type ProviderEvent =
  /** The Y.Doc/Awareness were replaced (reset): rebuild the editor. */
  | { type: "doc" }
  /** Sync state changed (see `getState()`). */
  | { type: "state" }
  /** The document must be (re)loaded: GET /document and `applyDocument` it. */
  | { type: "needDocument" }
  /** An update the server will never accept (400/413/422). */
  | { type: "error"; status: number; message: string };

export type ProviderListener = (event: ProviderEvent) => void;

export interface ProviderState {
  /** A document snapshot has been applied to the current doc. */
  loaded: boolean;
  /** The room no longer exists (404). */
  gone: boolean;
  /** Local updates not yet acknowledged. */
  pending: number;
  /** The last send failed; retrying with backoff. */
  failing: boolean;
  /** Increments whenever the doc is replaced. */
  generation: number;
}

export class ProviderEvents {
  private readonly listeners = new Set<ProviderListener>();
  private last: ProviderState | null = null;

  on(listener: ProviderListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ProviderEvent): void {
    [...this.listeners].forEach((l) => l(event));
  }

  clear(): void {
    this.listeners.clear();
  }

  /** Returns the previous object when nothing changed (for useSyncExternalStore). */
  snapshot(next: ProviderState): ProviderState {
    const last = this.last;
    if (last && (Object.keys(next) as (keyof ProviderState)[]).every((k) => last[k] === next[k])) return last;
    this.last = next;
    return next;
  }
}

export function statusOf(err: unknown): number {
  const status = err && typeof err === "object" ? (err as { status?: unknown }).status : undefined;
  return typeof status === "number" ? status : 0;
}

export function epochOf(err: unknown): string | null {
  const body = err && typeof err === "object" ? (err as { body?: unknown }).body : undefined;
  const epoch = body && typeof body === "object" ? (body as { epoch?: unknown }).epoch : undefined;
  return typeof epoch === "string" ? epoch : null;
}

export function errorDetail(err: unknown): string {
  const detail = err && typeof err === "object" ? (err as { detail?: unknown }).detail : undefined;
  return typeof detail === "string" ? detail : "The server rejected the change.";
}

/** `state.user.id` of an awareness state, if it is a string. */
export function userIdOf(state: { [key: string]: unknown }): string | null {
  const user = state.user;
  if (!user || typeof user !== "object") return null;
  const id = (user as { id?: unknown }).id;
  return typeof id === "string" ? id : null;
}

/** Index in `doc` of a Yjs relative position (object or its JSON form). */
export function absoluteIndex(rel: unknown, doc: Y.Doc): number | null {
  if (!rel || typeof rel !== "object") return null;
  try {
    const pos = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(rel), doc);
    return pos ? pos.index : null;
  } catch {
    return null;
  }
}
