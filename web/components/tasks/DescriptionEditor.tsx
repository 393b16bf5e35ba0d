"use client";

import { useEffect, useRef, useState } from "react";

import { useFieldSaving } from "@/lib/tasks/pending";

/** Description textarea: saves on blur; follows live changes while not being edited. */
export function DescriptionEditor({
  taskId,
  value,
  onSave,
}: {
  taskId: string;
  value: string;
  onSave: (next: string) => void;
}) {
  const [draft, setDraft] = useState(value);
  const focused = useRef(false);
  const saving = useFieldSaving(taskId, "description");

  useEffect(() => {
    if (!focused.current) setDraft(value);
  }, [value]);

  return (
    <div className={`tp-description${saving ? " tt-saving" : ""}`}>
      <label htmlFor={`desc-${taskId}`} className="tp-label">
        Description {saving ? <span className="tp-saving-text">Saving…</span> : null}
      </label>
      <textarea
        id={`desc-${taskId}`}
        className="input tp-textarea"
        data-testid="task-description"
        placeholder="Add a description…"
        rows={6}
        maxLength={20000}
        value={draft}
        onFocus={() => (focused.current = true)}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => {
          focused.current = false;
          if (draft !== value) onSave(draft);
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.stopPropagation();
            setDraft(value);
            e.currentTarget.blur();
          }
        }}
      />
    </div>
  );
}
