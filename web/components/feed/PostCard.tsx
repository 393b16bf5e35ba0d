"use client";

import { DeleteItemButton } from "@/components/feed/DeleteItemButton";
import { ItemHeader } from "@/components/feed/ItemHeader";
import type { Post } from "@/lib/types";

export function PostCard({ post, isMine }: { post: Post; isMine: boolean }) {
  return (
    <article className="feed-card" data-testid={`feed-item-${post.id}`} aria-label={`Post by ${post.author.display_name}`}>
      <ItemHeader author={post.author} createdAt={post.created_at}>
        {isMine ? <DeleteItemButton item={post} /> : null}
      </ItemHeader>
      <p className="feed-post-text">{post.text}</p>
    </article>
  );
}
