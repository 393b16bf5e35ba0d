"use client";

/** Placeholder rows while the first page of tasks loads. */
export function TableSkeleton({ columns, rows = 8 }: { columns: number; rows?: number }) {
  return (
    <>
      {Array.from({ length: rows }, (_, r) => (
        <tr key={r} className="tt-row tt-skeleton-row" aria-hidden="true">
          {Array.from({ length: columns }, (_, c) => (
            <td key={c} className="tt-cell">
              <span
                className="skeleton skeleton-line"
                style={{ width: c === 1 ? `${70 - ((r * 13) % 35)}%` : c === 0 ? 44 : "60%" }}
              />
            </td>
          ))}
        </tr>
      ))}
    </>
  );
}
