"use client";

import { InlineText } from "@/components/tasks/InlineText";
import { labelsOf } from "@/lib/tasks/format";

/** Labels as chips; click to edit them as a comma-separated list. */
export function LabelsEditor({
  value,
  onChange,
  disabled,
  testId,
}: {
  value: unknown;
  onChange: (next: string[] | null) => void;
  disabled?: boolean;
  testId?: string;
}) {
  const labels = labelsOf(value);
  const chips = labels.length ? (
    <span className="tt-chips">
      {labels.map((l) => (
        <span key={l} className="tt-chip">
          {l}
        </span>
      ))}
    </span>
  ) : undefined;
  return (
    <InlineText
      value={labels.join(", ")}
      label="Labels"
      placeholder="—"
      disabled={disabled}
      inputTestId={testId}
      display={chips}
      onSave={(next) => {
        const list = [...new Set(next.split(",").map((s) => s.trim()).filter(Boolean))];
        onChange(list.length ? list : null);
      }}
    />
  );
}
