"use client";

import type { ReactNode } from "react";

import { useEditorOpening } from "@/lib/tasks/editBase";
import { useFieldSaving } from "@/lib/tasks/pending";

/**
 * A table cell for one field of a task: dims and shows a small spinner while that field saves.
 * Opening its editor notes the task version shown (the base of the edit, see editBase).
 */
export function Cell({
  taskId,
  field,
  version,
  testId,
  className = "",
  children,
}: {
  taskId: string;
  field: string;
  /** The task version the cell shows. */
  version: number;
  testId?: string;
  className?: string;
  children: ReactNode;
}) {
  const saving = useFieldSaving(taskId, field);
  const opening = useEditorOpening(taskId, field, version);
  return (
    <td
      className={`tt-cell ${className}${saving ? " tt-saving" : ""}`}
      data-testid={testId}
      aria-busy={saving || undefined}
      {...opening}
    >
      {children}
      {saving ? <span className="tt-saving-spinner" aria-label="Saving" role="status" /> : null}
    </td>
  );
}
