"use client";

import type { PollOption } from "@/lib/types";

/** One option of a poll: a clickable row with its result bar behind the text. */
export function PollOptionRow({
  option,
  multiple,
  chosen,
  showResults,
  percent,
  disabled,
  tabIndex,
  onSelect,
}: {
  option: PollOption;
  multiple: boolean;
  chosen: boolean;
  showResults: boolean;
  /** 0..100 (of votes for single choice, of voters for multiple choice) */
  percent: number;
  disabled: boolean;
  /** Roving tab stop of a radio group: one option takes Tab, arrows move among them. */
  tabIndex?: number;
  onSelect: () => void;
}) {
  const votes = option.votes ?? 0;
  return (
    <button
      type="button"
      role={multiple ? "checkbox" : "radio"}
      aria-checked={chosen}
      className={`poll-option${chosen ? " poll-option-chosen" : ""}${disabled ? " poll-option-static" : ""}`}
      data-testid={`poll-option-${option.id}`}
      disabled={disabled}
      tabIndex={tabIndex}
      onClick={onSelect}
      title={showResults ? `${votes} vote${votes === 1 ? "" : "s"} · ${percent}%${multiple ? " of voters" : ""}` : undefined}
    >
      {showResults ? <span className="poll-bar" style={{ width: `${percent}%` }} aria-hidden="true" /> : null}
      <span className={`poll-mark${multiple ? " poll-mark-box" : ""}`} aria-hidden="true">
        {chosen ? (
          <svg viewBox="0 0 16 16" width="12" height="12">
            <path d="M3.5 8.5l3 3 6-6.5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        ) : null}
      </span>
      <span className="poll-option-text">{option.text}</span>
      {showResults ? (
        <span className="poll-option-result">
          <span className="poll-option-votes" data-testid={`poll-option-votes-${option.id}`}>
            {votes}
          </span>
          <span className="poll-option-percent">{percent}%</span>
        </span>
      ) : null}
    </button>
  );
}
