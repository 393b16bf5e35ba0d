"use client";

import type { ReactNode } from "react";

import { useFieldSaving } from "@/lib/tasks/pending";

/** A table cell for one field of a task: dims and shows a small spinner while that field saves. */
export function Cell({
  taskId,
  field,
  testId,
  className = "",
  children,
}: {
  taskId: string;
  field: string;
  testId?: string;
  className?: string;
  children: ReactNode;
}) {
  const saving = useFieldSaving(taskId, field);
  return (
    <td className={`tt-cell ${className}${saving ? " tt-saving" : ""}`} data-testid={testId} aria-busy={saving || undefined}>
      {children}
      {saving ? <span className="tt-saving-spinner" aria-label="Saving" role="status" /> : null}
    </td>
  );
}
