/**
 * This tab's in-flight ballot changes, per poll (module-level: one QueryClient per tab).
 *
 * While a vote is in flight the feed cache shows `snapshot` (the newest absolute server results
 * known) with the pending change `base -> target` applied on top. Live counts from other users
 * replace `snapshot` and the change is re-applied, so the bar never jumps back; the server's answer
 * then confirms `base`. Requests of one poll are sent one after another, so the last click wins.
 */
import { deriveShown, snapshotOf, withResults, type PollSnapshot } from "@/lib/feed/cache";
import type { Poll, PollResults } from "@/lib/types";

interface PendingBallot {
  /** The ballot the server has confirmed. */
  base: string[];
  /** The ballot the user asked for last. */
  target: string[];
  inflight: number;
  snapshot: PollSnapshot;
}

const pending = new Map<string, PendingBallot>();
const chains = new Map<string, Promise<unknown>>();

function toSnapshot(r: PollResults): PollSnapshot {
  return { version: r.version, voters: r.voters, options: r.options, closed: r.closed };
}

function shown(poll: Poll, entry: PendingBallot): Poll {
  return deriveShown(poll, entry.snapshot, entry.base, entry.target);
}

export function hasPendingBallot(pollId: string): boolean {
  return pending.has(pollId);
}

/** Run `send` after the poll's earlier ballot requests have finished. */
export function enqueueBallot<T>(pollId: string, send: () => Promise<T>): Promise<T> {
  const previous = chains.get(pollId) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(send);
  chains.set(pollId, next);
  next
    .catch(() => undefined)
    .finally(() => {
      if (chains.get(pollId) === next) chains.delete(pollId);
    });
  return next;
}

/** Optimistic start of a ballot change: the poll as it should be shown now. */
export function beginBallot(poll: Poll, target: string[]): Poll {
  let entry = pending.get(poll.id);
  if (!entry) {
    entry = { base: poll.my_vote, target, inflight: 0, snapshot: snapshotOf(poll) };
    pending.set(poll.id, entry);
  }
  entry.target = [...target];
  entry.inflight += 1;
  return shown(poll, entry);
}

/** The server accepted a ballot change with absolute results `r`. */
export function settleBallot(poll: Poll, r: PollResults): Poll {
  const entry = pending.get(poll.id);
  if (!entry) return r.version >= poll.version ? withResults(poll, toSnapshot(r), r.my_vote) : poll;
  entry.inflight -= 1;
  entry.base = r.my_vote;
  // Results newer than `r` (live events) already include this ballot.
  if (r.version >= entry.snapshot.version) entry.snapshot = toSnapshot(r);
  if (entry.inflight <= 0) {
    pending.delete(poll.id);
    entry.target = entry.base;
  }
  return shown(poll, entry);
}

/** The server refused a ballot change: fall back to the confirmed ballot on the newest results. */
export function failBallot(poll: Poll): Poll {
  const entry = pending.get(poll.id);
  if (!entry) return poll;
  entry.inflight -= 1;
  if (entry.inflight <= 0) {
    pending.delete(poll.id);
    entry.target = entry.base;
  }
  return shown(poll, entry);
}

/**
 * A live `poll_counts`/`poll_closed` event. Events not newer than what is shown are ignored.
 * `refetch` = the event hides results this user may see (after voting): load the poll instead.
 */
export function applyResultsEvent(poll: Poll, ev: PollResults): { poll: Poll; refetch: boolean } {
  const entry = pending.get(poll.id);
  const shownVersion = entry ? entry.snapshot.version : poll.version;
  if (ev.version <= shownVersion) return { poll, refetch: false };
  const voted = entry ? entry.base.length > 0 || entry.target.length > 0 : poll.my_vote.length > 0;
  if (ev.options === null && !ev.closed && poll.results_visibility === "after_vote" && voted) {
    // While a vote is in flight its answer brings the results; otherwise ask for them.
    return { poll, refetch: !entry };
  }
  if (entry) {
    entry.snapshot = toSnapshot(ev);
    return { poll: shown(poll, entry), refetch: false };
  }
  // Broadcasts always carry `my_vote: []`: keep ours.
  return { poll: withResults(poll, toSnapshot(ev), poll.my_vote), refetch: false };
}

/** A poll loaded from the server (GET, close, feed refetch), with any pending ballot kept on top. */
export function mergeServerPoll(fresh: Poll, current?: Poll | null): Poll {
  const entry = pending.get(fresh.id);
  if (entry) {
    if (fresh.version > entry.snapshot.version || (fresh.closed && !entry.snapshot.closed)) {
      entry.snapshot = snapshotOf(fresh);
    }
    return shown(fresh, entry);
  }
  return !current || fresh.version >= current.version ? fresh : current;
}

/** Forget a deleted poll. */
export function forgetPoll(pollId: string): void {
  pending.delete(pollId);
}
