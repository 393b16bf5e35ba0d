import type { QueryClient, QueryKey } from "@tanstack/react-query";

/**
 * Apply a live event to cached queries now, and once more as each fetch of those queries that was
 * already running lands. The fetch read the server before this event, and its result (a refetch,
 * or the next page of an infinite query built on the pages as they were when it started) would
 * otherwise replace the event's effect. `apply` must be idempotent.
 *
 * `exact: false` covers every query under `queryKey` (for example all filtered pages of a list).
 */
export function applyLive(qc: QueryClient, queryKey: QueryKey, apply: () => void, options: { exact?: boolean } = {}): void {
  apply();
  const cache = qc.getQueryCache();
  const inFlight = cache.findAll({ queryKey, exact: options.exact ?? true, fetchStatus: "fetching" });
  if (inFlight.length === 0) return;
  const waiting = new Set(inFlight.map((query) => query.queryHash));
  const unsubscribe = cache.subscribe((event) => {
    if (!waiting.has(event.query.queryHash)) return;
    if (event.type === "removed") {
      waiting.delete(event.query.queryHash); // gone from the cache: nothing will land on it
      if (waiting.size === 0) unsubscribe();
      return;
    }
    if (event.type !== "updated") return;
    const { action } = event;
    const landed = action.type === "success" && !action.manual;
    // A fetch that failed or was cancelled wrote nothing over the event: stop waiting for it.
    if (!landed && event.query.state.fetchStatus !== "idle") return;
    waiting.delete(event.query.queryHash);
    // Unsubscribe first: `apply` writes the cache, which notifies this listener again.
    if (waiting.size === 0) unsubscribe();
    if (landed) apply();
  });
}
