import type { QueryClient, QueryKey } from "@tanstack/react-query";
import { hashKey } from "@tanstack/react-query";

/**
 * Apply a live event to a cached query now, and once more when a fetch of that query that was
 * already running lands. The fetch read the server before this event, and its result (a refetch,
 * or the next page of an infinite query built on the pages as they were when it started) would
 * otherwise replace the event's effect. `apply` must be idempotent.
 */
export function applyLive(qc: QueryClient, queryKey: QueryKey, apply: () => void): void {
  apply();
  if (qc.isFetching({ queryKey, exact: true }) === 0) return;
  const hash = hashKey(queryKey);
  const unsubscribe = qc.getQueryCache().subscribe((event) => {
    if (event.type !== "updated" || event.query.queryHash !== hash) return;
    const { action } = event;
    if (action.type === "error") unsubscribe();
    if (action.type !== "success" || action.manual) return;
    // Unsubscribe first: `apply` writes the cache, which notifies this listener again.
    unsubscribe();
    apply();
  });
}
