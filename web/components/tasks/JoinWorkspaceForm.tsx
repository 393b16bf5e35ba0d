"use client";

import { useState, type FormEvent } from "react";

import { useJoinWorkspace } from "@/lib/tasks/hooks";
import { navigate, workspacePath } from "@/lib/tasks/nav";

/** Join a workspace with an invite code (or a pasted invite link). */
export function JoinWorkspaceForm() {
  const [code, setCode] = useState("");
  const join = useJoinWorkspace();
  const error = join.error ? (join.error.status === 404 ? "No workspace has this invite code. Check it and try again." : join.error.detail) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Accept a whole link like https://…/tasks/join/abc123.
    const value = code.trim().split("/").filter(Boolean).pop() ?? "";
    if (!value) return;
    join.mutate(value, { onSuccess: (ws) => navigate(workspacePath(ws.id)) });
  };

  return (
    <form className="tw-form" onSubmit={submit} noValidate aria-labelledby="join-ws-title">
      <h2 id="join-ws-title" className="tw-form-title">
        Join with an invite code
      </h2>
      <label className={`field${error ? " field-invalid" : ""}`}>
        <span className="field-label">Invite code</span>
        <input
          className="input"
          data-testid="join-code"
          placeholder="Paste a code or link"
          value={code}
          onChange={(e) => {
            setCode(e.target.value);
            if (join.isError) join.reset();
          }}
        />
        {error ? (
          <span className="field-error" role="alert">
            {error}
          </span>
        ) : null}
      </label>
      <button type="submit" className="btn btn-secondary" data-testid="join-submit" disabled={join.isPending || !code.trim()}>
        {join.isPending ? "Joining…" : "Join workspace"}
      </button>
    </form>
  );
}
