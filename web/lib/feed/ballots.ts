/**
 * This tab's in-flight ballot changes, per poll (module-level: one QueryClient per tab).
 *
 * While a vote is in flight the feed cache shows `drawn` (absolute server results that do not
 * include the pending change) with the change `base -> target` applied on top. A live event that
 * arrives meanwhile may already count the pending ballot (its echo can beat the HTTP answer), so
 * applying the change on top of it could count the vote twice: such events are kept in `newest`
 * and drawn once the last request settles. Each answer's results hold exactly the ballots
 * confirmed so far (requests of one poll are sent one after another), so they are safe to draw.
 */
import { deriveShown, snapshotOf, withResults, type PollSnapshot } from "@/lib/feed/cache";
import type { Poll, PollResults } from "@/lib/types";

interface PendingBallot {
  /** The ballot the server has confirmed. */
  base: string[];
  /** The ballot the user asked for last. */
  target: string[];
  inflight: number;
  /** Results shown under the pending change: they count `base` and nothing in flight. */
  drawn: PollSnapshot;
  /** The newest results known (may or may not count what is in flight). */
  newest: PollSnapshot;
}

const pending = new Map<string, PendingBallot>();
const chains = new Map<string, Promise<unknown>>();

function toSnapshot(r: PollResults): PollSnapshot {
  return { version: r.version, voters: r.voters, options: r.options, closed: r.closed };
}

function shown(poll: Poll, entry: PendingBallot): Poll {
  return deriveShown(poll, entry.drawn, entry.base, entry.target);
}

function newer(a: PollSnapshot, b: PollSnapshot): PollSnapshot {
  return a.version > b.version || (a.closed && !b.closed) ? a : b;
}

/** The last request settled: show the newest results with the confirmed ballot. */
function finish(poll: Poll, entry: PendingBallot): Poll {
  pending.delete(poll.id);
  entry.target = entry.base;
  entry.drawn = entry.newest;
  return shown(poll, entry);
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
    const snapshot = snapshotOf(poll);
    entry = { base: poll.my_vote, target, inflight: 0, drawn: snapshot, newest: snapshot };
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
  const answer = toSnapshot(r);
  // Results newer than `r` (live events) already include this ballot.
  entry.newest = newer(answer, entry.newest);
  if (entry.inflight <= 0) return finish(poll, entry);
  entry.drawn = answer;
  return shown(poll, entry);
}

/** The server refused a ballot change: fall back to the confirmed ballot on the newest results. */
export function failBallot(poll: Poll): Poll {
  const entry = pending.get(poll.id);
  if (!entry) return poll;
  entry.inflight -= 1;
  if (entry.inflight <= 0) return finish(poll, entry);
  return shown(poll, entry);
}

/**
 * A live `poll_counts`/`poll_closed` event. Events not newer than what is known are ignored.
 * `refetch` = the event hides results this user may see (after voting): load the poll instead.
 */
export function applyResultsEvent(poll: Poll, ev: PollResults): { poll: Poll; refetch: boolean } {
  const entry = pending.get(poll.id);
  const knownVersion = entry ? entry.newest.version : poll.version;
  if (ev.version <= knownVersion) return { poll, refetch: false };
  const voted = entry ? entry.base.length > 0 || entry.target.length > 0 : poll.my_vote.length > 0;
  if (ev.options === null && !ev.closed && poll.results_visibility === "after_vote" && voted) {
    // While a vote is in flight its answer brings the results; otherwise ask for them.
    return { poll, refetch: !entry };
  }
  if (entry) {
    // Drawn when the last request settles (it may count the ballot in flight).
    entry.newest = toSnapshot(ev);
    return { poll, refetch: false };
  }
  // Broadcasts always carry `my_vote: []`: keep ours.
  return { poll: withResults(poll, toSnapshot(ev), poll.my_vote), refetch: false };
}

/** A poll loaded from the server (GET, close, feed refetch), with any pending ballot kept on top. */
export function mergeServerPoll(fresh: Poll, current?: Poll | null): Poll {
  const entry = pending.get(fresh.id);
  if (entry) {
    entry.newest = newer(snapshotOf(fresh), entry.newest);
    return shown(fresh, entry);
  }
  return !current || fresh.version >= current.version ? fresh : current;
}

/** Forget a deleted poll. */
export function forgetPoll(pollId: string): void {
  pending.delete(pollId);
}
