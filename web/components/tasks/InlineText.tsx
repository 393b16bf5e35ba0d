"use client";

import { useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

/**
 * Click (or Enter/Space) to edit a one-line value; Enter or blur saves, Escape cancels.
 * `display` renders the value when not editing.
 */
export function InlineText({
  value,
  onSave,
  label,
  placeholder = "Empty",
  type = "text",
  inputTestId,
  disabled = false,
  display,
  allowEmpty = true,
}: {
  value: string;
  onSave: (next: string) => void;
  label: string;
  placeholder?: string;
  type?: "text" | "number";
  inputTestId?: string;
  disabled?: boolean;
  display?: ReactNode;
  allowEmpty?: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const inputRef = useRef<HTMLInputElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const done = useRef(false);
  const refocus = useRef(false);

  // Before the browser handles more keys, so text typed right after Enter isn't selected and replaced.
  // Likewise, focus goes back to the cell as soon as editing ends (keyboard users keep their place).
  useLayoutEffect(() => {
    if (editing) {
      inputRef.current?.focus();
      inputRef.current?.select();
    } else if (refocus.current) {
      refocus.current = false;
      buttonRef.current?.focus({ preventScroll: true });
    }
  }, [editing]);

  const start = () => {
    if (disabled) return;
    done.current = false;
    setDraft(value);
    setEditing(true);
  };

  const finish = (save: boolean, keepFocus: boolean) => {
    if (done.current) return;
    done.current = true;
    refocus.current = keepFocus;
    setEditing(false);
    const next = type === "text" ? draft.trim() : draft;
    if (save && next !== value && (allowEmpty || next !== "")) onSave(next);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") {
      e.preventDefault();
      finish(true, true);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      finish(false, true);
    }
  };

  if (editing) {
    return (
      <input
        ref={inputRef}
        className="tt-input"
        type={type}
        aria-label={label}
        data-testid={inputTestId}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => finish(true, false)}
      />
    );
  }

  return (
    <button
      ref={buttonRef}
      type="button"
      className="tt-text-button"
      aria-label={`${label}: ${value || placeholder}. Edit`}
      title={value || undefined}
      disabled={disabled}
      onClick={start}
    >
      {display ?? (value ? <span className="tt-text">{value}</span> : <span className="tt-placeholder">{placeholder}</span>)}
    </button>
  );
}
