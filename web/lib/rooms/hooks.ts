"use client";

import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";

import { isApiError, toast, type ApiError } from "@/lib/BackendContext";
import * as api from "@/lib/rooms/api";
import { rememberRoom } from "@/lib/rooms/recent";
import type { Participant, Room, RoomCreated, RoomDocument, RoomJoin, RoomLanguage } from "@/lib/types";

/** Query keys of the code-rooms domain. */
export const roomKeys = {
  all: ["rooms"] as const,
  join: (id: string) => [...roomKeys.all, "join", id] as const,
  room: (id: string) => [...roomKeys.all, "room", id] as const,
  document: (id: string) => [...roomKeys.all, "document", id] as const,
  mutation: (name: string) => [...roomKeys.all, "mutation", name] as const,
};

/** SSE topics of a room: document/awareness/room events, and join/leave. */
export const roomTopics = (id: string) => [`room:${id}`, `room_presence:${id}`];

/** Retry only network failures and 5xx (a 404 means unknown or expired room). */
function retryTransient(failureCount: number, err: unknown): boolean {
  if (isApiError(err) && err.status >= 400 && err.status < 500) return false;
  return failureCount < 3;
}

// ---------------------------------------------------------------------------
// Cache access
// ---------------------------------------------------------------------------

export function setRoom(qc: QueryClient, id: string, update: (room: Room) => Room): void {
  qc.setQueryData<Room>(roomKeys.room(id), (room) => (room ? update(room) : room));
}

export function addParticipant(qc: QueryClient, id: string, p: Participant): void {
  setRoom(qc, id, (room) => ({
    ...room,
    participants: [...room.participants.filter((x) => x.id !== p.id), p],
  }));
}

export function removeParticipant(qc: QueryClient, id: string, participantId: string): void {
  setRoom(qc, id, (room) => ({ ...room, participants: room.participants.filter((x) => x.id !== participantId) }));
}

// ---------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------

/**
 * Join the room (POST /join; for guests the server sets a guest cookie) once per mount:
 * `data.me` is you, and the room is seeded into `useRoom`'s cache.
 */
export function useJoinRoom(id: string | null) {
  const qc = useQueryClient();
  return useQuery<RoomJoin, ApiError>({
    queryKey: roomKeys.join(id ?? ""),
    queryFn: async () => {
      const joined = await api.joinRoom(id ?? "");
      qc.setQueryData(roomKeys.room(id ?? ""), joined.room);
      return joined;
    },
    enabled: !!id,
    staleTime: Infinity,
    gcTime: 0, // a later visit joins again
    refetchOnWindowFocus: false,
    retry: retryTransient,
  });
}

/** The room (language, epoch, participants), kept live by `useRoomSession`. */
export function useRoom(id: string | null, options: { enabled?: boolean; refetchInterval?: number } = {}) {
  return useQuery<Room, ApiError>({
    queryKey: roomKeys.room(id ?? ""),
    queryFn: ({ signal }) => api.fetchRoom(id ?? "", signal),
    enabled: !!id && (options.enabled ?? true),
    refetchInterval: options.refetchInterval,
    retry: retryTransient,
  });
}

/** The whole Yjs document; refetched on SSE `ready`/`resync` and after resets. */
export function useRoomDocument(id: string, enabled: boolean) {
  return useQuery<RoomDocument, ApiError>({
    queryKey: roomKeys.document(id),
    queryFn: ({ signal }) => api.fetchDocument(id, signal),
    enabled,
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    retry: retryTransient,
    retryDelay: (n) => Math.min(1000 * 2 ** n, 10_000),
  });
}

// ---------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------

/** Create a room (POST /rooms) and remember it in this browser's recent rooms. */
export function useCreateRoom() {
  return useMutation<RoomCreated, ApiError, RoomLanguage | undefined>({
    mutationKey: roomKeys.mutation("create"),
    mutationFn: (language) => api.createRoom(language),
    onSuccess: (created) => rememberRoom(created.room_id),
    onError: (err) => toast.error("Couldn't create a room", { description: err.detail }),
  });
}

/** Change the room's language for everyone (optimistic; rolled back with a toast). */
export function useSetLanguage(id: string) {
  const qc = useQueryClient();
  return useMutation<Room, ApiError, RoomLanguage, { previous: RoomLanguage | undefined }>({
    mutationKey: roomKeys.mutation("language"),
    mutationFn: (language) => api.patchRoom(id, { language }),
    onMutate: async (language) => {
      await qc.cancelQueries({ queryKey: roomKeys.room(id) });
      const previous = qc.getQueryData<Room>(roomKeys.room(id))?.language;
      setRoom(qc, id, (room) => ({ ...room, language }));
      return { previous };
    },
    onSuccess: (room) => qc.setQueryData(roomKeys.room(id), room),
    onError: (err, _language, ctx) => {
      const previous = ctx?.previous;
      if (previous) setRoom(qc, id, (room) => ({ ...room, language: previous }));
      toast.error("Couldn't change the language", { description: err.detail });
    },
  });
}
