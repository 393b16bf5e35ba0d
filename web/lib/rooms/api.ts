/** HTTP calls of the code-rooms domain (see hooks.ts for the cached versions). */

import { API_BASE, backendFetch } from "@/lib/BackendContext";
import type { RoomTransport } from "@/lib/rooms/provider";
import type { Room, RoomCreated, RoomDocument, RoomJoin, RoomLanguage } from "@/lib/types";

/** Room ids: 24 hex characters (rooms made here), or 6 (seed 003's `POST /rooms`). */
export const ROOM_ID_RE = /^(?:[0-9a-f]{24}|[0-9a-f]{6})$/i;

const room = (id: string) => `/api/rooms/${encodeURIComponent(id)}`;

/** A room with a 96-bit id (`POST /api/rooms`): only people given its link can find it. */
export const createRoom = (language?: RoomLanguage) =>
  backendFetch<RoomCreated>("/api/rooms", { method: "POST", json: language ? { language } : {} });

export const joinRoom = (id: string) => backendFetch<RoomJoin>(`${room(id)}/join`, { method: "POST", json: {} });

export const fetchRoom = (id: string, signal?: AbortSignal) => backendFetch<Room>(room(id), { signal });

export const patchRoom = (id: string, patch: { language: RoomLanguage }) =>
  backendFetch<Room>(room(id), { method: "PATCH", json: patch });

export const fetchDocument = (id: string, signal?: AbortSignal) =>
  backendFetch<RoomDocument>(`${room(id)}/document`, { signal });

/** Clear the document for everyone (a new epoch: every client drops its copy and reloads). */
export const resetRoom = (id: string) => backendFetch<{ epoch: string }>(`${room(id)}/reset`, { method: "POST", json: {} });

export const fetchAwareness = (id: string) => backendFetch<{ updates: string[] }>(`${room(id)}/awareness`);

/** The provider's transport: `backendFetch` (throws ApiError) + `sendBeacon`. */
export const roomTransport: RoomTransport = {
  send: async (path, body) => {
    await backendFetch<unknown>(path, { method: "POST", json: body });
  },
  beacon: (path, body) => {
    const url = `${API_BASE}${path}`;
    const blob = new Blob([JSON.stringify(body)], { type: "application/json" });
    if (typeof navigator !== "undefined" && navigator.sendBeacon?.(url, blob)) return;
    void fetch(url, { method: "POST", body: blob, keepalive: true, credentials: "include" }).catch(() => undefined);
  },
};

/** Room id from a bare id, a /code/{id} path or a full join link; null if none. */
export function parseRoomInput(input: string): string | null {
  const value = input.trim();
  if (ROOM_ID_RE.test(value)) return value.toLowerCase();
  const match = /\/(?:code|rooms?)\/([0-9a-f]{24}|[0-9a-f]{6})(?:[/?#]|$)/i.exec(value);
  return match?.[1] ? match[1].toLowerCase() : null;
}
