"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

import { backendFetch, useSSE, useSSEStatus, type ApiError } from "@/lib/BackendContext";
import { applyLive } from "@/lib/liveAfterFetch";
import type { PresenceResponse, User } from "@/lib/types";

/** SSE topic of this domain. */
export const PRESENCE_TOPIC = "presence";

/** Query keys of the presence domain. */
export const presenceKeys = {
  all: ["presence"] as const,
  list: () => [...presenceKeys.all, "list"] as const,
};

export function fetchPresence(): Promise<User[]> {
  return backendFetch<PresenceResponse>("/api/presence").then((r) => r.users);
}

/** Pure cache updates, exported for reuse/tests. */
export function addOnlineUser(list: User[] | undefined, user: User): User[] | undefined {
  if (!list) return list; // not loaded yet: the fetch will include them
  const i = list.findIndex((u) => u.id === user.id);
  if (i === -1) return [...list, user];
  const next = list.slice();
  next[i] = user; // refresh profile fields (name/colour) without duplicating
  return next;
}

export function removeOnlineUser(list: User[] | undefined, user: User): User[] | undefined {
  if (!list) return list;
  return list.some((u) => u.id === user.id) ? list.filter((u) => u.id !== user.id) : list;
}

/** Users online now, kept live from the `presence` topic. */
export function usePresence(options: { enabled?: boolean } = {}) {
  const qc = useQueryClient();
  const enabled = options.enabled ?? true;
  const query = useQuery<User[], ApiError>({
    queryKey: presenceKeys.list(),
    queryFn: fetchPresence,
    enabled,
  });

  useSSE(
    enabled ? [PRESENCE_TOPIC] : [],
    {
      user_online: ({ user }) =>
        applyLive(qc, presenceKeys.list(), () =>
          qc.setQueryData<User[]>(presenceKeys.list(), (old) => addOnlineUser(old, user)),
        ),
      user_offline: ({ user }) =>
        applyLive(qc, presenceKeys.list(), () =>
          qc.setQueryData<User[]>(presenceKeys.list(), (old) => removeOnlineUser(old, user)),
        ),
    },
    { resyncKeys: [presenceKeys.all] },
  );

  // Back after a lost connection: presence also ends by expiry (a dead process's users), which the
  // replayed events may not cover, so fetch the list again rather than trust the one from before.
  const status = useSSEStatus();
  const lostConnection = useRef(false);
  useEffect(() => {
    if (status === "reconnecting") lostConnection.current = true;
    if (status === "open" && lostConnection.current) {
      lostConnection.current = false;
      if (enabled) void qc.invalidateQueries({ queryKey: presenceKeys.all });
    }
  }, [enabled, status, qc]);

  return query;
}
