"use client";

import { useInfiniteQuery, useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef } from "react";

import { toast, useSSE, useSSEStatus, type ApiError } from "@/lib/BackendContext";
import * as api from "@/lib/feed/api";
import * as ballots from "@/lib/feed/ballots";
import {
  feedItems,
  findItem,
  findPoll,
  prependItem,
  removeItem,
  restoreItem,
  sameBallot,
  updatePoll,
  type FeedCursor,
  type FeedData,
  type ItemPosition,
} from "@/lib/feed/cache";
import { pollsToFollow, usePollsInView } from "@/lib/feed/pollsInView";
import { applyLive } from "@/lib/liveAfterFetch";
import type { FeedItem, FeedPage, Poll, PollCreate, PollResults, Post, PostCreate } from "@/lib/types";

/** SSE topic of the feed; each poll has `poll:{id}`. */
export const FEED_TOPIC = "feed";
/** Polls followed live (those in view, and around them); the server allows 50 topics per stream. */
export const MAX_LIVE_POLLS = 40;

/** Query keys of the feed domain. */
export const feedKeys = {
  all: ["feed"] as const,
  list: () => [...feedKeys.all, "list"] as const,
  poll: (id: string) => [...feedKeys.all, "poll", id] as const,
  mutation: (name: string) => [...feedKeys.all, "mutation", name] as const,
};

export const pollTopic = (pollId: string) => `poll:${pollId}`;

// ---------------------------------------------------------------------------
// Cache access
// ---------------------------------------------------------------------------

function setFeed(qc: QueryClient, update: (data: FeedData | undefined) => FeedData | undefined): void {
  qc.setQueryData<FeedData>(feedKeys.list(), update);
}

function setPoll(qc: QueryClient, pollId: string, update: (poll: Poll) => Poll): void {
  setFeed(qc, (data) => updatePoll(data, pollId, update));
}

function getPoll(qc: QueryClient, pollId: string): Poll | null {
  return findPoll(qc.getQueryData<FeedData>(feedKeys.list()), pollId);
}

/** Load one poll from the server into the feed (keeping a pending ballot on top). */
export async function refreshPoll(qc: QueryClient, pollId: string): Promise<void> {
  const fresh = await qc.fetchQuery({ queryKey: feedKeys.poll(pollId), queryFn: () => api.fetchPoll(pollId), staleTime: 0 });
  setPoll(qc, pollId, (current) => ballots.mergeServerPoll(fresh, current));
}

const refreshTimers = new Map<string, ReturnType<typeof setTimeout>>();

/**
 * `refreshPoll` within `delayMs`, at most once per `delayMs` per poll: a burst of hidden-count
 * events loads the poll once, and steady voting still refreshes it (a debounce never would).
 */
export function refreshPollSoon(qc: QueryClient, pollId: string, delayMs = 300): void {
  if (refreshTimers.has(pollId)) return; // the scheduled load will see this event's counts
  refreshTimers.set(
    pollId,
    setTimeout(() => {
      refreshTimers.delete(pollId);
      refreshPoll(qc, pollId).catch(() => undefined); // a resync/refetch covers failures
    }, delayMs),
  );
}

// ---------------------------------------------------------------------------
// Queries + live updates
// ---------------------------------------------------------------------------

async function fetchPage(cursor: FeedCursor, signal: AbortSignal): Promise<FeedPage> {
  const page = await api.fetchFeedPage(cursor, signal);
  // A refetch while a vote is in flight must not undo the optimistic ballot.
  const items = page.items.map((item) => (item.type === "poll" ? ballots.mergeServerPoll(item) : item));
  return { ...page, items };
}

