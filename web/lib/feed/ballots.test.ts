import { describe, expect, it } from "vitest";

import { applyResultsEvent, beginBallot, failBallot, settleBallot } from "@/lib/feed/ballots";
import type { Poll, PollResults } from "@/lib/types";

let nextId = 1;

function poll(): Poll {
  const id = String(nextId++);
  return {
    id,
    type: "poll",
    author: { id: "u0", username: "author", display_name: "Author", color: "#123456", created_at: "2026-01-01T00:00:00Z" },
    question: "Lunch?",
    options: [
      { id: `${id}-0`, text: "Pizza", votes: 0 },
      { id: `${id}-1`, text: "Sushi", votes: 0 },
    ],
    voters: 0,
    multiple: false,
    closes_at: null,
    closed: false,
    results_visibility: "always",
    my_vote: [],
    version: 0,
    created_at: "2026-01-01T00:00:00Z",
  };
}

function results(p: Poll, version: number, votes: number[], myVote: string[] = []): PollResults {
  return {
    poll_id: p.id,
    options: p.options.map((o, i) => ({ id: o.id, votes: votes[i] ?? 0 })),
    voters: votes.reduce((a, b) => a + b, 0),
    version,
    closed: false,
    my_vote: myVote,
  } as PollResults;
}

const votesOf = (p: Poll) => p.options.map((o) => o.votes);

describe("a ballot in flight", () => {
  it("shows my vote at once", () => {
    const p = poll();
    const shown = beginBallot(p, [`${p.id}-0`]);
    expect(votesOf(shown)).toEqual([1, 0]);
    expect(shown.voters).toBe(1);
  });

  it("counts my vote once when its echo arrives before the answer", () => {
    const p = poll();
    const pizza = `${p.id}-0`;
    const optimistic = beginBallot(p, [pizza]);
    const echo = applyResultsEvent(optimistic, results(p, 1, [1, 0]));
    expect(votesOf(echo.poll)).toEqual([1, 0]);
    const settled = settleBallot(echo.poll, results(p, 1, [1, 0], [pizza]));
    expect(votesOf(settled)).toEqual([1, 0]);
    expect(settled.my_vote).toEqual([pizza]);
  });

  it("draws others' votes that arrived meanwhile once it settles", () => {
    const p = poll();
    const pizza = `${p.id}-0`;
    const optimistic = beginBallot(p, [pizza]);
    const later = applyResultsEvent(optimistic, results(p, 2, [1, 1])); // mine, then someone's sushi
    const settled = settleBallot(later.poll, results(p, 1, [1, 0], [pizza]));
    expect(votesOf(settled)).toEqual([1, 1]);
    expect(settled.version).toBe(2);
  });

  it("falls back to the newest results without my vote when refused", () => {
    const p = poll();
    const optimistic = beginBallot(p, [`${p.id}-0`]);
    const other = applyResultsEvent(optimistic, results(p, 1, [0, 1]));
    const refused = failBallot(other.poll);
    expect(votesOf(refused)).toEqual([0, 1]);
    expect(refused.my_vote).toEqual([]);
  });

  it("ignores events older than what it shows", () => {
    const p = { ...poll(), version: 5 };
    expect(applyResultsEvent(p, results(p, 4, [9, 9])).poll).toBe(p);
  });
});
