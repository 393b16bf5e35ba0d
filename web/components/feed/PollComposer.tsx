"use client";

import { useState, type FormEvent, type KeyboardEvent } from "react";

import { MIN_OPTIONS, PollOptionsEditor } from "@/components/feed/PollOptionsEditor";
import { feedFormErrors } from "@/lib/feed/formErrors";
import { useCreatePoll } from "@/lib/feed/hooks";
import type { ResultsVisibility } from "@/lib/types";

const CLOSES = { never: 0, hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000, custom: 0 } as const;
type Closes = keyof typeof CLOSES;

/** A `datetime-local` value ("2026-12-03T17:30") for a moment, in the browser's time zone. */
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The deadline to send, or an error to show before sending. */
export function closesAt(closes: Closes, custom: string, now: number): { value: string | null; error?: string } {
  if (closes === "never") return { value: null };
  if (closes !== "custom") return { value: new Date(now + CLOSES[closes]).toISOString() };
  const at = custom ? new Date(custom).getTime() : Number.NaN;
  if (Number.isNaN(at)) return { value: null, error: "Pick the date and time the poll closes." };
  if (at <= now) return { value: null, error: "Pick a time in the future." };
  return { value: new Date(at).toISOString() };
}
const FIELDS = ["question", "options", "multiple", "closes_at", "results_visibility"] as const;

const emptyOptions = () => Array.from({ length: MIN_OPTIONS }, () => "");

export function PollComposer() {
  const [question, setQuestion] = useState("");
  const [options, setOptions] = useState<string[]>(emptyOptions);
  const [multiple, setMultiple] = useState(false);
  const [closes, setCloses] = useState<Closes>("never");
  const [customCloses, setCustomCloses] = useState("");
  const [closesError, setClosesError] = useState<string | null>(null);
  const [visibility, setVisibility] = useState<ResultsVisibility>("always");
  const create = useCreatePoll();
  const { fieldErrors, formError } = feedFormErrors(create.error, FIELDS);
  const pending = create.isPending;

  const edited = () => {
    if (create.isError) create.reset();
  };

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (pending) return;
    const filled = options.map((o) => o.trim()).filter(Boolean);
    const deadline = closesAt(closes, customCloses, Date.now());
    setClosesError(deadline.error ?? null);
    if (deadline.error) return;
    create.mutate(
      {
        question,
        // Blank extra rows are ignored; with fewer than two the server explains what's missing.
        options: filled.length >= MIN_OPTIONS ? filled : options,
        multiple,
        closes_at: deadline.value,
        results_visibility: visibility,
      },
      {
        onSuccess: () => {
          setQuestion("");
          setOptions(emptyOptions());
          setMultiple(false);
          setCloses("never");
          setCustomCloses("");
          setVisibility("always");
        },
      },
    );
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) submit();
  };

  return (
    <form className="composer-form" onSubmit={submit} onKeyDown={onKeyDown} noValidate>
      <div className={`field${fieldErrors.question ? " field-invalid" : ""}`}>
        <label htmlFor="poll-question" className="field-label">
          Question
        </label>
        <input
          id="poll-question"
          className="input"
          data-testid="poll-question"
          placeholder="Ask your team something…"
          maxLength={300}
          value={question}
          disabled={pending}
          enterKeyHint="next"
          onChange={(e) => {
            setQuestion(e.target.value);
            edited();
          }}
          onKeyDown={(e) => {
            // Enter goes on to the options; only Cmd/Ctrl+Enter or the button sends the poll.
            if (e.key !== "Enter" || e.metaKey || e.ctrlKey || e.nativeEvent.isComposing) return;
            e.preventDefault();
            document.querySelector<HTMLInputElement>('[data-testid="poll-option-input-0"]')?.focus();
          }}
        />
        {fieldErrors.question ? <p className="field-error">{fieldErrors.question}</p> : null}
      </div>

      <PollOptionsEditor
        options={options}
        disabled={pending}
        error={fieldErrors.options}
        onChange={(next) => {
          setOptions(next);
          edited();
        }}
      />

      <div className="composer-settings">
        <label className="composer-check">
          <input
            type="checkbox"
            data-testid="poll-multiple"
            checked={multiple}
            disabled={pending}
            onChange={(e) => setMultiple(e.target.checked)}
          />
          Allow multiple choices
        </label>
        <label className="composer-select">
          <span className="field-label">Closes</span>
          <select
            className="input"
            data-testid="poll-closes"
            value={closes}
            disabled={pending}
            onChange={(e) => {
              const next = e.target.value as Closes;
              setCloses(next);
              setClosesError(null);
              if (next === "custom" && !customCloses) setCustomCloses(localInputValue(new Date(Date.now() + CLOSES.day)));
            }}
          >
            <option value="never">Never</option>
            <option value="hour">In 1 hour</option>
            <option value="day">In 1 day</option>
            <option value="week">In 1 week</option>
            <option value="custom">At a date and time…</option>
          </select>
        </label>
        {closes === "custom" ? (
          <label className="composer-select">
            <span className="field-label">Closes at</span>
            <input
              type="datetime-local"
              className="input"
              data-testid="poll-closes-at"
              value={customCloses}
              min={localInputValue(new Date())}
              disabled={pending}
              aria-invalid={closesError ? true : undefined}
              onChange={(e) => {
                setCustomCloses(e.target.value);
                setClosesError(null);
              }}
            />
          </label>
        ) : null}
        <label className="composer-select">
          <span className="field-label">Show results</span>
          <select
            className="input"
            data-testid="poll-visibility"
            value={visibility}
            disabled={pending}
            onChange={(e) => setVisibility(e.target.value as ResultsVisibility)}
          >
            <option value="always">Always</option>
            <option value="after_vote">After voting</option>
            <option value="after_close">After the poll closes</option>
          </select>
        </label>
      </div>
      {closesError || fieldErrors.closes_at || fieldErrors.results_visibility || fieldErrors.multiple ? (
        <p className="field-error" role="alert">
          {closesError ?? fieldErrors.closes_at ?? fieldErrors.results_visibility ?? fieldErrors.multiple}
        </p>
      ) : null}
      {formError ? (
        <p className="form-error" role="alert">
          {formError}
        </p>
      ) : null}

      <div className="composer-footer">
        <span className="composer-hint muted">⌘/Ctrl + Enter</span>
        <button type="submit" className="btn btn-primary" data-testid="poll-submit" disabled={pending}>
          {pending ? "Creating…" : "Create poll"}
        </button>
      </div>
    </form>
  );
}
