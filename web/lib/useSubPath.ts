"use client";

import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";

/**
 * Path segments after `base`, read client-side from `window.location.pathname`.
 * The server serves the nearest parent page for unknown deeper paths
 * (e.g. `/tasks/abc` -> tasks.html), so sub-paths are never build-time params.
 *   useSubPath("/tasks") on "/tasks/abc/def" -> ["abc", "def"]
 * Returns null until mounted (no window during prerender/hydration).
 */
export function useSubPath(base: string): string[] | null {
  const routerPath = usePathname(); // re-read after client-side navigations
  const [pathname, setPathname] = useState<string | null>(null);

  useEffect(() => {
    const update = () => setPathname(window.location.pathname);
    update();
    window.addEventListener("popstate", update);
    return () => window.removeEventListener("popstate", update);
  }, [routerPath]);

  if (pathname === null) return null;
  return splitSubPath(pathname, base);
}

export function splitSubPath(pathname: string, base: string): string[] {
  const b = base.replace(/\/+$/, "");
  if (pathname !== b && !pathname.startsWith(`${b}/`)) return [];
  return pathname
    .slice(b.length)
    .split("/")
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}
