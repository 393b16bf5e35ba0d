"use client";

type Option = { value: string; label: string };

/**
 * One filter of the toolbar. It picks one value or none; a multi-value filter that arrived by URL
 * (`?status=todo,done`) is shown as "2 statuses" until the user picks again.
 */
export function FilterSelect({
  label,
  testId,
  selected,
  anyLabel,
  noun,
  options,
  onChange,
}: {
  label: string;
  testId: string;
  selected: readonly string[];
  anyLabel: string;
  noun: string;
  options: readonly Option[];
  onChange: (values: string[]) => void;
}) {
  const joined = selected.join(",");
  return (
    <select
      className="tt-filter"
      aria-label={label}
      data-testid={testId}
      value={joined}
      onChange={(e) => onChange(e.target.value ? e.target.value.split(",") : [])}
    >
      <option value="">{anyLabel}</option>
      {selected.length > 1 ? (
        <option value={joined}>
          {selected.length} {noun}
        </option>
      ) : null}
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}
