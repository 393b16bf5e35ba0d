"use client";

import type { ReactNode } from "react";

import { EmptyState } from "@/components/EmptyState";

function LostIcon() {
  return (
    <svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" aria-hidden="true">
      <circle cx="11" cy="11" r="6.5" />
      <path d="M16 16l4.5 4.5M9 9l4 4M13 9l-4 4" />
    </svg>
  );
}

/** The one not-found design: unknown page, workspace, task or room. */
export function NotFound({
  title,
  description,
  children,
  testId = "not-found",
}: {
  title: string;
  description: ReactNode;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="not-found" data-testid={testId} role="alert">
      <EmptyState icon={<LostIcon />} title={title} description={description}>
        <div className="not-found-actions">{children}</div>
      </EmptyState>
    </div>
  );
}
