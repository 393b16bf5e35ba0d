"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";

import { useCreateTask } from "@/lib/tasks/mutations";
import type { TaskListParams } from "@/lib/tasks/params";

/** Top row of the table: type a title, Enter creates the task (shown at once) and keeps focus. */
export function NewTaskRow({
  workspaceId,
  params,
  colSpan,
  autoFocus,
}: {
  workspaceId: string;
  params: TaskListParams;
  colSpan: number;
  autoFocus: boolean;
}) {
  const [title, setTitle] = useState("");
  const create = useCreateTask();
  const inputRef = useRef<HTMLInputElement>(null);

  // Focus when the workspace turns out to be empty (after the first load), without scrolling the
  // table sideways.
  useEffect(() => {
    if (autoFocus) inputRef.current?.focus({ preventScroll: true });
  }, [autoFocus]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const text = title.trim();
    if (!text) return;
    setTitle("");
    create.mutate(
      { workspaceId, data: { title: text }, params },
      { onError: () => setTitle((current) => current || text) },
    );
  };

  return (
    <tr className="tt-new-row">
      <td className="tt-cell tt-id">
        <span className="tt-plus" aria-hidden="true">
          +
        </span>
      </td>
      <td className="tt-cell" colSpan={colSpan - 1}>
        <form onSubmit={submit} className="tt-new-form">
          <input
            className="tt-new-input"
            data-testid="new-task-title"
            aria-label="New task title"
            placeholder="New task… (Enter to create)"
            maxLength={500}
            value={title}
            ref={inputRef}
            onChange={(e) => setTitle(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") setTitle("");
            }}
          />
        </form>
      </td>
    </tr>
  );
}
