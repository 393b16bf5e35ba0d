"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";

/** A button that opens a small dialog below it; Escape or a click outside closes it. */
export function Popover({
  label,
  triggerTestId,
  triggerClassName = "btn btn-secondary btn-sm",
  title,
  children,
}: {
  label: ReactNode;
  triggerTestId?: string;
  triggerClassName?: string;
  title: string;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    const panel = rootRef.current?.querySelector<HTMLElement>(".tt-popover");
    panel?.querySelector<HTMLElement>("input, select, button:not(.tt-popover-close)")?.focus();
    const onDown = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      setOpen(false);
      triggerRef.current?.focus();
    };
    document.addEventListener("pointerdown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const close = () => {
    setOpen(false);
    triggerRef.current?.focus();
  };

  return (
    <div className="tt-popover-root" ref={rootRef}>
      <button
        ref={triggerRef}
        type="button"
        className={triggerClassName}
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        data-testid={triggerTestId}
        onClick={() => setOpen((o) => !o)}
      >
        {label}
      </button>
      {open ? (
        <div
          id={id}
          className="tt-popover"
          role="dialog"
          aria-label={title}
        >
          <div className="tt-popover-header">
            <h2 className="tt-popover-title">{title}</h2>
            <button type="button" className="toast-close tt-popover-close" aria-label="Close" onClick={close}>
              ×
            </button>
          </div>
          {children(close)}
        </div>
      ) : null}
    </div>
  );
}
