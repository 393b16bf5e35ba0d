"use client";

import { useEffect, useRef, useState } from "react";

export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 10;

/**
 * The 2..10 option inputs of the poll composer. Enter moves to the next option, adding one at the
 * end (up to the maximum): it never submits the poll half-written.
 */
export function PollOptionsEditor({
  options,
  onChange,
  disabled,
  error,
}: {
  options: string[];
  onChange: (options: string[]) => void;
  disabled: boolean;
  error?: string;
}) {
  const set = (i: number, value: string) => onChange(options.map((o, j) => (j === i ? value : o)));
  const inputs = useRef<(HTMLInputElement | null)[]>([]);
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  useEffect(() => {
    if (focusIndex === null) return;
    inputs.current[focusIndex]?.focus();
    setFocusIndex(null);
  }, [focusIndex, options.length]);

  const onEnter = (i: number) => {
    if (i + 1 < options.length) setFocusIndex(i + 1);
    else if (options.length < MAX_OPTIONS && options[i]?.trim()) {
      onChange([...options, ""]);
      setFocusIndex(i + 1);
    }
  };
  return (
    <fieldset className={`field poll-options-editor${error ? " field-invalid" : ""}`} disabled={disabled}>
      <legend className="field-label">Options</legend>
      {options.map((value, i) => (
        <div key={i} className="poll-option-edit">
          <input
            className="input"
            data-testid={`poll-option-input-${i}`}
            aria-label={`Option ${i + 1}`}
            placeholder={`Option ${i + 1}`}
            maxLength={200}
            value={value}
            ref={(el) => {
              inputs.current[i] = el;
            }}
            enterKeyHint={i + 1 < options.length || options.length < MAX_OPTIONS ? "next" : "done"}
            onChange={(e) => set(i, e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== "Enter" || e.metaKey || e.ctrlKey || e.nativeEvent.isComposing) return;
              e.preventDefault();
              onEnter(i);
            }}
          />
          {options.length > MIN_OPTIONS ? (
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              aria-label={`Remove option ${i + 1}`}
              data-testid={`poll-remove-option-${i}`}
              onClick={() => onChange(options.filter((_, j) => j !== i))}
            >
              ×
            </button>
          ) : null}
        </div>
      ))}
      {error ? <p className="field-error">{error}</p> : null}
      <div>
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          data-testid="poll-add-option"
          disabled={options.length >= MAX_OPTIONS}
          onClick={() => onChange([...options, ""])}
        >
          + Add option
        </button>
      </div>
    </fieldset>
  );
}
