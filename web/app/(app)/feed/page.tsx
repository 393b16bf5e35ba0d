"use client";

import { EmptyState, PageHeader } from "@/components/EmptyState";
import { FeedIcon } from "@/components/icons";

export default function FeedPage() {
  return (
    <div className="page">
      <PageHeader title="Feed" subtitle="Updates from across your team" />
      <EmptyState
        icon={<FeedIcon width={28} height={28} />}
        title="No posts yet"
        description="Posts, announcements and polls shared by your team appear here, newest first, as they happen."
      />
    </div>
  );
}
