/** HTTP calls of the feed domain (posts, polls, votes). */
import { backendFetch, isApiError } from "@/lib/BackendContext";
import type { FeedItem, FeedPage, Poll, PollCreate, PollResults, Post, PostCreate, VoteRequest } from "@/lib/types";

export const FEED_PAGE_SIZE = 20;

export function fetchFeedPage(cursor: string | null, signal?: AbortSignal): Promise<FeedPage> {
  const params = new URLSearchParams({ limit: String(FEED_PAGE_SIZE) });
  if (cursor) params.set("cursor", cursor);
  return backendFetch<FeedPage>(`/api/feed?${params.toString()}`, { signal });
}

export function fetchPoll(pollId: string): Promise<Poll> {
  return backendFetch<Poll>(`/api/polls/${encodeURIComponent(pollId)}`);
}

export function createPost(body: PostCreate): Promise<Post> {
  return backendFetch<Post>("/api/posts", { method: "POST", json: body });
}

export function createPoll(body: PollCreate): Promise<Poll> {
  return backendFetch<Poll>("/api/polls", { method: "POST", json: body });
}

export function deleteItem(id: string, type: FeedItem["type"]): Promise<void> {
  const base = type === "post" ? "/api/posts" : "/api/polls";
  return backendFetch<void>(`${base}/${encodeURIComponent(id)}`, { method: "DELETE" });
}

export function closePoll(pollId: string): Promise<Poll> {
  return backendFetch<Poll>(`/api/polls/${encodeURIComponent(pollId)}/close`, { method: "POST" });
}

/** A fresh `Idempotency-Key` (one per user action). */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === "function") return c.randomUUID();
  // randomUUID needs a secure context; build a v4 UUID by hand elsewhere.
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const retryable = (err: unknown) => isApiError(err) && (err.status === 0 || err.status >= 500);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Set this user's ballot on a poll to exactly `optionIds` ([] = retract). Network/5xx failures are
 * retried with the same Idempotency-Key, so a retry can never count twice.
 */
export async function sendBallot(pollId: string, optionIds: string[], key: string): Promise<PollResults> {
  const headers = { "Idempotency-Key": key };
  const once = () =>
    optionIds.length === 0
      ? backendFetch<PollResults>(`/api/vote/${encodeURIComponent(pollId)}`, { method: "DELETE", headers })
      : backendFetch<PollResults>("/api/vote/submit", {
          method: "POST",
          headers,
          json: { poll_id: pollId, option_ids: optionIds } satisfies VoteRequest,
        });
  for (let attempt = 0; ; attempt++) {
    try {
      return await once();
    } catch (err) {
      if (attempt >= 2 || !retryable(err)) throw err;
      await sleep(400 * 2 ** attempt);
    }
  }
}
