import { describe, expect, it } from "vitest";

import { pollsToFollow } from "@/lib/feed/pollsInView";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`); // newest first

describe("pollsToFollow", () => {
  it("follows the newest polls while none is in view", () => {
    expect(pollsToFollow(ids(50), [], [], 40)).toEqual(ids(40));
  });

  it("keeps what it follows while that covers every poll in view (no stream reopen)", () => {
    const previous = ids(40);
    expect(pollsToFollow(ids(50), ["p3", "p39"], previous, 40)).toBe(previous);
  });

  it("moves to a window around the polls in view when one falls outside", () => {
    const followed = pollsToFollow(ids(100), ["p70", "p71"], ids(40), 40);
    expect(followed).toHaveLength(40);
    expect(followed).toContain("p70");
    expect(followed).toContain("p71");
    expect(followed[0]).toBe("p51"); // centred: 19 before, 19 after
  });

  it("clamps the window at the end of the feed", () => {
    expect(pollsToFollow(ids(45), ["p44"], ids(40), 40)).toEqual(ids(45).slice(5));
  });

  it("grows with the feed while it is shorter than the window, and drops deleted polls", () => {
    expect(pollsToFollow(ids(25), [], ids(20), 40)).toEqual(ids(25));
    const withoutP3 = ids(41).filter((id) => id !== "p3");
    expect(pollsToFollow(withoutP3, [], ids(40), 40)).toEqual(withoutP3.slice(0, 40));
  });
});
