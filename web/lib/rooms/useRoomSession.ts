"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";

import { toast, useSSE, type ApiError } from "@/lib/BackendContext";
import { applyLive } from "@/lib/liveAfterFetch";
import { fetchAwareness, joinRoom, roomTransport } from "@/lib/rooms/api";
import {
  addParticipant,
  removeParticipant,
  roomKeys,
  roomTopics,
  setRoom,
  useJoinRoom,
  useRoom,
  useRoomDocument,
} from "@/lib/rooms/hooks";
import { HuddleRoomProvider, type ProviderState, type RoomUser } from "@/lib/rooms/provider";
import type { Participant, Room } from "@/lib/types";

export interface RoomSession {
  room: Room | undefined;
  me: Participant | undefined;
  provider: HuddleRoomProvider | null;
  /** Sync state of the provider (null before joining). */
  sync: ProviderState | null;
  /** Joining or loading the document for the first time. */
  loading: boolean;
  /** Unknown or expired room (404). */
  notFound: boolean;
  /** Any other error that stops us from showing the room. */
  error: ApiError | null;
  retry: () => void;
}

const HEX6 = /^#[0-9a-f]{6}$/i;

export function roomUser(me: Participant): RoomUser {
  const color = HEX6.test(me.color) ? me.color : "#5b5bd6";
  return { id: me.id, name: me.name, color, colorLight: `${color}33` };
}

function loadAwareness(provider: HuddleRoomProvider): void {
  fetchAwareness(provider.roomId)
    .then((r) => r.updates.forEach((u) => provider.applyRemoteAwareness(u)))
    .catch(() => undefined); // live events fill it in anyway
}

const noSubscribe = () => () => undefined;

/**
 * Join a room and keep its Yjs document, awareness and participant list live: creates the
 * HuddleRoomProvider, subscribes to the room's SSE topics, then loads the document.
 */
export function useRoomSession(roomId: string | null): RoomSession {
  const qc = useQueryClient();
  const join = useJoinRoom(roomId);
  const joined = join.data;
  const [provider, setProvider] = useState<HuddleRoomProvider | null>(null);

  useEffect(() => {
    if (!roomId || !joined) return;
    const p = new HuddleRoomProvider(roomId, roomTransport, { epoch: joined.room.epoch, user: roomUser(joined.me) });
    const off = p.on((ev) => {
      if (ev.type === "needDocument") void qc.invalidateQueries({ queryKey: roomKeys.document(roomId) });
      else if (ev.type === "doc") loadAwareness(p); // new Awareness after a reset
      else if (ev.type === "error") {
        toast.error(ev.status === 413 ? "That change is too large to sync" : "The server rejected a change", {
          description: `${ev.message.replace(/[.!]?$/, ".")} Your last change was undone: the editor shows the saved document.`,
        });
      }
    });
    const onPageHide = () => p.leave();
    const onPageShow = (e: PageTransitionEvent) => {
      if (e.persisted) joinRoom(roomId).then(() => p.kick(), () => undefined); // back from bfcache
    };
    const onOnline = () => p.kick();
    window.addEventListener("pagehide", onPageHide);
    window.addEventListener("pageshow", onPageShow);
    window.addEventListener("online", onOnline);
    setProvider(p);
    loadAwareness(p);
    return () => {
      window.removeEventListener("pagehide", onPageHide);
      window.removeEventListener("pageshow", onPageShow);
      window.removeEventListener("online", onOnline);
      off();
      p.leave();
      p.destroy();
      setProvider(null);
    };
  }, [roomId, joined, qc]);

  const id = roomId ?? "";
  const roomQuery = useRoom(roomId, { enabled: !!joined });

  // Subscribe first; the document query starts in the same commit and `ready` refetches it.
  useSSE(
    provider ? roomTopics(id) : [],
    {
      ready: () => {
        if (!provider) return;
        provider.kick();
        loadAwareness(provider);
      },
      doc_update: (ev) => provider?.applyRemoteUpdate(ev),
      room_reset: (ev) => provider?.reset(ev.epoch),
      // Participant and room changes are applied again if a fetch of the room was in flight.
      room_updated: ({ room }) => applyLive(qc, roomKeys.room(id), () => setRoom(qc, id, (old) => ({ ...old, ...room }))),
      awareness: (ev) => provider?.applyRemoteAwareness(ev.update, ev.client_id),
      user_joined: ({ participant }) => applyLive(qc, roomKeys.room(id), () => addParticipant(qc, id, participant)),
      user_left: ({ participant }) => {
        if (participant.id !== joined?.me.id) {
          applyLive(qc, roomKeys.room(id), () => removeParticipant(qc, id, participant.id));
        }
        provider?.removeParticipant(participant.id);
      },
    },
    { resyncKeys: [roomKeys.document(id), roomKeys.room(id)] },
  );

  const doc = useRoomDocument(id, !!provider);
  useEffect(() => {
    if (provider && doc.data) provider.applyDocument(doc.data);
  }, [provider, doc.data, doc.dataUpdatedAt]);

  const subscribe = useCallback(
    (cb: () => void) => (provider ? provider.on((ev) => (ev.type === "state" || ev.type === "doc") && cb()) : noSubscribe()),
    [provider],
  );
  const sync = useSyncExternalStore(
    subscribe,
    () => provider?.getState() ?? null,
    () => null,
  );

  // 422: not a room id at all (a mistyped link); the view says so in words.
  const notFound = join.error?.status === 404 || join.error?.status === 422 || doc.error?.status === 404 || !!sync?.gone;
  const error = notFound ? null : (join.error ?? (sync?.loaded ? null : doc.error) ?? null);
  const retry = () => {
    if (join.error) void join.refetch();
    else void doc.refetch();
  };

  return {
    room: roomQuery.data ?? joined?.room,
    me: joined?.me,
    provider,
    sync,
    loading: !notFound && !error && !sync?.loaded,
    notFound,
    error,
    retry,
  };
}
