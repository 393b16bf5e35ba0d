"use client";

import { formatRemaining, useNow } from "@/lib/feed/time";
import type { Poll } from "@/lib/types";

/** "N voters · multiple choice · closes in 2h / Closed" */
export function PollFooter({ poll, closed }: { poll: Poll; closed: boolean }) {
  const now = useNow();
  const parts: string[] = [];
  if (poll.multiple) parts.push("multiple choice · % of voters");
  if (closed) parts.push("Closed");
  else if (poll.closes_at) parts.push(`closes in ${formatRemaining(poll.closes_at, now)}`);
  return (
    <p className="poll-footer">
      <span data-testid={`poll-voters-${poll.id}`}>
        {poll.voters} voter{poll.voters === 1 ? "" : "s"}
      </span>
      {parts.map((p) => (
        <span key={p}> · {p}</span>
      ))}
    </p>
  );
}
