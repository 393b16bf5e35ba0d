"use client";

import { DateInput } from "@/components/tasks/DateInput";
import { InlineText } from "@/components/tasks/InlineText";
import type { FieldDefinition } from "@/lib/types";

/** Editor of a custom field value (text, number, select or date). */
export function CustomFieldEditor({
  field,
  value,
  onChange,
  disabled,
}: {
  field: FieldDefinition;
  value: unknown;
  onChange: (next: unknown) => void;
  disabled?: boolean;
}) {
  const text = value === undefined || value === null ? "" : String(value);
  switch (field.type) {
    case "select":
      return (
        <select
          className={`tt-select${text ? "" : " tt-select-empty"}`}
          aria-label={field.name}
          value={text}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value || null)}
        >
          <option value="">—</option>
          {text && !field.options?.includes(text) ? <option value={text}>{text}</option> : null}
          {(field.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case "date":
      return <DateInput value={text} label={field.name} disabled={disabled} onChange={onChange} />;
    case "number":
      return (
        <InlineText
          type="number"
          value={text}
          label={field.name}
          placeholder="—"
          disabled={disabled}
          onSave={(next) => {
            const n = Number(next);
            onChange(next.trim() === "" ? null : Number.isFinite(n) ? n : next);
          }}
        />
      );
    default:
      return (
        <InlineText value={text} label={field.name} placeholder="—" disabled={disabled} onSave={(next) => onChange(next || null)} />
      );
  }
}
