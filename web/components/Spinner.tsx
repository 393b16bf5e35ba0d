"use client";

export function Spinner({ size = 20, label = "Loading" }: { size?: number; label?: string }) {
  return (
    <span className="spinner" role="status" aria-label={label} style={{ width: size, height: size }} />
  );
}

/** Centered full-viewport loading state (used while the session loads). */
export function FullPageLoader({ label = "Loading Huddle…" }: { label?: string }) {
  return (
    <div className="full-page-loader" data-testid="page-loader">
      <Spinner size={24} label={label} />
      <span className="muted">{label}</span>
    </div>
  );
}
