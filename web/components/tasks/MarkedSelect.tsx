"use client";

import type { ReactNode } from "react";

export type MarkedSelectProps = {
  value: string;
  onChange: (next: string) => void;
  disabled?: boolean;
  testId?: string;
  /** Only the marker shows; the option's name is the tooltip. */
  compact?: boolean;
};

/** A native select (keyboard and screen readers for free) with a visual marker before its text. */
export function MarkedSelect({
  value,
  onChange,
  disabled,
  testId,
  compact = false,
  label,
  options,
  optionLabels,
  marker,
  selectClassName,
}: MarkedSelectProps & {
  label: string;
  options: readonly string[];
  optionLabels: Record<string, string>;
  marker: ReactNode;
  selectClassName: string;
}) {
  return (
    <span className="tt-select-wrap">
      {marker}
      <select
        className={`tt-select ${selectClassName}${compact ? " tt-select-compact" : ""}`}
        aria-label={label}
        title={compact ? `${label}: ${optionLabels[value] ?? value}` : undefined}
        value={value}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((option) => (
          <option key={option} value={option}>
            {optionLabels[option]}
          </option>
        ))}
      </select>
    </span>
  );
}
