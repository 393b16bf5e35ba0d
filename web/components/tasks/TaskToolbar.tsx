"use client";

import { SearchBox } from "@/components/tasks/SearchBox";
import { PRIORITY_LABELS, STATUS_LABELS } from "@/lib/tasks/format";
import { DEFAULT_SORT, PRIORITIES, STATUSES, hasFilters, type TaskListParams } from "@/lib/tasks/params";
import type { Member } from "@/lib/types";

const SORTS: { value: string; label: string }[] = [
  { value: "-created", label: "Newest first" },
  { value: "created", label: "Oldest first" },
  { value: "-updated", label: "Recently updated" },
  { value: "status", label: "Status" },
  { value: "-priority", label: "Priority (urgent first)" },
  { value: "priority", label: "Priority (low first)" },
  { value: "due", label: "Due date (soonest)" },
  { value: "title", label: "Title A–Z" },
  { value: "-title", label: "Title Z–A" },
];

/** Search, filters and sort of the task table (all kept in the URL by the caller). */
export function TaskToolbar({
  params,
  members,
  onChange,
}: {
  params: TaskListParams;
  members: readonly Member[];
  onChange: (next: TaskListParams, options?: { replace?: boolean }) => void;
}) {
  const set = (patch: Partial<TaskListParams>, replace = false) => onChange({ ...params, ...patch, page: 0 }, { replace });
  const one = (v: string) => (v ? [v] : []);
  const sorts = SORTS.some((s) => s.value === params.sort) ? SORTS : [...SORTS, { value: params.sort, label: params.sort }];

  return (
    <div className="tt-toolbar" role="search">
      <SearchBox value={params.q} onSearch={(q) => set({ q }, true)} />
      <select
        className="tt-filter"
        aria-label="Filter by status"
        data-testid="filter-status"
        value={params.status.join(",")}
        onChange={(e) => set({ status: one(e.target.value) })}
      >
        <option value="">All statuses</option>
        {params.status.length > 1 ? <option value={params.status.join(",")}>{params.status.length} statuses</option> : null}
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {STATUS_LABELS[s]}
          </option>
        ))}
      </select>
      <select
        className="tt-filter"
        aria-label="Filter by priority"
        data-testid="filter-priority"
        value={params.priority.join(",")}
        onChange={(e) => set({ priority: one(e.target.value) })}
      >
        <option value="">All priorities</option>
        {params.priority.length > 1 ? <option value={params.priority.join(",")}>{params.priority.length} priorities</option> : null}
        {PRIORITIES.map((p) => (
          <option key={p} value={p}>
            {PRIORITY_LABELS[p]}
          </option>
        ))}
      </select>
      <select
        className="tt-filter"
        aria-label="Filter by assignee"
        data-testid="filter-assignee"
        value={params.assignee.join(",")}
        onChange={(e) => set({ assignee: one(e.target.value) })}
      >
        <option value="">Anyone</option>
        <option value="none">Unassigned</option>
        {params.assignee.length > 1 ? <option value={params.assignee.join(",")}>{params.assignee.length} people</option> : null}
        {members.map((m) => (
          <option key={m.user.id} value={m.user.id}>
            {m.user.display_name || m.user.username}
          </option>
        ))}
      </select>
      <select
        className="tt-filter"
        aria-label="Sort"
        data-testid="sort-select"
        value={params.sort}
        onChange={(e) => onChange({ ...params, sort: e.target.value || DEFAULT_SORT, page: 0 })}
      >
        {sorts.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </select>
      {hasFilters(params) ? (
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          data-testid="clear-filters"
          onClick={() => set({ q: "", status: [], priority: [], assignee: [] })}
        >
          Clear
        </button>
      ) : null}
    </div>
  );
}
