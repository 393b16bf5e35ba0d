"use client";

/**
 * Which polls are on screen (module-level: one feed per tab), so the feed follows the polls the
 * user looks at rather than only the newest ones: a stream may follow at most 50 topics.
 */
import { useCallback, useSyncExternalStore } from "react";

const SETTLE_MS = 300; // scrolling changes the set many times a second; follow where it rests

const inView = new Set<string>();
const elements = new Map<Element, string>();
const listeners = new Set<() => void>();
let snapshot: readonly string[] = [];
let settleTimer: ReturnType<typeof setTimeout> | null = null;
let observer: IntersectionObserver | null = null;

function publish(): void {
  settleTimer = null;
  const next = [...inView].sort();
  if (next.join(",") === snapshot.join(",")) return;
  snapshot = next;
  listeners.forEach((l) => l());
}

function getObserver(): IntersectionObserver {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const id = elements.get(entry.target);
        if (id === undefined) continue;
        if (entry.isIntersecting) inView.add(id);
        else inView.delete(id);
      }
      if (settleTimer !== null) clearTimeout(settleTimer);
      settleTimer = setTimeout(publish, SETTLE_MS);
    },
    { rootMargin: "200px 0px" }, // just above or below the screen counts: it is about to show
  );
  return observer;
}

/** A ref callback for a poll's element: reports whether it is on screen. */
export function usePollInViewRef(pollId: string): (element: Element | null) => void {
  return useCallback(
    (element: Element | null) => {
      for (const [el, id] of elements) {
        if (id === pollId && el !== element) {
          getObserver().unobserve(el);
          elements.delete(el);
          inView.delete(id);
        }
      }
      if (element && !elements.has(element)) {
        elements.set(element, pollId);
        getObserver().observe(element);
      }
    },
    [pollId],
  );
}

/** Ids of the polls on (or just off) screen, sorted; changes once scrolling settles. */
export function usePollsInView(): readonly string[] {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => snapshot,
    () => snapshot,
  );
}

/**
 * The polls to follow: `previous` while it still covers every poll in view (so scrolling within
 * it does not reopen the stream), else a window of `max` polls around those in view, in feed
 * order. `pollIds` is the feed's polls, newest first.
 */
export function pollsToFollow(
  pollIds: readonly string[],
  visible: readonly string[],
  previous: readonly string[],
  max: number,
): readonly string[] {
  const all = new Set(pollIds);
  const kept = new Set(previous);
  const stillValid =
    previous.length === Math.min(max, pollIds.length) &&
    previous.every((id) => all.has(id)) &&
    visible.every((id) => kept.has(id) || !all.has(id));
  if (stillValid) return previous;
  const positions = visible.map((id) => pollIds.indexOf(id)).filter((i) => i >= 0);
  if (positions.length === 0) return pollIds.slice(0, max);
  const first = Math.min(...positions);
  const last = Math.max(...positions);
  const start = Math.max(0, Math.min(first - Math.floor((max - (last - first + 1)) / 2), pollIds.length - max));
  return pollIds.slice(start, start + max);
}
