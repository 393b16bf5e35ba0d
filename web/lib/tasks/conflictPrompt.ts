/**
 * A refused stale edit (409): the user sees who set the field to what meanwhile, and their own
 * value, and chooses. "Keep theirs" sends nothing (theirs is already shown); "Apply mine" re-sends
 * the edit based on the version that was just shown to them.
 */
import type { QueryClient } from "@tanstack/react-query";

import { toast } from "@/lib/BackendContext";
import { displayValue, fieldName } from "@/lib/tasks/format";
import { taskKeys } from "@/lib/tasks/hooks";
import type { FieldDefinition, Member, Task, TaskConflict } from "@/lib/types";

export function askWhoseValue(
  qc: QueryClient,
  conflict: TaskConflict,
  field: string,
  mine: unknown,
  applyMine: (theirs: Task) => void,
): void {
  const theirs = conflict.task;
  const members = qc.getQueryData<Member[]>(taskKeys.members(theirs.workspaceId));
  const fields = qc.getQueryData<FieldDefinition[]>(taskKeys.fields(theirs.workspaceId));
  const changedBy = conflict.conflicts?.find((c) => c.field === field)?.changedBy;
  const who = changedBy ? changedBy.display_name || changedBy.username : "Someone";
  const name = fieldName(fields, field);
  const theirValue = displayValue(field, theirs.data[field], members);
  const myValue = displayValue(field, mine, members);
  toast.info(`${who} changed ${name} meanwhile — now “${theirValue}”`, {
    description: `Yours: “${myValue}”. Keep theirs, or apply yours over it?`,
    duration: 0,
    action: { label: "Apply mine", testId: "conflict-apply-mine", onClick: () => applyMine(theirs) },
    secondaryAction: { label: "Keep theirs", testId: "conflict-keep-theirs", onClick: () => undefined },
  });
}
