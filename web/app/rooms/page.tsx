"use client";

import { useEffect } from "react";

import { FullPageLoader } from "@/components/Spinner";
import { splitSubPath } from "@/lib/useSubPath";

/** Old address of the rooms: /rooms -> /code, /rooms/{id} -> /code/{id}. */
export default function RoomsRedirect() {
  useEffect(() => {
    const [id] = splitSubPath(window.location.pathname, "/rooms");
    window.location.replace(id ? `/code/${encodeURIComponent(id)}` : "/code");
  }, []);
  return <FullPageLoader label="Opening code rooms…" />;
}
