"use client";

import { useState } from "react";

import { PollComposer } from "@/components/feed/PollComposer";
import { PostComposer } from "@/components/feed/PostComposer";

type Tab = "post" | "poll";

/** Card at the top of the feed: share a post or start a poll (both drafts kept while switching). */
export function Composer() {
  const [tab, setTab] = useState<Tab>("post");
  const tabs: { id: Tab; label: string }[] = [
    { id: "post", label: "Post" },
    { id: "poll", label: "Poll" },
  ];
  return (
    <section className="feed-card composer" data-testid="composer" aria-label="Share with your team">
      <div className="composer-tabs" role="tablist" aria-label="What to share">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`composer-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`composer-panel-${t.id}`}
            className={`composer-tab${tab === t.id ? " composer-tab-active" : ""}`}
            data-testid={`composer-tab-${t.id}`}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tabs.map((t) => (
        <div
          key={t.id}
          role="tabpanel"
          id={`composer-panel-${t.id}`}
          aria-labelledby={`composer-tab-${t.id}`}
          hidden={tab !== t.id}
        >
          {t.id === "post" ? <PostComposer /> : <PollComposer />}
        </div>
      ))}
    </section>
  );
}
