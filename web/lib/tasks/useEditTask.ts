"use client";

import { useCallback } from "react";

import { editBase } from "@/lib/tasks/editBase";
import { useUpdateTask } from "@/lib/tasks/mutations";
import type { Task } from "@/lib/types";

/**
 * `edit(field, value)` for one task: skips no-op edits; sends the version the field's editor was
 * opened at (or, for an editor that does not note it, the task's shown version).
 */
export function useEditTask(task: Task) {
  const update = useUpdateTask();
  const { mutate } = update;
  return useCallback(
    (field: string, value: unknown) => {
      const current = task.data[field];
      const same =
        current === value ||
        ((value === null || value === "") && (current === undefined || current === null || current === "")) ||
        (Array.isArray(current) && Array.isArray(value) && current.join("\u0000") === value.join("\u0000"));
      if (same) return;
      mutate({ task, field, value: value === "" ? null : value, baseVersion: editBase(task.id, field) ?? task.version });
    },
    [task, mutate],
  );
}
