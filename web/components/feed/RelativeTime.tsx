"use client";

import { formatAge, formatFull, useNow } from "@/lib/feed/time";

/** "just now" / "5m" / "2h" / "3d", refreshed every 30 s; the full date on hover. */
export function RelativeTime({ iso }: { iso: string }) {
  const now = useNow();
  return (
    <time className="feed-time" dateTime={iso} title={formatFull(iso)}>
      {formatAge(iso, now)}
    </time>
  );
}
