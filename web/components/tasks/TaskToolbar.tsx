"use client";

import { FilterSelect } from "@/components/tasks/FilterSelect";
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
  const sorts = SORTS.some((s) => s.value === params.sort) ? SORTS : [...SORTS, { value: params.sort, label: params.sort }];

  return (
    <div className="tt-toolbar" role="search">
      <SearchBox value={params.q} onSearch={(q) => set({ q }, true)} />
      <FilterSelect
        label="Filter by status"
        testId="filter-status"
        selected={params.status}
        anyLabel="All statuses"
        noun="statuses"
        options={STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] ?? s }))}
        onChange={(status) => set({ status })}
      />
      <FilterSelect
        label="Filter by priority"
        testId="filter-priority"
        selected={params.priority}
        anyLabel="All priorities"
        noun="priorities"
        options={PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] ?? p }))}
        onChange={(priority) => set({ priority })}
      />
      <FilterSelect
        label="Filter by assignee"
        testId="filter-assignee"
        selected={params.assignee}
        anyLabel="Anyone"
        noun="people"
        options={[
          { value: "none", label: "Unassigned" },
          ...members.map((m) => ({ value: m.user.id, label: m.user.display_name || m.user.username })),
        ]}
        onChange={(assignee) => set({ assignee })}
      />
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
