"use client";

import { useEffect, useState, type FormEvent, type KeyboardEvent } from "react";

import { useLoggedInUser } from "@/lib/BackendContext";
import { readStored, storageKeys, writeStored } from "@/lib/shell/storage";
import { feedFormErrors } from "@/lib/feed/formErrors";
import { useCreatePost } from "@/lib/feed/hooks";

export const MAX_POST_LENGTH = 5000;

export function PostComposer() {
  const [text, setText] = useState("");
  const create = useCreatePost();
  // The draft survives a reload or a crash of the tab (per user: a shared computer).
  const userId = useLoggedInUser().user?.id;
  const draftKey = userId ? storageKeys.postDraft(userId) : null;
  const [restored, setRestored] = useState(false);
  useEffect(() => {
    if (!draftKey || restored) return;
    setRestored(true);
    const saved = readStored("local", draftKey);
    if (saved) setText((current) => current || saved);
  }, [draftKey, restored]);
  useEffect(() => {
    if (draftKey && restored) writeStored("local", draftKey, text ? text : null);
  }, [draftKey, restored, text]);
  const length = [...text].length;
  const over = length > MAX_POST_LENGTH;
  const canSubmit = text.trim().length > 0 && !over && !create.isPending;
  const errors = create.error ? feedFormErrors(create.error, ["text"] as const) : null;

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!canSubmit) return;
    create.mutate({ text }, { onSuccess: () => setText("") });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) submit();
  };

  return (
    <form className="composer-form" onSubmit={submit} noValidate>
      <div className={`field${errors?.fieldErrors.text ? " field-invalid" : ""}`}>
        <label htmlFor="post-text" className="sr-only">
          Share an update
        </label>
        <textarea
          id="post-text"
          className="input composer-textarea"
          data-testid="post-text"
          placeholder="Share an update with your team…"
          rows={3}
          value={text}
          disabled={create.isPending}
          aria-invalid={Boolean(errors?.fieldErrors.text)}
          aria-describedby="post-text-count"
          onChange={(e) => {
            setText(e.target.value);
            if (create.isError) create.reset();
          }}
          onKeyDown={onKeyDown}
        />
        {errors?.fieldErrors.text ? <p className="field-error">{errors.fieldErrors.text}</p> : null}
      </div>
      {errors?.formError ? (
        <p className="form-error" role="alert">
          {errors.formError}
        </p>
      ) : null}
      <div className="composer-footer">
        <span id="post-text-count" className={`composer-count${over ? " composer-count-over" : ""}`} aria-live="polite">
          {length.toLocaleString()} / {MAX_POST_LENGTH.toLocaleString()}
        </span>
        <span className="composer-hint muted">⌘/Ctrl + Enter</span>
        <button type="submit" className="btn btn-primary" data-testid="post-submit" disabled={!canSubmit}>
          {create.isPending ? "Sharing…" : "Share"}
        </button>
      </div>
    </form>
  );
}
