"use client";

import { memo } from "react";

import { AssigneeSelect } from "@/components/tasks/AssigneeSelect";
import { Cell } from "@/components/tasks/Cell";
import { CustomFieldEditor } from "@/components/tasks/CustomFieldEditor";
import { DateInput } from "@/components/tasks/DateInput";
import { InlineText } from "@/components/tasks/InlineText";
import { LabelsEditor } from "@/components/tasks/LabelsEditor";
import { PrioritySelect } from "@/components/tasks/PrioritySelect";
import { RowActions } from "@/components/tasks/RowActions";
import { StatusSelect } from "@/components/tasks/StatusSelect";
import { isTempTask } from "@/lib/tasks/cache";
import { useEditTask } from "@/lib/tasks/useEditTask";
import type { FieldDefinition, Member, Task } from "@/lib/types";

const str = (v: unknown, fallback = "") => (typeof v === "string" ? v : fallback);

/** One task as a table row; every cell edits its field in place. */
export const TaskRow = memo(function TaskRow({
  task,
  members,
  customFields,
  selected,
  onOpen,
  onDelete,
}: {
  task: Task;
  members: readonly Member[];
  customFields: readonly FieldDefinition[];
  selected: boolean;
  onOpen: (task: Task) => void;
  onDelete: (task: Task) => void;
}) {
  const edit = useEditTask(task);
  const temp = isTempTask(task);
  const d = task.displayId;
  const title = str(task.data.title);

  return (
    <tr
      className={`tt-row${temp ? " tt-row-pending" : ""}${selected ? " tt-row-selected" : ""}`}
      data-testid={`task-row-${d}`}
      aria-busy={temp || undefined}
    >
      <td className="tt-cell tt-id">
        {temp ? (
          <span className="tt-creating" role="status" aria-label="Creating">
            <span className="tt-saving-spinner tt-inline-spinner" />
          </span>
        ) : (
          <button type="button" className="tt-id-button" onClick={() => onOpen(task)} aria-label={`Open ${d}`}>
            {d}
          </button>
        )}
      </td>
      <Cell taskId={task.id} version={task.version} field="title" testId={`cell-title-${d}`} className="tt-title">
        <InlineText
          value={title}
          label={`Title of ${d}`}
          placeholder="Untitled"
          inputTestId={`title-input-${d}`}
          allowEmpty={false}
          disabled={temp}
          onSave={(next) => edit("title", next)}
        />
      </Cell>
      <Cell taskId={task.id} version={task.version} field="status" className="tt-status">
        <StatusSelect
          value={str(task.data.status, "todo")}
          disabled={temp}
          testId={`cell-status-${d}`}
          onChange={(v) => edit("status", v)}
        />
      </Cell>
      <Cell taskId={task.id} version={task.version} field="priority" className="tt-priority">
        <PrioritySelect
          value={str(task.data.priority, "none")}
          compact
          disabled={temp}
          testId={`cell-priority-${d}`}
          onChange={(v) => edit("priority", v)}
        />
      </Cell>
      <Cell taskId={task.id} version={task.version} field="assignee" className="tt-assignee">
        <AssigneeSelect
          value={str(task.data.assignee) || null}
          members={members}
          disabled={temp}
          testId={`cell-assignee-${d}`}
          onChange={(v) => edit("assignee", v)}
        />
      </Cell>
      <Cell taskId={task.id} version={task.version} field="dueDate" className="tt-due">
        <DateInput
          value={str(task.data.dueDate)}
          label={`Due date of ${d}`}
          disabled={temp}
          testId={`cell-due-${d}`}
          onChange={(v) => edit("dueDate", v)}
        />
      </Cell>
      <Cell taskId={task.id} version={task.version} field="labels" className="tt-labels">
        <LabelsEditor value={task.data.labels} disabled={temp} onChange={(v) => edit("labels", v)} />
      </Cell>
      {customFields.map((f) => (
        <Cell key={f.id} taskId={task.id} version={task.version} field={f.id} className="tt-custom">
          <CustomFieldEditor field={f} value={task.data[f.id]} disabled={temp} onChange={(v) => edit(f.id, v)} />
        </Cell>
      ))}
      <td className="tt-cell tt-actions">
        {temp ? null : <RowActions task={task} onOpen={onOpen} onDelete={onDelete} />}
      </td>
    </tr>
  );
});
