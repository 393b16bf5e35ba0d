"use client";

/** Placeholder cards while the first page loads. */
export function FeedSkeleton({ count = 3 }: { count?: number }) {
  return (
    <div className="feed-list" aria-busy="true" aria-label="Loading the feed" data-testid="feed-loading">
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="feed-card feed-skeleton">
          <div className="feed-card-header">
            <span className="skeleton skeleton-circle" style={{ width: 32, height: 32 }} />
            <div className="feed-card-meta">
              <span className="skeleton skeleton-line" style={{ width: 120 }} />
              <span className="skeleton skeleton-line" style={{ width: 48, marginTop: 6 }} />
            </div>
          </div>
          <span className="skeleton skeleton-line" style={{ width: "92%" }} />
          <span className="skeleton skeleton-line" style={{ width: `${60 - i * 12}%` }} />
        </div>
      ))}
    </div>
  );
}
