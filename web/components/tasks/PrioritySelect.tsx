"use client";

import { PRIORITIES } from "@/lib/tasks/params";
import { PRIORITY_GLYPHS, PRIORITY_LABELS } from "@/lib/tasks/format";

/** Native select of the task priority with a bar glyph. */
export function PrioritySelect({
  value,
  onChange,
  disabled,
  testId,
}: {
  value: string;
  onChange: (next: string) => void;
  disabled?: boolean;
  testId?: string;
}) {
  return (
    <span className="tt-select-wrap">
      <span className={`tt-priority-glyph tt-priority-${value}`} aria-hidden="true">
        {PRIORITY_GLYPHS[value] ?? "—"}
      </span>
      <select
        className="tt-select tt-select-glyph"
        aria-label="Priority"
        value={value}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
      >
        {PRIORITIES.map((p) => (
          <option key={p} value={p}>
            {PRIORITY_LABELS[p]}
          </option>
        ))}
      </select>
    </span>
  );
}
