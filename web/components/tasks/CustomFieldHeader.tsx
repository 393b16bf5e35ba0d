"use client";

import "@/components/tasks/fieldHeader.css";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";

import { useDeleteField, useRenameField } from "@/lib/tasks/fieldMutations";
import type { FieldDefinition } from "@/lib/types";

/**
 * A custom column's header: its name, and a menu to rename the field or delete it (after a confirm).
 * The menu is placed `fixed` at its button: the table scrolls in a box that would clip it.
 */
export function CustomFieldHeader({ workspaceId, field }: { workspaceId: string; field: FieldDefinition }) {
  const [at, setAt] = useState<{ top: number; left: number } | null>(null);
  const rootRef = useRef<HTMLSpanElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const id = useId();

  useEffect(() => {
    if (!at) return;
    rootRef.current?.querySelector<HTMLElement>(".tt-popover input, .tt-popover button:not(.tt-popover-close)")?.focus();
    const onDown = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setAt(null);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setAt(null);
      triggerRef.current?.focus();
    };
    const onMove = () => setAt(null);
    document.addEventListener("pointerdown", onDown);
    document.addEventListener("keydown", onKey);
    window.addEventListener("resize", onMove);
    return () => {
      document.removeEventListener("pointerdown", onDown);
      document.removeEventListener("keydown", onKey);
      window.removeEventListener("resize", onMove);
    };
  }, [at]);

  const toggle = () => {
    if (at) return setAt(null);
    const rect = triggerRef.current?.getBoundingClientRect();
    if (!rect) return;
    setAt({ top: rect.bottom + 6, left: Math.max(8, Math.min(rect.left, window.innerWidth - MENU_WIDTH - 8)) });
  };
  const close = () => {
    setAt(null);
    triggerRef.current?.focus();
  };

  return (
    <span className="tt-th-custom" ref={rootRef}>
      <span className="tt-th-name">{field.name}</span>
      <button
        ref={triggerRef}
        type="button"
        className="tt-icon-button tt-th-menu"
        aria-expanded={at !== null}
        aria-controls={at ? id : undefined}
        data-testid={`field-menu-${field.id}`}
        onClick={toggle}
      >
        <span aria-hidden="true">⋯</span>
        <span className="sr-only">Options of the field {field.name}</span>
      </button>
      {at ? (
        <div id={id} className="tt-popover tt-field-menu" role="dialog" aria-label={`Field ${field.name}`} style={at}>
          <div className="tt-popover-header">
            <h2 className="tt-popover-title">Field “{field.name}”</h2>
            <button type="button" className="toast-close tt-popover-close" aria-label="Close" onClick={close}>
              ×
            </button>
          </div>
          <FieldMenu workspaceId={workspaceId} field={field} close={close} />
        </div>
      ) : null}
    </span>
  );
}

const MENU_WIDTH = 280;

function FieldMenu({ workspaceId, field, close }: { workspaceId: string; field: FieldDefinition; close: () => void }) {
  const [name, setName] = useState(field.name);
  const [confirming, setConfirming] = useState(false);
  const rename = useRenameField(workspaceId);
  const remove = useDeleteField(workspaceId);
  const trimmed = name.trim();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!trimmed || trimmed === field.name) return close();
    rename.mutate({ field, name: trimmed });
    close();
  };

  if (confirming) {
    return (
      <div className="tt-popover-form" data-testid="field-delete-dialog">
        <p className="tt-popover-text">
          Delete “{field.name}”? Its value goes from every task in this workspace, for everyone. This cannot be undone.
        </p>
        <div className="tt-popover-actions">
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => setConfirming(false)}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-sm tt-danger-button"
            data-testid="field-delete-confirm"
            onClick={() => {
              remove.mutate(field);
              close();
            }}
          >
            Delete field
          </button>
        </div>
      </div>
    );
  }

  return (
    <form className="tt-popover-form" onSubmit={submit} noValidate>
      <label className="field">
        <span className="field-label">Name</span>
        <input
          className="input"
          data-testid="field-rename-input"
          value={name}
          maxLength={40}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <div className="tt-popover-actions">
        <button type="button" className="btn btn-ghost btn-sm tt-danger-text" data-testid="field-delete" onClick={() => setConfirming(true)}>
          Delete field…
        </button>
        <button type="submit" className="btn btn-primary btn-sm" data-testid="field-rename-save" disabled={!trimmed}>
          Rename
        </button>
      </div>
    </form>
  );
}
