"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

import { paramsFromSearch, searchFromParams, type TaskListParams } from "@/lib/tasks/params";

export const workspacePath = (workspaceId: string) => `/tasks/${encodeURIComponent(workspaceId)}`;
export const taskPath = (workspaceId: string, taskId: string) =>
  `${workspacePath(workspaceId)}/${encodeURIComponent(taskId)}`;
export const joinPath = (code: string) => `/tasks/join/${encodeURIComponent(code)}`;

/**
 * Client-side navigation between /tasks URLs. The static export has one page for every /tasks/…
 * path, so `router.push` would look for a route file that doesn't exist and reload the page; the
 * History API is integrated with the App Router (usePathname/useSearchParams follow it).
 */
export function navigate(url: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
}

/**
 * The table's view as URL state: `params` from the query string, `setParams` to change it
 * (replaces the history entry for typing, pushes otherwise), `go` to open another /tasks path
 * keeping the view.
 */
export function useTaskView() {
  const search = useSearchParams();
  const searchKey = search.toString();
  const params = useMemo(() => paramsFromSearch(new URLSearchParams(searchKey)), [searchKey]);

  const setParams = useCallback(
    (next: TaskListParams, options: { replace?: boolean } = {}) => {
      const url = `${window.location.pathname}${searchFromParams(next)}`;
      navigate(url, options);
    },
    [],
  );

  const go = useCallback(
    (path: string) => navigate(`${path}${searchFromParams(params)}`),
    [params],
  );

  return { params, setParams, go };
}
