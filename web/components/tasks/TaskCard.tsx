"use client";

import { memo } from "react";

import { Avatar } from "@/components/Avatar";
import { StatusSelect } from "@/components/tasks/StatusSelect";
import { isTempTask } from "@/lib/tasks/cache";
import { formatDay } from "@/lib/tasks/format";
import { useEditTask } from "@/lib/tasks/useEditTask";
import type { Member, Task } from "@/lib/types";

const str = (v: unknown, fallback = "") => (typeof v === "string" ? v : fallback);

/** One task on a phone: the title opens the side panel; the status is edited in place. */
export const TaskCard = memo(function TaskCard({
  task,
  members,
  selected,
  onOpen,
}: {
  task: Task;
  members: readonly Member[];
  selected: boolean;
  onOpen: (task: Task) => void;
}) {
  const edit = useEditTask(task);
  const temp = isTempTask(task);
  const d = task.displayId;
  const title = str(task.data.title);
  const due = str(task.data.dueDate);
  const assignee = members.find((m) => m.user.id === task.data.assignee)?.user;
  const overdue = due !== "" && due < new Date().toISOString().slice(0, 10);

  return (
    <li
      className={`tc-card${selected ? " tc-card-selected" : ""}${temp ? " tt-row-pending" : ""}`}
      data-testid={`task-card-${d}`}
      aria-busy={temp || undefined}
    >
      <button type="button" className="tc-open" aria-label={`Open ${d}`} disabled={temp} onClick={() => onOpen(task)}>
        <span className="tc-id">{d}</span>
        <span className="tc-title">{title || "Untitled"}</span>
      </button>
      <div className="tc-meta">
        <span className="tc-status">
          <StatusSelect
            value={str(task.data.status, "todo")}
            disabled={temp}
            testId={`card-status-${d}`}
            onChange={(v) => edit("status", v)}
          />
        </span>
        <span className="tc-assignee">
          {assignee ? (
            <>
              <Avatar user={assignee} size={18} />
              <span className="tc-text">{assignee.display_name || assignee.username}</span>
            </>
          ) : (
            <span className="tc-text tc-muted">Unassigned</span>
          )}
        </span>
        <span
          className={`tc-due${due ? "" : " tc-muted"}${overdue ? " tt-date-overdue" : ""}`}
          data-testid={`card-due-${d}`}
        >
          {due ? `Due ${formatDay(due)}` : "No due date"}
        </span>
      </div>
    </li>
  );
});
