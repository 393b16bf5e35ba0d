"use client";

import { useSyncExternalStore } from "react";

/** A clock shared by every timestamp on the page, ticking every 30 s. */
const TICK_MS = 30_000;
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;
const listeners = new Set<() => void>();

function subscribe(cb: () => void): () => void {
  listeners.add(cb);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((l) => l());
    }, TICK_MS);
  }
  return () => {
    listeners.delete(cb);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** Current time in ms, refreshed every 30 s. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now, () => now);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Compact age: "just now", "5m", "2h", "3d", then "Mar 5" (or "Mar 5, 2024"). */
export function formatAge(iso: string, at: number): string {
  const then = Date.parse(iso);
  const diff = Math.max(0, at - then);
  if (diff < MINUTE) return "just now";
  if (diff < HOUR) return `${Math.floor(diff / MINUTE)}m`;
  if (diff < DAY) return `${Math.floor(diff / HOUR)}h`;
  if (diff < 7 * DAY) return `${Math.floor(diff / DAY)}d`;
  const date = new Date(then);
  const sameYear = date.getFullYear() === new Date(at).getFullYear();
  return date.toLocaleDateString(undefined, { month: "short", day: "numeric", year: sameYear ? undefined : "numeric" });
}

/** Time left: "less than a minute", "45m", "2h", "3d". */
export function formatRemaining(iso: string, at: number): string {
  const diff = Date.parse(iso) - at;
  if (diff < MINUTE) return "less than a minute";
  if (diff < HOUR) return `${Math.ceil(diff / MINUTE)}m`;
  if (diff < DAY) return `${Math.round(diff / HOUR)}h`;
  return `${Math.round(diff / DAY)}d`;
}

/** Full local date and time for tooltips. */
export function formatFull(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "full", timeStyle: "short" });
}
