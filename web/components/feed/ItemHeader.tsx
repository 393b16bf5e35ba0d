"use client";

import type { ReactNode } from "react";

import { Avatar } from "@/components/Avatar";
import { RelativeTime } from "@/components/feed/RelativeTime";
import type { User } from "@/lib/types";

/** Author, time and (for the author) actions of a feed card. */
export function ItemHeader({
  author,
  createdAt,
  label,
  children,
}: {
  author: User;
  createdAt: string;
  /** e.g. a "Poll" tag next to the name */
  label?: ReactNode;
  /** actions on the right */
  children?: ReactNode;
}) {
  return (
    <header className="feed-card-header">
      <Avatar user={author} size={32} />
      <div className="feed-card-meta">
        <span className="feed-author" title={`@${author.username}`}>
          {author.display_name || author.username}
        </span>
        <span className="feed-meta-line">
          {label}
          <RelativeTime iso={createdAt} />
        </span>
      </div>
      {children ? <div className="feed-card-actions">{children}</div> : null}
    </header>
  );
}
