"use client";

import { useState, type FormEvent } from "react";

import { splitApiError } from "@/lib/formErrors";
import { useAddCustomField } from "@/lib/tasks/hooks";
import type { CustomFieldCreate } from "@/lib/types";

type FieldKind = CustomFieldCreate["type"];

/** Add a custom field (text, number, select with options, or date) to the workspace. */
export function AddFieldForm({ workspaceId, onDone }: { workspaceId: string; onDone: () => void }) {
  const [name, setName] = useState("");
  const [type, setType] = useState<FieldKind>("text");
  const [options, setOptions] = useState("");
  const add = useAddCustomField(workspaceId);
  const errors = add.error ? splitApiError(add.error, ["name", "type", "options"] as const) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    const list = options.split(",").map((o) => o.trim()).filter(Boolean);
    add.mutate(
      { name: name.trim(), type, options: type === "select" ? list : undefined },
      { onSuccess: onDone },
    );
  };

  return (
    <form className="tt-popover-form" onSubmit={submit} noValidate>
      <label className={`field${errors?.fieldErrors.name ? " field-invalid" : ""}`}>
        <span className="field-label">Name</span>
        <input className="input" data-testid="field-name" value={name} maxLength={40} placeholder="Estimate" onChange={(e) => setName(e.target.value)} />
        {errors?.fieldErrors.name ? <span className="field-error">{errors.fieldErrors.name}</span> : null}
      </label>
      <label className="field">
        <span className="field-label">Type</span>
        <select className="input" data-testid="field-type" value={type} onChange={(e) => setType(e.target.value as FieldKind)}>
          <option value="text">Text</option>
          <option value="number">Number</option>
          <option value="select">Select</option>
          <option value="date">Date</option>
        </select>
      </label>
      {type === "select" ? (
        <label className={`field${errors?.fieldErrors.options ? " field-invalid" : ""}`}>
          <span className="field-label">Options</span>
          <input className="input" data-testid="field-options" value={options} placeholder="S, M, L" onChange={(e) => setOptions(e.target.value)} />
          <span className={errors?.fieldErrors.options ? "field-error" : "field-hint"}>
            {errors?.fieldErrors.options ?? "Separate options with commas."}
          </span>
        </label>
      ) : null}
      {errors?.formError ? <p className="form-error" role="alert">{errors.formError}</p> : null}
      <button type="submit" className="btn btn-primary" data-testid="field-submit" disabled={add.isPending || !name.trim()}>
        {add.isPending ? "Adding…" : "Add field"}
      </button>
    </form>
  );
}
