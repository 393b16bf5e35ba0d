"use client";

import { STATUSES } from "@/lib/tasks/params";
import { STATUS_LABELS } from "@/lib/tasks/format";

/** Native select of the task status with a coloured dot. */
export function StatusSelect({
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
      <span className={`tt-status-dot tt-status-${value}`} aria-hidden="true" />
      <select
        className="tt-select tt-select-dotted"
        aria-label="Status"
        value={value}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
      >
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {STATUS_LABELS[s]}
          </option>
        ))}
      </select>
    </span>
  );
}
