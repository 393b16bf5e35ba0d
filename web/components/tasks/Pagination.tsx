"use client";

/** "1–50 of 1,234" with previous/next page buttons. */
export function Pagination({
  page,
  perPage,
  shown,
  total,
  hasMore,
  busy,
  onPage,
}: {
  page: number;
  perPage: number;
  shown: number;
  total: number;
  hasMore: boolean;
  busy: boolean;
  onPage: (page: number) => void;
}) {
  const from = shown === 0 ? 0 : page * perPage + 1;
  const to = page * perPage + shown;
  return (
    <nav className="tt-pagination" aria-label="Pages">
      {busy ? <span className="spinner tt-page-spinner" aria-label="Loading" role="status" /> : null}
      <span className="tt-page-range" data-testid="page-range" aria-live="polite">
        {from.toLocaleString()}–{to.toLocaleString()} of {total.toLocaleString()}
      </span>
      <button
        type="button"
        className="btn btn-secondary btn-sm"
        data-testid="page-prev"
        disabled={page === 0}
        onClick={() => onPage(page - 1)}
        title="Previous page"
      >
        <span aria-hidden="true">‹</span> Prev
      </button>
      <button
        type="button"
        className="btn btn-secondary btn-sm"
        data-testid="page-next"
        disabled={!hasMore}
        onClick={() => onPage(page + 1)}
        title="Next page"
      >
        Next <span aria-hidden="true">›</span>
      </button>
    </nav>
  );
}
