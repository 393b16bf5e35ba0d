"use client";

import type { ReactNode } from "react";

import { AssigneeSelect } from "@/components/tasks/AssigneeSelect";
import { CustomFieldEditor } from "@/components/tasks/CustomFieldEditor";
import { DateInput } from "@/components/tasks/DateInput";
import { LabelsEditor } from "@/components/tasks/LabelsEditor";
import { PrioritySelect } from "@/components/tasks/PrioritySelect";
import { StatusSelect } from "@/components/tasks/StatusSelect";
import { useFieldSaving } from "@/lib/tasks/pending";
import type { FieldDefinition, Member, Task } from "@/lib/types";

const str = (v: unknown, fallback = "") => (typeof v === "string" ? v : fallback);

function Row({ taskId, field, label, children }: { taskId: string; field: string; label: string; children: ReactNode }) {
  const saving = useFieldSaving(taskId, field);
  return (
    <div className={`tp-field${saving ? " tt-saving" : ""}`}>
      <span className="tp-field-label">{label}</span>
      <div className="tp-field-value">
        {children}
        {saving ? <span className="tt-saving-spinner" aria-label="Saving" role="status" /> : null}
      </div>
    </div>
  );
}

/** The task's fields as label/editor rows (same editors and saving rules as the table). */
export function PanelFields({
  task,
  fields,
  members,
  edit,
}: {
  task: Task;
  fields: readonly FieldDefinition[];
  members: readonly Member[];
  edit: (field: string, value: unknown) => void;
}) {
  const d = task.data;
  return (
    <div className="tp-fields">
      <Row taskId={task.id} field="status" label="Status">
        <StatusSelect value={str(d.status, "todo")} testId="panel-status" onChange={(v) => edit("status", v)} />
      </Row>
      <Row taskId={task.id} field="priority" label="Priority">
        <PrioritySelect value={str(d.priority, "none")} testId="panel-priority" onChange={(v) => edit("priority", v)} />
      </Row>
      <Row taskId={task.id} field="assignee" label="Assignee">
        <AssigneeSelect value={str(d.assignee) || null} members={members} testId="panel-assignee" onChange={(v) => edit("assignee", v)} />
      </Row>
      <Row taskId={task.id} field="dueDate" label="Due date">
        <DateInput value={str(d.dueDate)} label="Due date" testId="panel-due" onChange={(v) => edit("dueDate", v)} />
      </Row>
      <Row taskId={task.id} field="labels" label="Labels">
        <LabelsEditor value={d.labels} onChange={(v) => edit("labels", v)} />
      </Row>
      {fields
        .filter((f) => !f.builtin)
        .map((f) => (
          <Row key={f.id} taskId={task.id} field={f.id} label={f.name}>
            <CustomFieldEditor field={f} value={d[f.id]} onChange={(v) => edit(f.id, v)} />
          </Row>
        ))}
    </div>
  );
}
