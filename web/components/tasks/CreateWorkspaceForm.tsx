"use client";

import { useState, type FormEvent } from "react";

import { splitApiError } from "@/lib/formErrors";
import { suggestKey } from "@/lib/tasks/format";
import { useCreateWorkspace } from "@/lib/tasks/hooks";
import { navigate, workspacePath } from "@/lib/tasks/nav";

/** New workspace: a name and a 2–5 letter key (suggested from the name until edited). */
export function CreateWorkspaceForm() {
  const [name, setName] = useState("");
  const [key, setKey] = useState("");
  const [keyEdited, setKeyEdited] = useState(false);
  const create = useCreateWorkspace();
  const errors = create.error ? splitApiError(create.error, ["name", "key"] as const) : null;
  const shownKey = keyEdited ? key : suggestKey(name);
  const keyValid = /^[A-Z]{2,5}$/.test(shownKey);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim() || !keyValid) return;
    create.mutate({ name: name.trim(), key: shownKey }, { onSuccess: (ws) => navigate(workspacePath(ws.id)) });
  };

  return (
    <form className="tw-form" onSubmit={submit} noValidate aria-labelledby="create-ws-title">
      <h2 id="create-ws-title" className="tw-form-title">
        New workspace
      </h2>
      <div className="tw-form-row">
        <label className={`field tw-grow${errors?.fieldErrors.name ? " field-invalid" : ""}`}>
          <span className="field-label">Name</span>
          <input
            className="input"
            data-testid="workspace-create-name"
            placeholder="Engineering"
            maxLength={80}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              if (create.isError) create.reset();
            }}
          />
          {errors?.fieldErrors.name ? <span className="field-error">{errors.fieldErrors.name}</span> : null}
        </label>
        <label className={`field tw-key${errors?.fieldErrors.key ? " field-invalid" : ""}`}>
          <span className="field-label">Key</span>
          <input
            className="input tw-key-input"
            data-testid="workspace-create-key"
            placeholder="ENG"
            maxLength={5}
            value={shownKey}
            aria-describedby="ws-key-hint"
            onChange={(e) => {
              setKeyEdited(true);
              setKey(e.target.value.toUpperCase().replace(/[^A-Z]/g, ""));
            }}
          />
        </label>
      </div>
      <span id="ws-key-hint" className={errors?.fieldErrors.key ? "field-error" : "field-hint"}>
        {errors?.fieldErrors.key ?? `2–5 letters. Task ids look like ${shownKey || "ENG"}-12.`}
      </span>
      {errors?.formError ? <p className="form-error" role="alert">{errors.formError}</p> : null}
      <button type="submit" className="btn btn-primary" data-testid="workspace-create-submit" disabled={create.isPending || !name.trim() || !keyValid}>
        {create.isPending ? "Creating…" : "Create workspace"}
      </button>
    </form>
  );
}
