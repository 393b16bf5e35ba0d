"use client";

import { EmptyState } from "@/components/EmptyState";
import { FeedSkeleton } from "@/components/feed/FeedSkeleton";
import { LoadMoreSentinel } from "@/components/feed/LoadMoreSentinel";
import { PollCard } from "@/components/feed/PollCard";
import { PostCard } from "@/components/feed/PostCard";
import { FeedIcon } from "@/components/icons";
import { useFeed, useFeedLive } from "@/lib/feed/hooks";

/** The feed, kept live, with paging by infinite scroll. */
export function FeedList({ meId }: { meId: string }) {
  const feed = useFeed();
  // Follow live changes once loaded (the stream's `ready` refetches anything missed meanwhile).
  useFeedLive(feed.items, { enabled: feed.data !== undefined });

  if (feed.isPending) return <FeedSkeleton />;

  if (feed.isError && !feed.data) {
    return (
      <div className="feed-error" role="alert" data-testid="feed-error">
        <p className="error-title">Couldn&apos;t load the feed</p>
        <p className="muted">{feed.error.detail}</p>
        <button type="button" className="btn btn-primary" onClick={() => void feed.refetch()}>
          Retry
        </button>
      </div>
    );
  }

  if (feed.items.length === 0) {
    return (
      <div data-testid="feed-empty">
        <EmptyState
          icon={<FeedIcon width={28} height={28} />}
          title="No posts yet"
          description="Posts, announcements and polls shared by your team appear here, newest first, as they happen."
        />
      </div>
    );
  }

  return (
    <div className="feed-list" data-testid="feed-list">
      {feed.items.map((item) =>
        item.type === "poll" ? (
          <PollCard key={`poll:${item.id}`} poll={item} isMine={item.author.id === meId} />
        ) : (
          <PostCard key={`post:${item.id}`} post={item} isMine={item.author.id === meId} />
        ),
      )}
      <LoadMoreSentinel
        hasMore={feed.hasNextPage}
        loading={feed.isFetchingNextPage}
        failed={feed.isFetchNextPageError}
        onLoadMore={() => {
          if (!feed.isFetchingNextPage) void feed.fetchNextPage();
        }}
      />
    </div>
  );
}
