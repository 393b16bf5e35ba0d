"use client";

import type { Task } from "@/lib/types";

/** Row actions: open the side panel, delete (with undo). Shown subtly, stronger on row hover/focus. */
export function RowActions({
  task,
  onOpen,
  onDelete,
}: {
  task: Task;
  onOpen: (task: Task) => void;
  onDelete: (task: Task) => void;
}) {
  const d = task.displayId;
  return (
    <div className="tt-row-actions" role="group" aria-label={`Actions for ${d}`}>
      <button
        type="button"
        className="tt-icon-button"
        title="Open"
        aria-label={`Open ${d}`}
        data-testid={`open-task-${d}`}
        onClick={() => onOpen(task)}
      >
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <path d="M9 3h4v4M13 3L7.5 8.5M11 9.5V13H3V5h3.5" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
      <button
        type="button"
        className="tt-icon-button tt-icon-danger"
        title="Delete"
        aria-label={`Delete ${d}`}
        data-testid={`delete-task-${d}`}
        onClick={() => onDelete(task)}
      >
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.5h5.8l.6-8.5M7 7v4M9 7v4" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
    </div>
  );
}
