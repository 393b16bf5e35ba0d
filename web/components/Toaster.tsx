"use client";

/**
 * Minimal toast system. A module-level store so toasts can be raised from
 * anywhere (components via `useToast()`, or plain code via `toast.error(...)`,
 * e.g. optimistic-update rollbacks in mutation `onError`).
 * `<ToastViewport />` is rendered once by `BackendProvider`.
 */

import { useSyncExternalStore } from "react";

export type ToastKind = "error" | "success" | "info";

export interface ToastAction {
  label: string;
  onClick: () => void;
  /** `data-testid` of the action button. */
  testId?: string;
}

export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  description?: string;
  action?: ToastAction;
  secondaryAction?: ToastAction;
}

export interface ToastOptions {
  kind?: ToastKind;
  description?: string;
  action?: ToastAction;
  /** A second choice, shown before `action`. */
  secondaryAction?: ToastAction;
  /** ms; 0 = stay until dismissed. Default 5000 (8000 for errors). */
  duration?: number;
}

const MAX_TOASTS = 4;
let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const timers = new Map<number, ReturnType<typeof setTimeout>>();

function emit(): void {
  listeners.forEach((l) => l());
}

function dismiss(id: number): void {
  const timer = timers.get(id);
  if (timer !== undefined) clearTimeout(timer);
  timers.delete(id);
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

function show(title: string, options: ToastOptions = {}): number {
  const id = nextId++;
  const kind = options.kind ?? "info";
  const item: Toast = {
    id,
    kind,
    title,
    description: options.description,
    action: options.action,
    secondaryAction: options.secondaryAction,
  };
  // Collapse exact duplicates (e.g. the same error from several queries).
  const dup = toasts.find((t) => t.kind === kind && t.title === title && t.description === options.description);
  if (dup) dismiss(dup.id);
  toasts = [...toasts, item].slice(-MAX_TOASTS);
  emit();
  const duration = options.duration ?? (kind === "error" ? 8000 : 5000);
  if (duration > 0 && typeof window !== "undefined") {
    timers.set(id, setTimeout(() => dismiss(id), duration));
  }
  return id;
}

export interface ToastApi {
  show: (title: string, options?: ToastOptions) => number;
  error: (title: string, options?: Omit<ToastOptions, "kind">) => number;
  success: (title: string, options?: Omit<ToastOptions, "kind">) => number;
  info: (title: string, options?: Omit<ToastOptions, "kind">) => number;
  dismiss: (id: number) => void;
}

export const toast: ToastApi = {
  show,
  error: (title, options) => show(title, { ...options, kind: "error" }),
  success: (title, options) => show(title, { ...options, kind: "success" }),
  info: (title, options) => show(title, { ...options, kind: "info" }),
  dismiss,
};

export function useToast(): ToastApi {
  return toast;
}

function subscribe(cb: () => void): () => void {
  listeners.add(cb);
  return () => {
    listeners.delete(cb);
  };
}

const EMPTY: Toast[] = [];

function ToastIcon({ kind }: { kind: ToastKind }) {
  if (kind === "error") {
    return (
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
        <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M8 4.5v4M8 11v.5" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
    );
  }
  if (kind === "success") {
    return (
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
        <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M5 8.2l2 2 4-4.2" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    );
  }
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M8 7.5v4M8 4.5v.5" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}

export function ToastViewport() {
  const items = useSyncExternalStore(subscribe, () => toasts, () => EMPTY);
  return (
    <div className="toast-viewport" aria-live="polite" aria-relevant="additions" data-testid="toasts">
      {items.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === "error" ? "alert" : "status"}>
          <span className="toast-icon">
            <ToastIcon kind={t.kind} />
          </span>
          <div className="toast-body">
            <div className="toast-title">{t.title}</div>
            {t.description ? <div className="toast-description">{t.description}</div> : null}
          </div>
          {[t.secondaryAction, t.action].map((action) =>
            action ? (
              <button
                key={action.label}
                type="button"
                className="btn btn-ghost btn-sm toast-action"
                data-testid={action.testId}
                onClick={() => {
                  action.onClick();
                  dismiss(t.id);
                }}
              >
                {action.label}
              </button>
            ) : null,
          )}
          <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

/** Alias so `<Toaster />` can be mounted explicitly if ever needed. */
export const Toaster = ToastViewport;
