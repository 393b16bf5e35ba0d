"use client";

import { CustomFieldHeader } from "@/components/tasks/CustomFieldHeader";
import type { FieldDefinition } from "@/lib/types";

const COLUMNS: { label: string; sortKey?: string; className: string }[] = [
  { label: "ID", sortKey: "created", className: "tt-id" },
  { label: "Title", sortKey: "title", className: "tt-title" },
  { label: "Status", sortKey: "status", className: "tt-status" },
  { label: "Priority", sortKey: "priority", className: "tt-priority" },
  { label: "Assignee", className: "tt-assignee" },
  { label: "Due", sortKey: "due", className: "tt-due" },
  { label: "Labels", className: "tt-labels" },
];

/** Clicking the active column flips the direction; another column starts ascending (newest first for ID). */
function nextSort(column: string, active: boolean, desc: boolean): string {
  if (active) return desc ? column : `-${column}`;
  return column === "created" ? "-created" : column;
}

/** Column headers; sortable ones toggle ascending/descending on click. */
export function TableHead({
  workspaceId,
  customFields,
  sort,
  onSort,
}: {
  workspaceId: string;
  customFields: readonly FieldDefinition[];
  sort: string;
  onSort: (sort: string) => void;
}) {
  const key = sort.replace(/^-/, "");
  const desc = sort.startsWith("-");
  return (
    <thead>
      <tr>
        {COLUMNS.map((c) => {
          const active = c.sortKey === key;
          return (
            <th
              key={c.label}
              scope="col"
              className={`tt-th ${c.className}`}
              aria-sort={active ? (desc ? "descending" : "ascending") : undefined}
            >
              {c.sortKey ? (
                <button
                  type="button"
                  className={`tt-th-button${active ? " tt-th-active" : ""}`}
                  onClick={() => onSort(nextSort(c.sortKey ?? "", active, desc))}
                >
                  {c.label}
                  <span className="tt-sort-arrow" aria-hidden="true">
                    {active ? (desc ? "↓" : "↑") : ""}
                  </span>
                </button>
              ) : (
                c.label
              )}
            </th>
          );
        })}
        {customFields.map((f) => (
          <th key={f.id} scope="col" className="tt-th tt-custom" data-testid={`column-${f.id}`}>
            <CustomFieldHeader workspaceId={workspaceId} field={f} />
          </th>
        ))}
        <th scope="col" className="tt-th tt-actions">
          <span className="sr-only">Actions</span>
        </th>
      </tr>
    </thead>
  );
}
