/**
 * Pure updates of the feed's infinite-query cache and of poll results.
 * Every function returns the input unchanged (same reference) when nothing changes.
 */
import type { InfiniteData } from "@tanstack/react-query";

import type { FeedItem, FeedPage, OptionVotes, Poll } from "@/lib/types";

/** Cursor of a feed page: null for the newest page. */
export type FeedCursor = string | null;
export type FeedData = InfiniteData<FeedPage, FeedCursor>;

/** Absolute server state of a poll's results at `version`. */
export interface PollSnapshot {
  version: number;
  voters: number;
  options: OptionVotes[] | null;
  closed: boolean;
}

/** Where an item sat in the pages (to put it back after a failed delete). */
export interface ItemPosition {
  page: number;
  index: number;
  item: FeedItem;
}

const sameItem = (a: FeedItem, id: string, type?: FeedItem["type"]) => a.id === id && (!type || a.type === type);

/** All loaded items, newest first, without duplicates. */
export function feedItems(data: FeedData | undefined): FeedItem[] {
  if (!data) return [];
  const seen = new Set<string>();
  const out: FeedItem[] = [];
  for (const page of data.pages) {
    for (const item of page.items) {
      const key = `${item.type}:${item.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(item);
    }
  }
  return out;
}

export function findItem(data: FeedData | undefined, id: string, type?: FeedItem["type"]): ItemPosition | null {
  if (!data) return null;
  for (const [p, page] of data.pages.entries()) {
    const index = page.items.findIndex((i) => sameItem(i, id, type));
    const item = page.items[index];
    if (item) return { page: p, index, item };
  }
  return null;
}

export function findPoll(data: FeedData | undefined, pollId: string): Poll | null {
  const found = findItem(data, pollId, "poll");
  return found && found.item.type === "poll" ? found.item : null;
}

/** Add a new item at the top, unless it is already loaded (e.g. the echo of our own post). */
export function prependItem(data: FeedData | undefined, item: FeedItem): FeedData | undefined {
  const [first, ...rest] = data?.pages ?? [];
  if (!data || !first || findItem(data, item.id, item.type)) return data;
  return { ...data, pages: [{ ...first, items: [item, ...first.items] }, ...rest] };
}

export function removeItem(data: FeedData | undefined, id: string, type?: FeedItem["type"]): FeedData | undefined {
  if (!data || !findItem(data, id, type)) return data;
  return {
    ...data,
    pages: data.pages.map((page) =>
      page.items.some((i) => sameItem(i, id, type))
        ? { ...page, items: page.items.filter((i) => !sameItem(i, id, type)) }
        : page,
    ),
  };
}

/** Put an item back where it was (undo of an optimistic delete). */
export function restoreItem(data: FeedData | undefined, pos: ItemPosition): FeedData | undefined {
  if (!data || findItem(data, pos.item.id, pos.item.type)) return data;
  const pageIndex = Math.min(pos.page, data.pages.length - 1);
  if (pageIndex < 0) return data;
  return {
    ...data,
    pages: data.pages.map((page, p) => {
      if (p !== pageIndex) return page;
      const items = page.items.slice();
      items.splice(Math.min(pos.index, items.length), 0, pos.item);
      return { ...page, items };
    }),
  };
}

export function updatePoll(
  data: FeedData | undefined,
  pollId: string,
  update: (poll: Poll) => Poll,
): FeedData | undefined {
  if (!data || !findPoll(data, pollId)) return data;
  let changed = false;
  const pages = data.pages.map((page) => {
    let pageChanged = false;
    const items = page.items.map((item) => {
      if (item.type !== "poll" || item.id !== pollId) return item;
      const next = update(item);
      if (next !== item) pageChanged = true;
      return next;
    });
    if (!pageChanged) return page;
    changed = true;
    return { ...page, items };
  });
  return changed ? { ...data, pages } : data;
}

// ---------------------------------------------------------------------------
// Poll results
// ---------------------------------------------------------------------------

export function snapshotOf(poll: Poll): PollSnapshot {
  const hidden = poll.options.some((o) => o.votes === null);
  return {
    version: poll.version,
    voters: poll.voters,
    closed: poll.closed,
    options: hidden ? null : poll.options.map((o) => ({ id: o.id, votes: o.votes ?? 0 })),
  };
}

/** The poll with absolute results `r` (null options = hidden) and the given ballot. */
export function withResults(poll: Poll, r: PollSnapshot, myVote: string[]): Poll {
  const counts = r.options ? new Map(r.options.map((o) => [o.id, o.votes])) : null;
  return {
    ...poll,
    version: r.version,
    voters: r.voters,
    closed: poll.closed || r.closed,
    my_vote: myVote,
    options: poll.options.map((o) => ({ ...o, votes: counts ? (counts.get(o.id) ?? 0) : null })),
  };
}

export function sameBallot(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

/** Move this user's ballot from `from` to `to` locally: -1 on dropped options, +1 on new ones, voters +/-1. */
export function applyBallot(poll: Poll, from: readonly string[], to: readonly string[]): Poll {
  if (sameBallot(from, to) && sameBallot(poll.my_vote, to)) return poll;
  const delta = (id: string) => (to.includes(id) ? 1 : 0) - (from.includes(id) ? 1 : 0);
  const voterDelta = (to.length > 0 ? 1 : 0) - (from.length > 0 ? 1 : 0);
  // Retracting from an "after voting" poll hides its results again.
  const hide = to.length === 0 && poll.results_visibility === "after_vote" && !poll.closed;
  return {
    ...poll,
    my_vote: [...to],
    voters: Math.max(0, poll.voters + voterDelta),
    options: poll.options.map((o) => ({
      ...o,
      votes: hide || o.votes === null ? null : Math.max(0, o.votes + delta(o.id)),
    })),
  };
}

/** Results of a poll as shown: absolute `snapshot` with the pending ballot change `base -> target` on top. */
export function deriveShown(poll: Poll, snapshot: PollSnapshot, base: string[], target: string[]): Poll {
  return applyBallot(withResults(poll, snapshot, base), base, target);
}

/** Whether `poll` (as shown) lets this user see results. */
export function canSeeResults(poll: Poll, now = Date.now()): boolean {
  if (poll.results_visibility === "always" || isClosed(poll, now)) return true;
  return poll.results_visibility === "after_vote" && poll.my_vote.length > 0;
}

export function isClosed(poll: Poll, now = Date.now()): boolean {
  return poll.closed || (poll.closes_at !== null && Date.parse(poll.closes_at) <= now);
}
