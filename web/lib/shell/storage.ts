"use client";

/**
 * Small per-browser memories (a post draft, the last workspace, the feed's scroll position).
 * Storage can be full, disabled or blocked (private windows): every access degrades to "nothing
 * remembered" instead of throwing.
 */

export function readStored(storage: "local" | "session", key: string): string | null {
  try {
    return (storage === "local" ? window.localStorage : window.sessionStorage).getItem(key);
  } catch {
    return null;
  }
}

export function writeStored(storage: "local" | "session", key: string, value: string | null): void {
  try {
    const s = storage === "local" ? window.localStorage : window.sessionStorage;
    if (value === null) s.removeItem(key);
    else s.setItem(key, value);
  } catch {
    // not remembered; nothing else depends on it
  }
}

export const storageKeys = {
  postDraft: (userId: string) => `huddle:post-draft:${userId}`,
  lastWorkspace: (userId: string) => `huddle:last-workspace:${userId}`,
  feedScroll: "huddle:feed-scroll",
};
