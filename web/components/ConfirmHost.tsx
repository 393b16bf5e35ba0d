"use client";

import { useSyncExternalStore } from "react";

import { Dialog } from "@/components/Dialog";

export interface ConfirmRequest {
  title: string;
  description?: string;
  confirmLabel: string;
  /** A destructive action: the confirm button is red. */
  danger?: boolean;
}

interface Pending extends ConfirmRequest {
  resolve: (ok: boolean) => void;
}

let pending: Pending | null = null;
const listeners = new Set<() => void>();

function setPending(next: Pending | null): void {
  pending = next;
  listeners.forEach((l) => l());
}

/** The in-app replacement of `window.confirm`: resolves true when confirmed. */
export function confirmAction(request: ConfirmRequest): Promise<boolean> {
  pending?.resolve(false);
  return new Promise((resolve) => setPending({ ...request, resolve }));
}

/** Renders the open confirmation, if any (mounted once, in the root layout). */
export function ConfirmHost() {
  const current = useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => pending,
    () => null,
  );
  if (!current) return null;
  const answer = (ok: boolean) => {
    current.resolve(ok);
    setPending(null);
  };
  return (
    <Dialog title={current.title} onClose={() => answer(false)} className="confirm-dialog" testId="confirm-dialog">
      {current.description ? <p className="dialog-description">{current.description}</p> : null}
      <div className="dialog-actions">
        <button type="button" className="btn btn-secondary" onClick={() => answer(false)} data-testid="confirm-cancel">
          Cancel
        </button>
        <button
          type="button"
          className={`btn ${current.danger ? "btn-danger" : "btn-primary"}`}
          onClick={() => answer(true)}
          data-testid="confirm-ok"
          data-autofocus
        >
          {current.confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
