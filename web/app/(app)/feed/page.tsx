"use client";

import "@/components/feed/feed.css";

import { PageHeader } from "@/components/EmptyState";
import { Composer } from "@/components/feed/Composer";
import { FeedList } from "@/components/feed/FeedList";
import { useLoggedInUser } from "@/lib/BackendContext";
import { storageKeys } from "@/lib/shell/storage";
import { useKeptScroll } from "@/lib/shell/useKeptScroll";
import { useDocumentTitle } from "@/lib/useDocumentTitle";

export default function FeedPage() {
  const { user } = useLoggedInUser();
  useDocumentTitle("Feed");
  useKeptScroll(storageKeys.feedScroll);
  return (
    <div className="page feed-page">
      <PageHeader title="Feed" subtitle="Updates from across your team" />
      <Composer />
      {user ? <FeedList meId={user.id} /> : null}
    </div>
  );
}
