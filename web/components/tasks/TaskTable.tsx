"use client";

import { useRef } from "react";

import { NewTaskRow } from "@/components/tasks/NewTaskRow";
import { TableHead } from "@/components/tasks/TableHead";
import { TableSkeleton } from "@/components/tasks/TableSkeleton";
import { TaskCard } from "@/components/tasks/TaskCard";
import { TaskRow } from "@/components/tasks/TaskRow";
import type { ApiError } from "@/lib/BackendContext";
import { hasFilters, type TaskListParams } from "@/lib/tasks/params";
import { useGridKeys } from "@/lib/tasks/useGridKeys";
import { usePhoneLayout } from "@/lib/tasks/usePhoneLayout";
import type { FieldDefinition, Member, Task, TaskPage } from "@/lib/types";

/** Fixed columns: ID, Title, Status, Priority, Assignee, Due, Labels (+ custom) + actions. */
const FIXED_COLUMNS = 8;

export function TaskTable({
  workspaceId,
  params,
  page,
  isPending,
  error,
  onRetry,
  members,
  customFields,
  selectedTaskId,
  onOpen,
  onDelete,
  onSort,
  onClearFilters,
}: {
  workspaceId: string;
  params: TaskListParams;
  page: TaskPage | undefined;
  isPending: boolean;
  error: ApiError | null;
  onRetry: () => void;
  members: readonly Member[];
  customFields: readonly FieldDefinition[];
  selectedTaskId: string | null;
  onOpen: (task: Task) => void;
  onDelete: (task: Task) => void;
  onSort: (sort: string) => void;
  onClearFilters: () => void;
}) {
  const columns = FIXED_COLUMNS + customFields.length;
  const empty = page !== undefined && page.tasks.length === 0;
  const filtered = hasFilters(params);
  const phone = usePhoneLayout();
  const tableRef = useRef<HTMLTableElement>(null);
  const showsError = !!error && !page;
  useGridKeys(tableRef, !phone && !showsError);

  if (showsError) {
    return (
      <div className="tt-error" role="alert" data-testid="tasks-error">
        <p className="error-title">Couldn&apos;t load the tasks</p>
        <p className="muted">{error?.detail}</p>
        <button type="button" className="btn btn-primary" onClick={onRetry}>
          Retry
        </button>
      </div>
    );
  }

  if (phone) {
    return (
      <div className="tc-phone">
        <table className="tt-table tt-new-only" aria-label="New task">
          <tbody>
            <NewTaskRow workspaceId={workspaceId} params={params} colSpan={2} autoFocus={false} />
          </tbody>
        </table>
        {isPending && !page ? <p className="muted tc-loading">Loading tasks…</p> : null}
        {page && page.tasks.length ? (
          <ul className="tc-list" aria-label="Tasks">
            {page.tasks.map((task) => (
              <TaskCard key={task.id} task={task} members={members} selected={task.id === selectedTaskId} onOpen={onOpen} />
            ))}
          </ul>
        ) : null}
        {empty ? (
          <div className="tt-empty" data-testid={filtered || params.page > 0 ? "tasks-no-match" : "tasks-empty"}>
            <p className="tt-empty-title">{filtered || params.page > 0 ? "No tasks match" : "No tasks yet"}</p>
            {filtered || params.page > 0 ? (
              <button type="button" className="btn btn-secondary btn-sm" onClick={onClearFilters}>
                Clear filters
              </button>
            ) : (
              <p className="muted">Type a title above and press Enter to create the first one.</p>
            )}
          </div>
        ) : null}
      </div>
    );
  }

  return (
    <div className="tt-scroll">
      <table ref={tableRef} role="grid" className="tt-table" aria-busy={isPending || undefined} aria-label="Tasks">
        <TableHead workspaceId={workspaceId} customFields={customFields} sort={params.sort} onSort={onSort} />
        <tbody>
          <NewTaskRow workspaceId={workspaceId} params={params} colSpan={columns} autoFocus={empty && !filtered} />
          {isPending && !page ? <TableSkeleton columns={columns} /> : null}
          {page?.tasks.map((task) => (
            <TaskRow
              key={task.id}
              task={task}
              members={members}
              customFields={customFields}
              selected={task.id === selectedTaskId}
              onOpen={onOpen}
              onDelete={onDelete}
            />
          ))}
          {empty ? (
            <tr>
              <td colSpan={columns} className="tt-empty-cell">
                {filtered || params.page > 0 ? (
                  <div className="tt-empty" data-testid="tasks-no-match">
                    <p className="tt-empty-title">No tasks match</p>
                    <p className="muted">Try another search or filter.</p>
                    <button type="button" className="btn btn-secondary btn-sm" onClick={onClearFilters}>
                      Clear filters
                    </button>
                  </div>
                ) : (
                  <div className="tt-empty" data-testid="tasks-empty">
                    <p className="tt-empty-title">No tasks yet</p>
                    <p className="muted">Type a title in the row above and press Enter to create the first one.</p>
                  </div>
                )}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
