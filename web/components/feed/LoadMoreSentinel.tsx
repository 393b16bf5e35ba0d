"use client";

import { useEffect, useRef } from "react";

import { Spinner } from "@/components/Spinner";

/** Bottom of the feed: loads the next page when scrolled near, then marks the end. */
export function LoadMoreSentinel({
  hasMore,
  loading,
  failed,
  onLoadMore,
}: {
  hasMore: boolean;
  loading: boolean;
  failed: boolean;
  onLoadMore: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const load = useRef(onLoadMore);
  useEffect(() => {
    load.current = onLoadMore;
  });

  useEffect(() => {
    const el = ref.current;
    if (!el || !hasMore || loading || failed) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) load.current();
      },
      { rootMargin: "400px 0px" },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasMore, loading, failed]);

  if (!hasMore) {
    return (
      <p className="feed-end" data-testid="feed-end">
        You&apos;re all caught up
      </p>
    );
  }
  return (
    <div ref={ref} className="feed-more" data-testid="feed-more">
      {failed ? (
        <>
          <span>Couldn&apos;t load older posts.</span>
          <button type="button" className="btn btn-secondary btn-sm" onClick={onLoadMore}>
            Retry
          </button>
        </>
      ) : (
        <>
          <Spinner size={14} label="Loading more" />
          <span>Loading more…</span>
        </>
      )}
    </div>
  );
}
