"use client";

import { useDeleteItem } from "@/lib/feed/hooks";
import type { FeedItem } from "@/lib/types";

/** Author-only delete, after a confirm; the card disappears at once (restored if refused). */
export function DeleteItemButton({ item }: { item: FeedItem }) {
  const del = useDeleteItem();
  const noun = item.type === "poll" ? "poll" : "post";
  return (
    <button
      type="button"
      className="btn btn-ghost btn-sm feed-danger"
      data-testid={`delete-item-${item.id}`}
      disabled={del.isPending}
      onClick={() => {
        if (window.confirm(`Delete this ${noun}? This can't be undone.`)) del.mutate({ id: item.id, type: item.type });
      }}
    >
      Delete
    </button>
  );
}
