"use client";

import { useState, type FormEvent, type KeyboardEvent } from "react";

import { MIN_OPTIONS, PollOptionsEditor } from "@/components/feed/PollOptionsEditor";
import { feedFormErrors } from "@/lib/feed/formErrors";
import { useCreatePoll } from "@/lib/feed/hooks";
import type { ResultsVisibility } from "@/lib/types";

const CLOSES = { never: 0, hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 } as const;
type Closes = keyof typeof CLOSES;
const FIELDS = ["question", "options", "multiple", "closes_at", "results_visibility"] as const;

const emptyOptions = () => Array.from({ length: MIN_OPTIONS }, () => "");

export function PollComposer() {
  const [question, setQuestion] = useState("");
  const [options, setOptions] = useState<string[]>(emptyOptions);
  const [multiple, setMultiple] = useState(false);
  const [closes, setCloses] = useState<Closes>("never");
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
    create.mutate(
      {
        question,
        // Blank extra rows are ignored; with fewer than two the server explains what's missing.
        options: filled.length >= MIN_OPTIONS ? filled : options,
        multiple,
        closes_at: CLOSES[closes] ? new Date(Date.now() + CLOSES[closes]).toISOString() : null,
        results_visibility: visibility,
      },
      {
        onSuccess: () => {
          setQuestion("");
          setOptions(emptyOptions());
          setMultiple(false);
          setCloses("never");
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
          onChange={(e) => {
            setQuestion(e.target.value);
            edited();
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
            onChange={(e) => setCloses(e.target.value as Closes)}
          >
            <option value="never">Never</option>
            <option value="hour">In 1 hour</option>
            <option value="day">In 1 day</option>
            <option value="week">In 1 week</option>
          </select>
        </label>
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
      {fieldErrors.closes_at || fieldErrors.results_visibility || fieldErrors.multiple ? (
        <p className="field-error">{fieldErrors.closes_at ?? fieldErrors.results_visibility ?? fieldErrors.multiple}</p>
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
