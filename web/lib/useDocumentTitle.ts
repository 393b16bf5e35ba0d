"use client";

import { useEffect } from "react";

interface TitleClaim {
  title: string;
  depth: number;
}

// Nested views claim the title at once (the tasks page, its workspace, the open task), and React runs
// a child's effect before its parent's: the deepest claim wins, not the last one to run.
const claims = new Map<symbol, TitleClaim>();

function applyTitle(): void {
  let best: TitleClaim | undefined;
  claims.forEach((claim) => {
    if (!best || claim.depth >= best.depth) best = claim;
  });
  document.title = best ? `${best.title} · Huddle` : "Huddle";
}

/**
 * The tab reads "`title` · Huddle" while the caller is mounted. `depth`: 0 a page, 1 a view inside
 * it (a workspace), 2 a detail (a task, a room). null: no claim (e.g. still loading).
 */
export function useDocumentTitle(title: string | null | undefined, depth = 0): void {
  useEffect(() => {
    if (!title) return;
    const key = Symbol(title);
    claims.set(key, { title, depth });
    applyTitle();
    return () => {
      claims.delete(key);
      applyTitle();
    };
  }, [title, depth]);
}
