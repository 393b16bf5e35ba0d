"use client";

import { confirmAction } from "@/components/ConfirmHost";
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
      onClick={async () => {
        const ok = await confirmAction({
          title: `Delete this ${noun}?`,
          description: "It disappears for everyone. This can't be undone.",
          confirmLabel: `Delete ${noun}`,
          danger: true,
        });
        if (ok) del.mutate({ id: item.id, type: item.type });
      }}
    >
      Delete
    </button>
  );
}