/** The feed, newest first, 20 items per page (`fetchNextPage` for older ones). */
export function useFeed() {
  const query = useInfiniteQuery<FeedPage, ApiError, FeedData, ReturnType<typeof feedKeys.list>, FeedCursor>({
    queryKey: feedKeys.list(),
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const items = useMemo(() => feedItems(query.data), [query.data]);
  return { ...query, items };
}

/**
 * Follow `feed` and the polls of `items` in view (and around them) on the tab's event stream,
 * updating the cache. A poll that becomes followed is caught up by the stream's `ready`, which
 * refetches the feed for topics it did not stream before.
 */
export function useFeedLive(items: readonly FeedItem[], options: { enabled?: boolean } = {}): void {
  const qc = useQueryClient();
  const enabled = options.enabled ?? true;
  const allPollIds = useMemo(() => items.filter((i) => i.type === "poll").map((p) => p.id), [items]);
  const inView = usePollsInView();
  const followed = useRef<readonly string[]>([]);
  followed.current = pollsToFollow(allPollIds, inView, followed.current, MAX_LIVE_POLLS);
  const topics = enabled ? [FEED_TOPIC, ...followed.current.map(pollTopic)] : [];

  const onResults = (ev: PollResults) => {
    const current = getPoll(qc, ev.poll_id);
    if (!current) return;
    const { poll, refetch } = ballots.applyResultsEvent(current, ev);
    if (poll !== current) setPoll(qc, ev.poll_id, () => poll);
    if (refetch) refreshPollSoon(qc, ev.poll_id);
  };

  // Each handler is idempotent: it may run again when a feed fetch that was in flight lands.
  const live = (apply: () => void) => applyLive(qc, feedKeys.list(), apply);

  useSSE(
    topics,
    {
      item_created: ({ item }) => live(() => setFeed(qc, (data) => prependItem(data, item))),
      item_deleted: ({ id, type }) => {
        if (type === "poll") ballots.forgetPoll(id);
        live(() => setFeed(qc, (data) => removeItem(data, id, type)));
      },
      poll_counts: (ev) => live(() => onResults(ev)),
      poll_closed: (ev) => live(() => onResults(ev)),
      poll_deleted: ({ poll_id }) => {
        ballots.forgetPoll(poll_id);
        live(() => setFeed(qc, (data) => removeItem(data, poll_id, "poll")));
      },
    },
    { resyncKeys: [feedKeys.all] },
  );

  // A stream that can't reconnect may name a poll deleted meanwhile: reload the feed's topics.
  const status = useSSEStatus();
  useEffect(() => {
    if (enabled && status === "reconnecting") void qc.invalidateQueries({ queryKey: feedKeys.list() });
  }, [enabled, status, qc]);
}

// ---------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------

export function useCreatePost() {
  const qc = useQueryClient();
  return useMutation<Post, ApiError, PostCreate>({
    mutationKey: feedKeys.mutation("create-post"),
    mutationFn: api.createPost,
    onSuccess: (post) => setFeed(qc, (data) => prependItem(data, post)),
  });
}

export function useCreatePoll() {
  const qc = useQueryClient();
  return useMutation<Poll, ApiError, PollCreate>({
    mutationKey: feedKeys.mutation("create-poll"),
    mutationFn: api.createPoll,
    onSuccess: (poll) => setFeed(qc, (data) => prependItem(data, poll)),
  });
}

/** Delete your own post or poll; it disappears at once and comes back if the server refuses. */
export function useDeleteItem() {
  const qc = useQueryClient();
  return useMutation<void, ApiError, { id: string; type: FeedItem["type"] }, { removed: ItemPosition | null }>({
    mutationKey: feedKeys.mutation("delete"),
    mutationFn: ({ id, type }) => api.deleteItem(id, type),
    onMutate: async ({ id, type }) => {
      await qc.cancelQueries({ queryKey: feedKeys.list() });
      const removed = findItem(qc.getQueryData<FeedData>(feedKeys.list()), id, type);
      setFeed(qc, (data) => removeItem(data, id, type));
      return { removed };
    },
    onSuccess: (_r, { id, type }) => {
      if (type === "poll") ballots.forgetPoll(id);
    },
    onError: (err, { type }, ctx) => {
      // 404: already gone (deleted elsewhere) — nothing to undo.
      if (ctx?.removed && err.status !== 404) {
        const removed = ctx.removed;
        setFeed(qc, (data) => restoreItem(data, removed));
      }
      if (err.status !== 404) toast.error(`Couldn't delete the ${type}`, { description: err.detail });
    },
  });
}

export function useClosePoll() {
  const qc = useQueryClient();
  return useMutation<Poll, ApiError, string>({
    mutationKey: feedKeys.mutation("close-poll"),
    mutationFn: api.closePoll,
    onSuccess: (poll) => setPoll(qc, poll.id, (current) => ballots.mergeServerPoll(poll, current)),
    onError: (err) => toast.error("Couldn't close the poll", { description: err.detail }),
  });
}

export interface BallotInput {
  pollId: string;
  /** The complete new ballot ([] = retract). */
  optionIds: string[];
}

function useBallot(name: string) {
  const qc = useQueryClient();
  return useMutation<PollResults, ApiError, BallotInput>({
    mutationKey: feedKeys.mutation(name),
    onMutate: ({ pollId, optionIds }) => {
      setPoll(qc, pollId, (poll) => ballots.beginBallot(poll, optionIds));
    },
    mutationFn: ({ pollId, optionIds }) => {
      const key = api.newIdempotencyKey(); // one per user action, reused by retries
      return ballots.enqueueBallot(pollId, () => api.sendBallot(pollId, optionIds, key));
    },
    onSuccess: (results, { pollId }) => setPoll(qc, pollId, (poll) => ballots.settleBallot(poll, results)),
    onError: (err, { pollId }) => {
      setPoll(qc, pollId, ballots.failBallot);
      toast.error(err.detail);
      if (err.status === 404) setFeed(qc, (data) => removeItem(data, pollId, "poll")); // deleted meanwhile
      else if (err.status === 409 || err.status === 422) refreshPollSoon(qc, pollId, 0); // closed or changed
    },
  });
}

/**
 * Vote / change your vote: `mutate({ pollId, optionIds })` with the full new ballot
 * (single choice: `[id]`). Applied optimistically; rolled back with a toast if refused.
 */
export function useVote() {
  return useBallot("vote");
}

/** Retract your vote: `mutate(pollId)` (optimistic, like `useVote`). */
export function useRetractVote() {
  const mutation = useBallot("retract");
  const { mutate } = mutation;
  return { ...mutation, mutate: (pollId: string) => mutate({ pollId, optionIds: [] }) };
}

/** Whether `next` would change the poll's shown ballot (skip no-op clicks). */
export function ballotChanges(poll: Poll, next: string[]): boolean {
  return !sameBallot(poll.my_vote, next);
}
