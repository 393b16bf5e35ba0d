"use client";

import { useEffect, useRef, useState } from "react";

const COMPLETE = /^(19|20|21)\d\d-\d\d-\d\d$/;

/**
 * A native date input. A complete date saves 500 ms after the last change (typing a year digit by
 * digit passes through "0002-…", which must not save); blur and Enter save at once, Escape reverts.
 */
export function DateInput({
  value,
  onChange,
  label,
  disabled,
  testId,
}: {
  value: string;
  onChange: (next: string | null) => void;
  label: string;
  disabled?: boolean;
  testId?: string;
}) {
  const [draft, setDraft] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef({ value, onChange });
  useEffect(() => {
    latest.current = { value, onChange };
  });
  useEffect(() => setDraft(value), [value]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const commit = (next: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (next !== latest.current.value && (next === "" || COMPLETE.test(next))) latest.current.onChange(next || null);
  };

  const overdue = draft !== "" && draft < new Date().toISOString().slice(0, 10);
  return (
    <input
      type="date"
      className={`tt-date${draft ? "" : " tt-date-empty"}${overdue ? " tt-date-overdue" : ""}`}
      aria-label={label}
      value={draft}
      disabled={disabled}
      data-testid={testId}
      onChange={(e) => {
        const next = e.target.value;
        setDraft(next);
        if (timer.current) clearTimeout(timer.current);
        if (COMPLETE.test(next)) timer.current = setTimeout(() => commit(next), 500);
      }}
      onBlur={(e) => commit(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === "Enter") commit(e.currentTarget.value);
        if (e.key === "Escape") {
          if (timer.current) clearTimeout(timer.current);
          setDraft(value);
        }
      }}
    />
  );
}
